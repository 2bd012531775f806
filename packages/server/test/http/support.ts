import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROBLEM_CONTENT_TYPE, type Problem, ProblemSchema } from '@detour/sdk/contract';
import { expect } from 'vitest';
import type * as z from 'zod';
import { importFile } from '../../src/catalogue/import.js';
import { DEMO_SOURCES } from '../../src/demo/notice.js';
import { createLogger } from '../../src/http/log.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';

/** The real DATAtourisme export (Centre-Val de Loire, September 2020), shared beside the repository. */
export const DATATOURISME = fileURLToPath(
  new URL('../../../../../shared/data/datatourisme-centre-val-de-loire-events-2020.jsonld', import.meta.url),
);

/** The servers' clock: a Tuesday morning in the middle of the export's season (its dates are real, 2020). */
export const NOW = '2020-09-15T08:00:00.000Z';

/** Tours, where most of the catalogue is. */
export const TOURS = { lat: 47.39, lon: 0.69 };

export interface TestServer {
  server: RunningServer;
  url: string;
  /** Partner API keys: `a` may write source 'partner-a', `b` source 'partner-b'. */
  keys: { a: string; b: string };
  /** JSON log lines the server wrote. */
  logs: string[];
  /** The server's data folder (its SQLite database). */
  dir: string;
  stop(): Promise<void>;
}

/**
 * A real server on a free port over a fresh data folder holding the real DATAtourisme catalogue
 * (imported once per test file), with two partner API keys and a fixed clock.
 */
export async function startCatalogueServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'detour-http-'));
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  await importFile(store, {
    file: DATATOURISME,
    format: 'jsonld',
    source: DEMO_SOURCES.datatourisme,
    now: NOW,
  });
  const a = await store.createApiKey('Partenaire A', ['partner-a'], NOW);
  const b = await store.createApiKey('Partenaire B', ['partner-b'], NOW);
  await store.close();
  const logs: string[] = [];
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: null },
    {
      clock: () => new Date(NOW),
      log: createLogger('debug', (line) => logs.push(line)),
      exposureEveryMs: 0,
      revisionPollMs: 0,
      ...options,
    },
  );
  return {
    server,
    url: server.url,
    keys: { a: a.secret, b: b.secret },
    logs,
    dir,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GETs a path, expects a 200 JSON answer and parses it with a contract schema (which throws on any mismatch). */
export async function getJson<S extends z.ZodType>(
  base: string,
  path: string,
  schema: S,
  init: RequestInit = {},
): Promise<{ body: z.infer<S>; res: Response }> {
  const res = await fetch(base + path, init);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { body: schema.parse(JSON.parse(text)), res };
}

/** Expects a problem+json response of a status, parsed with the contract's ProblemSchema; returns it. */
export async function expectProblem(res: Response, status: number, fieldPath?: string): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
  const problem = ProblemSchema.parse(JSON.parse(text));
  expect(problem.status).toBe(status);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  if (fieldPath !== undefined) expect(problem.errors?.map((e) => e.path)).toContain(fieldPath);
  return problem;
}

/** A query string from parameters. */
export const qs = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
