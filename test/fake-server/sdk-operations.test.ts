import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeFakeHarness,
  parseStandaloneArgs,
  SEED,
  startFakeHarness,
  type FakeHarness,
} from '../../src/testing/index.js';
import { gql, guestbookArtifact, nameVar } from './client.js';

const root = join(import.meta.dirname, '../../operations');
const read = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => ({ name: f.replace('.graphql', ''), text: readFileSync(join(root, dir, f), 'utf8') }));
const fragments = new Map(read('fragments').map((f) => [f.name, f.text]));

/** The operation plus exactly the fragments it uses (unused fragments fail validation). */
function document(text: string): string {
  const used = new Set<string>();
  const visit = (t: string) => {
    for (const m of t.matchAll(/\.\.\.([A-Za-z_]\w*)/g)) {
      const name = m[1] as string;
      if (!used.has(name) && fragments.has(name)) {
        used.add(name);
        visit(fragments.get(name) as string);
      }
    }
  };
  visit(text);
  return [text, ...[...used].map((n) => fragments.get(n))].join('\n');
}

let fake: FakeHarness;
beforeAll(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

const variablesFor: Record<string, Record<string, unknown>> = {
  ApplicationById: { applicationId: SEED.appId },
  ApplicationByName: { name: 'Harness Demo' },
  ApplicationArtifactSources: { applicationId: SEED.appId, limit: 10 },
  ApprovalDetails: { applicationId: SEED.appId, executionId: 'x' },
  Execution: { executionId: 'x' },
  ExecutionInputs: { applicationId: SEED.appId, entityId: SEED.k8sWorkflowId, executionType: 'WORKFLOW', variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-dev')] },
  ListApplications: { limit: 10 },
  CollectedBuilds: { filters: [{ artifactSource: { operator: 'EQUALS', values: [SEED.guestbookSourceId] } }], limit: 1 },
  ListPipelines: { applicationId: SEED.appId, limit: 10 },
  ListWorkflows: { applicationId: SEED.appId, limit: 10 },
  PipelineById: { pipelineId: SEED.guestbookPipelineId },
  PipelineByName: { applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' },
  PipelineNames: { applicationId: SEED.appId, limit: 10 },
  RecentExecutions: { filters: [{ applicationId: SEED.appId }], limit: 5 },
  RuntimeInputsToResumePipeline: { applicationId: SEED.appId, pipelineExecutionId: 'x', pipelineStageElementId: 'y', variableInputs: [] },
  WorkflowById: { workflowId: SEED.k8sWorkflowId },
  WorkflowByName: { applicationId: SEED.appId, workflowName: 'K8s Rolling Deployment' },
  WorkflowNames: { applicationId: SEED.appId, limit: 10 },
  StartExecution: { input: { applicationId: SEED.appId, entityId: SEED.guestbookPipelineId, executionType: 'PIPELINE', serviceInputs: [guestbookArtifact] } },
  ApproveOrRejectApprovals: { input: { applicationId: SEED.appId, executionId: 'x', approvalId: 'y', action: 'APPROVE' } },
  ResumeExecution: { input: { applicationId: SEED.appId, pipelineExecutionId: 'x', pipelineStageName: 'Stage 1' } },
  PipelineResumeRuntime: { input: { applicationId: SEED.appId, pipelineExecutionId: 'x', pipelineStageElementId: 'y', variableInputs: [] } },
};

describe("the SDK's operations", () => {
  const ops = [...read('queries'), ...read('mutations')];
  it('are all covered here', () => {
    expect(ops.map((o) => o.name).sort()).toEqual(Object.keys(variablesFor).sort());
  });
  it.each(ops.map((o) => [o.name, o.text] as const))('%s passes validation and depth checks on the fake', async (name, text) => {
    const r = await gql(fake, document(text), variablesFor[name], { operationName: name });
    expect(r.status).toBe(200);
    expect(r.json.data).toBeDefined();
    for (const e of r.json.errors ?? []) expect(e.message).toMatch(/^Exception while fetching data \(\/\w+\) : /);
    expect(fake.requests.at(-1)?.operationName).toBe(name);
  });
});

describe('standalone runner arguments', () => {
  it('parses --port, --rate-limit and --speed', () => {
    expect(parseStandaloneArgs([])).toEqual({ port: 0, rateLimit: 30, speed: 1 });
    expect(parseStandaloneArgs(['--port', '4000', '--rate-limit=off', '--speed', '60'])).toEqual({ port: 4000, rateLimit: false, speed: 60 });
    expect(parseStandaloneArgs(['--rate-limit', '5'])).toMatchObject({ rateLimit: 5 });
    expect(() => parseStandaloneArgs(['--port', 'x'])).toThrow('--port');
    expect(() => parseStandaloneArgs(['--verbose', '1'])).toThrow('unknown option');
    expect(() => parseStandaloneArgs(['--speed'])).toThrow('needs a value');
  });

  it('prints the endpoint, keys and export lines', () => {
    const text = describeFakeHarness(fake);
    expect(text).toContain(fake.endpoint);
    expect(text).toContain(`export HARNESS_ACCOUNT_ID=${fake.accountId}`);
    expect(text).toContain(`export HARNESS_API_KEY=${fake.apiKey}`);
    expect(text).toContain(fake.restrictedApiKey);
    expect(text).toContain(`session token:   ${fake.bearerToken}`);
  });
});
