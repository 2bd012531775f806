import { defineConfig, type Options } from 'tsup';

/**
 * The editor console's browser bundle: one minified IIFE (Preact included) and its stylesheet, in
 * dist/editor. The server serves them under digest-named URLs. Run after the main build (it cleans dist/).
 */
export const editorBuild: Options = {
  entry: { editor: 'src/editor/main.tsx' },
  outDir: 'dist/editor',
  format: ['iife'],
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  clean: true,
  dts: false,
  // Everything is bundled: the page loads nothing else.
  noExternal: [/.*/],
  outExtension: () => ({ js: '.js' }),
  esbuildOptions(options) {
    options.conditions = ['@detour/source', 'browser', 'import'];
    options.jsx = 'automatic';
    options.jsxImportSource = 'preact';
    options.legalComments = 'none';
    // esbuild 0.27 drops the lazy initialiser of the SDK's constants when it honours the SDK's
    // `sideEffects: false` through its `export type *` re-export (POLICY_RANGES came out undefined).
    options.ignoreAnnotations = true;
  },
};

export default defineConfig(editorBuild);
