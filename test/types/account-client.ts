/**
 * The package's public surface as the type-level fixtures import it (`harness-graphql-sdk` maps here):
 * exactly what `src/index.ts` exports, so the fixtures check the real client.
 */
export * from '../../src/index.js';
