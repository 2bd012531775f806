import { defineConfig, type Options } from 'tsup';

// Both builds bundle the SDK from its source (the `@detour/source` condition), so the widget never
// depends on the SDK having been built first; only zod-free modules of the SDK are reachable.
const conditions = ['@detour/source', 'browser', 'import', 'default'];

const configs = [
  {
    // For bundlers: ESM, the SDK left as a dependency; `render` is the DOM-free views for servers.
    entry: { index: 'src/index.ts', render: 'src/render.ts' },
    format: ['esm'],
    dts: true,
    // Both builds run at once: each cleans the folder except the other's files (tsup adds these globs to **/*).
    clean: ['!detour-widget.*'],
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    esbuildOptions(options) {
      options.conditions = conditions;
    },
  },
  {
    // The one-file drop-in script served by the Détour server.
    entry: { 'detour-widget': 'src/iife.ts' },
    format: ['iife'],
    outExtension: () => ({ js: '.js' }),
    noExternal: [/.*/],
    // Keeps the ESM build's files, its shared declaration chunks (`options-*.d.ts`) included.
    clean: ['!index.*', '!render.*', '!chunk-*', '!*.d.ts'],
    minify: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    esbuildOptions(options) {
      options.conditions = conditions;
      options.legalComments = 'none';
    },
  },
] satisfies Options[];

// The size test rebuilds only the drop-in script (the type declarations take far longer to build).
export default defineConfig(process.env.DETOUR_WIDGET_IIFE_ONLY === '1' ? [configs[1]] : configs);
