import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'contract/index': 'src/contract/index.ts',
    validate: 'src/validate.ts',
    query: 'src/query.ts',
    mocks: 'src/mocks/index.ts',
  },
  format: ['esm'],
  // Declarations come from tsc (tsconfig.build.json): tsup's bundled d.ts turns `export type *` into value exports.
  dts: false,
  clean: true,
  sourcemap: true,
  // Shared code lands in chunks, so `validate: true` in the core loads the schemas as a lazy chunk.
  splitting: true,
  target: 'es2022',
  external: ['zod', '@tanstack/query-core', 'msw'],
});
