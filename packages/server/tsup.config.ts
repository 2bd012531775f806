import { defineConfig } from 'tsup';

// Dependencies (package.json) stay external: tsup leaves them to node_modules at run time.
const shared = {
  format: ['esm'] as const,
  platform: 'node' as const,
  target: 'node20',
  sourcemap: true,
};

export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' }, dts: true, clean: true },
  // The CLI runs as an executable (`bin.detour`): it gets a shebang. The parse worker of importFiles is loaded
  // by path beside the bundle that starts it (dist/parse-worker.js; a shebang line is harmless there).
  {
    ...shared,
    entry: { cli: 'src/cli.ts', 'parse-worker': 'src/catalogue/parse-worker.ts' },
    dts: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
