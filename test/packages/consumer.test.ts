import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Published, packWithPnpm } from './support.js';

// An app outside the workspace, as a builder starts one: the two tarballs installed with npm, with the newest
// @tanstack/query-core 5 from the registry (not the version the SDK is developed against).

let tarballs: Record<Published, string>;
let app: string;
const npm = (args: string[]) =>
  execFileSync('npm', args, { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  tarballs = packWithPnpm();
  app = mkdtempSync(join(tmpdir(), 'detour-consumer-'));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'detour-consumer', version: '1.0.0', private: true, type: 'module' }),
  );
  npm([
    'install',
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    tarballs.sdk,
    tarballs.widget,
    '@tanstack/query-core@5',
  ]);
});
afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
  if (tarballs) rmSync(dirname(tarballs.sdk), { recursive: true, force: true });
});

/** Type-checks files of the app with the workspace's TypeScript, under Node's own module resolution. */
function typeCheck(files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((f) => join(app, f)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('an app outside the workspace, installed with npm', () => {
  it('has one copy of @tanstack/query-core, the newest 5', () => {
    const tree = JSON.parse(npm(['ls', '--all', '--json', '@tanstack/query-core']));
    const versions = new Set<string>();
    const walk = (deps: Record<string, { version: string; dependencies?: object }> = {}) => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name === '@tanstack/query-core') versions.add(dep.version);
        walk(dep.dependencies as never);
      }
    };
    walk(tree.dependencies);
    const newest = execFileSync('npm', ['view', '@tanstack/query-core@5', 'version', '--json'], {
      encoding: 'utf8',
    });
    const all = ([JSON.parse(newest)].flat() as string[]).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
    const rank = (v: string) => v.split('.').reduce((n, part) => n * 10_000 + Number(part), 0);
    all.sort((a, b) => rank(a) - rank(b));
    expect([...versions]).toEqual([all.at(-1)]);
  });

  it('type-checks fetchQuery with the options of createDetourQueries', () => {
    const errors = typeCheck({
      'app.ts': [
        "import { QueryClient } from '@tanstack/query-core';",
        "import { createClient, type RecommendationResponse, type ShowDetail } from '@detour/sdk';",
        "import { createDetourQueries } from '@detour/sdk/query';",
        "import type { DetourRecommendations } from '@detour/widget';",
        '',
        'const qc = new QueryClient();',
        "const queries = createDetourQueries(createClient({ baseUrl: 'http://127.0.0.1:8787' }));",
        'export const show = (id: string): Promise<ShowDetail> => qc.fetchQuery(queries.show(id));',
        'export const around = (): Promise<RecommendationResponse> =>',
        '  qc.fetchQuery(queries.recommendations({ lat: 47.39, lon: 0.69, k: 4 }));',
        'export type Element = DetourRecommendations;',
        '',
      ].join('\n'),
    });
    expect(errors).toEqual([]);
  });

  it('refuses at compile time what the SDK root does not export at run time (the schemas live in /contract)', () => {
    const errors = typeCheck({
      'schemas.ts': [
        "import { ProblemSchema } from '@detour/sdk';",
        "import { ProblemSchema as Contract } from '@detour/sdk/contract';",
        'export const a = ProblemSchema;',
        'export const b = Contract;',
        '',
      ].join('\n'),
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/schemas\.ts: TS1362 'ProblemSchema' cannot be used as a value/);
  });

  it('imports at run time every value the SDK root types declare, with import and with require', () => {
    const names = declaredValues('@detour/sdk');
    expect(names.length).toBeGreaterThan(20);
    expect(names).toContain('createClient');
    const probe = [
      "import * as sdk from '@detour/sdk';",
      "import { createRequire } from 'node:module';",
      "const required = createRequire(import.meta.url)('@detour/sdk');",
      `const names = ${JSON.stringify(names)};`,
      'const missing = names.filter((n) => sdk[n] === undefined || required[n] !== sdk[n]);',
      'console.log(JSON.stringify(missing));',
    ].join('\n');
    writeFileSync(join(app, 'probe.mjs'), probe);
    const out = execFileSync(process.execPath, ['probe.mjs'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });
});

/**
 * The names a module's types declare as values: each exported name is used as a value in a probe file, and
 * the names TypeScript accepts are values (a type-only export or a type gives an error on its line).
 */
function declaredValues(specifier: string): string[] {
  const file = join(app, 'exports.ts');
  writeFileSync(file, `import * as m from '${specifier}';\nexport type M = typeof m;\n`);
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    noEmit: true,
    skipLibCheck: true,
  };
  const program = ts.createProgram([file], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const specifierNode = (source.statements[0] as ts.ImportDeclaration).moduleSpecifier;
  const moduleSymbol = checker.getSymbolAtLocation(specifierNode);
  if (!moduleSymbol) throw new Error(`${specifier} does not resolve`);
  const all = checker.getExportsOfModule(moduleSymbol).map((s) => s.getName());
  const lines = all.map((n) => `m.${n};`);
  const probe = join(app, 'values.ts');
  writeFileSync(probe, `import * as m from '${specifier}';\n${lines.join('\n')}\n`);
  const probing = ts.createProgram([probe], options);
  const bad = new Set<number>();
  for (const d of probing.getSemanticDiagnostics(probing.getSourceFile(probe))) {
    if (d.file && d.start !== undefined) bad.add(d.file.getLineAndCharacterOfPosition(d.start).line);
  }
  return all.filter((_, i) => !bad.has(i + 1));
}
