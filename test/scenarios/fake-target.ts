/**
 * The fake server as a scenario target: the seed's names stand where a real account's test
 * application, pipeline and workflow would, and the guide's own entities make its payloads
 * checkable byte for byte.
 */
import { SEED, type FakeHarness } from '../../src/testing/index.js';
import { fillPlaceholders, guideStartPayloads, normaliseListInputs } from '../support/start-execution-payloads.js';
import { fakeClock } from '../support/fake-harness.js';
import type { GuideStart, NamedEntity, Target } from './target.js';

/** The guestbook build the guide deploys. */
const GUESTBOOK_V6 = { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } };

/** `Guestbook Pipeline`: dev, a user-group approval, prod. */
export const FAKE_PIPELINE: NamedEntity = { kind: 'PIPELINE', name: 'Guestbook Pipeline', inputs: { artifacts: GUESTBOOK_V6 } };

/** `K8s Rolling Deployment` with the guide's variables and build. */
export const FAKE_WORKFLOW: NamedEntity = {
  kind: 'WORKFLOW',
  name: 'K8s Rolling Deployment',
  inputs: { variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook' }, artifacts: GUESTBOOK_V6 },
};

/** The two starts of Harness's StartExecution guide, as a caller writes them and as the guide sends them. */
export function guideStarts(): GuideStart[] {
  const guide = guideStartPayloads();
  return [
    {
      label: 'the guide’s K8s Rolling Deployment start',
      kind: 'WORKFLOW',
      options: {
        applicationId: SEED.appId,
        workflowName: 'K8s Rolling Deployment',
        notes: 'Demo',
        variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook', skipCV: 'true' },
        artifacts: GUESTBOOK_V6,
      },
      expectedInput: normaliseListInputs(guide.workflowStart.startExecution),
    },
    {
      label: 'the guide’s Fargate Production Pipeline start',
      kind: 'PIPELINE',
      options: {
        applicationName: SEED.appName,
        pipelineId: SEED.fargatePipelineId,
        notes: 'Demo',
        artifacts: { 'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '1.10.1' } },
      },
      expectedInput: normaliseListInputs(
        fillPlaceholders(guide.fargatePipelineStart.startExecution, {
          'YOUR APPLICATION ID': SEED.appId,
          'YOUR PIPELINE ID': SEED.fargatePipelineId,
        }),
      ),
    },
  ];
}

/** Which parts of the suite a target takes part in; the fake mirrors the live target's choice. */
export interface TargetShape {
  pipeline: boolean;
  workflow: boolean;
  pipelineHasApproval: boolean;
  restricted: boolean;
  allowStarts: boolean;
}

export const FULL_SHAPE: TargetShape = { pipeline: true, workflow: true, pipelineHasApproval: true, restricted: true, allowStarts: true };


/** The seeded fake as a target, taking part in what `shape` says. */
export function fakeTarget(fake: FakeHarness, shape: TargetShape = FULL_SHAPE): Target {
  return {
    label: 'fake',
    endpoint: fake.endpoint,
    accountId: fake.accountId,
    credentials: { apiKey: fake.apiKey },
    application: SEED.appName,
    pipeline: shape.pipeline ? FAKE_PIPELINE : undefined,
    workflow: shape.workflow ? FAKE_WORKFLOW : undefined,
    pipelineHasApproval: shape.pipelineHasApproval,
    // The restricted key's group may read only `Harness Demo`.
    restricted: shape.restricted ? { apiKey: fake.restrictedApiKey, application: SEED.otherAppName } : undefined,
    allowStarts: shape.allowStarts,
    // The client sleeps by moving the fake's manual clock: waits cost no wall time and end the same way every run.
    clientOptions: { rateLimit: false, clock: fakeClock(fake) },
    wait: {},
    guideStarts: guideStarts(),
  };
}
