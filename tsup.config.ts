import { defineConfig } from 'tsup';

const shared = {
  target: 'node20',
  platform: 'node',
  sourcemap: false,
  splitting: false,
  treeshake: true,
} as const;

export default defineConfig([
  {
    // The library and its testing subpath: ESM and CJS, with type declarations for both.
    ...shared,
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
  },
  {
    // The harness-exec command is only ever run as a program, so one ESM build is enough.
    ...shared,
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
  },
]);
