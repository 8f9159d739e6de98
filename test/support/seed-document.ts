/**
 * Reads the seed document (the Harness "StartExecution API Deep Dive" page this project comes from)
 * from ../shared/seeds beside the repository, or from HARNESS_SEED_DOCUMENT, so tests can compare
 * the SDK's payloads with the document's own JSON rather than with a copy typed into the test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function seedDocumentPath(): string {
  return process.env.HARNESS_SEED_DOCUMENT
    ? resolve(process.env.HARNESS_SEED_DOCUMENT)
    : resolve(here, '../../../shared/seeds/000_3a3ee49b76bdbb22.txt');
}

export function readSeedDocument(): string {
  const path = seedDocumentPath();
  if (!existsSync(path)) {
    throw new Error(
      `The seed document was not found at ${path}. It lives in ../shared/seeds beside the repository; set HARNESS_SEED_DOCUMENT to point elsewhere.`,
    );
  }
  return readFileSync(path, 'utf8');
}

/** The `variables` of the curl example that starts the seed's workflow (the one with real ids). */
export function seedWorkflowStartVariables(): { startExecution: Record<string, unknown> } {
  const line = readSeedDocument()
    .split('\n')
    .find((l) => l.startsWith("--data '") && l.includes('"executionType":"WORKFLOW"'));
  if (!line) throw new Error('The seed document no longer has the workflow curl example');
  const json = line.slice("--data '".length, line.lastIndexOf("'"));
  return (JSON.parse(json) as { variables: { startExecution: Record<string, unknown> } }).variables;
}

/** GraphQL accepts a single object where a list is expected; the SDK always sends lists. */
export function normaliseListInputs(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const key of ['serviceInputs', 'variableInputs']) {
    const value = out[key];
    if (value !== undefined && !Array.isArray(value)) out[key] = [value];
  }
  return out;
}
