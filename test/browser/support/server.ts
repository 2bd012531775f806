import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { widgetRoutes } from '../../../packages/server/src/http/widget/routes.js';
import {
  ROUTE_MODULES,
  type RouteModule,
  type RunningServer,
  startServer,
} from '../../../packages/server/src/index.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const WIDGET = join(REPO, 'packages', 'widget');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Builds the widget's drop-in script when it is missing or older than its sources (what the page loads). */
export async function ensureWidgetBuilt(): Promise<void> {
  const script = join(WIDGET, 'dist', 'detour-widget.js');
  if (existsSync(script) && statSync(script).mtimeMs >= (await newestMtime(join(WIDGET, 'src')))) return;
  execFileSync('npx', ['tsup'], { cwd: WIDGET, stdio: 'pipe' });
}

export interface DemoServer extends RunningServer {
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/**
 * The real server over a fresh data folder holding the demo catalogue (the real open data, dates moved
 * into the coming year), with the widget's routes and any extra test routes.
 */
export async function startDemoServer(extraRoutes: RouteModule[] = []): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'detour-browser-'));
  // Until the widget module is in ROUTE_MODULES, add it here (and never twice).
  const widget = ROUTE_MODULES.some((m) => m.name === widgetRoutes.name) ? [] : [widgetRoutes];
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' },
    { demo: true, exposureEveryMs: 0, revisionPollMs: 0, extraRoutes: [...widget, ...extraRoutes] },
  );
  return {
    ...server,
    stop: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
