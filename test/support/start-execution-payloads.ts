/**
 * The `startExecution` request variables from Harness's public API guide, kept verbatim in
 * test/fixtures/start-execution-payloads.json (see the README there), so tests compare the SDK's
 * payloads with the guide's own JSON rather than with a copy typed into the test.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'start-execution-payloads.json');

/** The GraphQL `variables` of one start in the guide. */
export interface GuideStartVariables {
  startExecution: Record<string, unknown>;
}

interface GuidePayloads {
  /** The curl example that starts the `K8s Rolling Deployment` workflow (the one with real ids). */
  workflowStart: GuideStartVariables;
  /** The "Deploy Fargate Production Pipeline" request, with the guide's placeholders. */
  fargatePipelineStart: GuideStartVariables;
}

export function guideStartPayloads(): GuidePayloads {
  return JSON.parse(readFileSync(fixture, 'utf8')) as GuidePayloads;
}

/** The guide's placeholders (`<YOUR APPLICATION ID>`, ...) replaced by the values a test uses. */
export function fillPlaceholders(input: Record<string, unknown>, values: Record<string, string>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(input).replace(/"<([A-Z ]+)>"/g, (placeholder: string, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`No value given for the guide's placeholder <${name}>`);
      return JSON.stringify(value);
    }),
  ) as Record<string, unknown>;
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
