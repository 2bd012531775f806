import { defineConfig } from 'tsup';

// One self-contained ES module for the browser (Preact, query-core and the SDK bundled in), loaded by
// index.html with <script type="module">: no inline script, so a strict CSP (script-src 'self') holds.
export default defineConfig({
  entry: { app: 'src/main.ts' },
  format: ['esm'],
  outDir: 'dist',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  clean: true,
  dts: false,
  // Code splitting keeps the SDK's lazy response validation (zod) out of the main chunk: it is never loaded here.
  splitting: true,
  noExternal: [/.*/],
  esbuildOptions(options) {
    options.jsx = 'automatic';
    options.jsxImportSource = 'preact';
    // The built SDK (package exports), as an app builder would get it from npm.
    options.conditions = ['browser', 'import'];
  },
});
