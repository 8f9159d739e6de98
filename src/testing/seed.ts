/**
 * The default data of the fake server. It reproduces Harness's "StartExecution API Deep Dive"
 * example account (application `Harness Demo`, pipeline `Guestbook Pipeline`, workflow
 * `K8s Rolling Deployment`, the Fargate pipeline) and adds a few entities tests need.
 */
import type { FakeHarnessData } from './types.js';

/** Ids and names of the seeded entities, for tests and documentation. */
export const SEED = {
  appId: 'iIfYmHDqTj6Gsygtwt4VRQ',
  appName: 'Harness Demo',
  otherAppId: 'paymentsApp00000000001',
  otherAppName: 'Payments',
  /** Application of the workflows that stop for a human (only the admin key's group may use it). */
  gatesAppId: 'releaseGatesApp0000001',
  gatesAppName: 'Release Gates',
  /** NON_PROD environment of `Release Gates`. */
  gatesEnvId: 'envGatesStaging000001',
  guestbookServiceId: 'svcGuestbook0000000001',
  fargateServiceId: 'svcFargateNginx0000001',
  parameterizedServiceId: 'svcNexusParams00000001',
  helmServiceId: 'svcGuestbookHelm000001',
  devEnvId: 'envDev000000000000001',
  prodEnvId: 'envProd00000000000001',
  qaEnvId: 'envQa0000000000000001',
  fargateEnvId: 'envFargateProd0000001',
  devInfraId: 'infraK8sDev0000000001',
  prodInfraId: 'infraK8sProd000000001',
  qaEastInfraId: 'infraK8sQaEast0000001',
  qaWestInfraId: 'infraK8sQaWest0000001',
  fargateInfraId: 'infraFargateProd00001',
  guestbookPipelineId: 'YdK1ONo9TnyzIK5-plsnAg',
  fargatePipelineId: 'fargateProdPipeline001',
  runtimePipelineId: 'pipeRuntimeRelease0001',
  smokePipelineId: 'pipeSmokeTest00000001',
  templatizedPipelineId: 'pipeTemplatized000001',
  k8sWorkflowId: 'VzViT24gTluKWNFpdrL95A',
  fargateWorkflowId: 'wfFargateRolling000001',
  configurableWorkflowId: 'wfConfigurable00000001',
  brokenWorkflowId: 'wfBrokenSmoke000000001',
  helmWorkflowId: 'wfHelmGuestbook0000001',
  /** `Nexus Deploy`: a start naming a parameterized build sits in PREPARING (`status: null`) for PREPARING_MS first. */
  parameterizedWorkflowId: 'wfNexusParams00000001',
  /** `Manual Gate`: step `Verify Service` fails into manual intervention (WAITING) 20 s into the run. */
  manualGateWorkflowId: 'wfManualGate0000000001',
  manualGateStepName: 'Verify Service',
  /** The WAITING timeout of `Manual Gate`'s step, after which the run ends FAILED. */
  manualGateTimeoutMs: 600_000,
  /** `Approved Deploy`: user-group approval step `Approve Deploy` (PAUSED) 15 s into the run. */
  approvedDeployWorkflowId: 'wfApprovedDeploy000001',
  approvedDeployStepName: 'Approve Deploy',
  guestbookV6ArtifactId: 'artGuestbookV60000001',
  nginxArtifactId: 'artNginx1101000000001',
  helmChartId: 'helmGuestbook1000001',
  adminGroupName: 'Account Administrator',
  developersGroupName: 'Developers',
  adminKeyId: 'apiKeyAdmin00000000001',
  restrictedKeyId: 'apiKeyRestricted000001',
  guestbookSourceId: 'srcGuestbook000000001',
  nginxSourceId: 'srcLibraryNginx000001',
  /** Service of the Payments application whose artifact source has collected no build yet. */
  paymentsServiceId: 'svcPaymentsApi0000001',
  /** An artifact source with no collected builds. */
  emptySourceId: 'srcPaymentsApi0000001',
  /** User in the `Account Administrator` group. */
  adminUserId: 'userAdmin000000000001',
  /** User in the `Developers` group. */
  developerUserId: 'userDeveloper00000001',
} as const;

/** Default API key of the fake (full rights). Obviously not a real key. */
export const DEFAULT_API_KEY = 'fake-harness-api-key';
/** Key whose user groups may deploy only to NON_PROD environments. */
export const DEFAULT_RESTRICTED_API_KEY = 'fake-harness-restricted-key';

/** Session token of the seeded administrator user, sent as `Authorization: Bearer <token>`. */
export const DEFAULT_BEARER_TOKEN = 'fake-harness-session-token';
/** Session token of the seeded developer user (the `Developers` group's rights). */
export const DEVELOPER_BEARER_TOKEN = 'fake-harness-developer-session-token';
/** A session token of the administrator that expired before the fake's default start time. */
export const EXPIRED_BEARER_TOKEN = 'fake-harness-expired-session-token';

/** Failure text of the seeded failing workflow. */
export const BROKEN_WORKFLOW_FAILURE =
  'Phase 1 failed: [Smoke Test failed - curl: (7) Failed to connect to guestbook port 80 ]';

/** `failureDetails` of a `Manual Gate` run that nobody intervened in. */
export const MANUAL_GATE_FAILURE = 'Phase 1 failed: [Verify Service failed - Health check returned HTTP 503 ]';

const DAY_MS = 86_400_000;
/** A time `days` before the fake's default start (2024-01-01T00:00:00Z). */
const daysBeforeStart = (days: number): number => Date.UTC(2024, 0, 1) - days * DAY_MS;

/**
 * A fresh copy of the default seed: application `Harness Demo` (`iIfYmHDqTj6Gsygtwt4VRQ`) with
 * services `guestbook` (source `guestbook`, builds v4–v6, v7 collectable) and `fargate-nginx`
 * (source `library_nginx`, builds 1.10.1 and 1.11.0), environments `dev`, `prod`, `qa` and
 * `fargate-prod`, the `Guestbook Pipeline` (`YdK1ONo9TnyzIK5-plsnAg`), the `K8s Rolling Deployment`
 * workflow (`VzViT24gTluKWNFpdrL95A`), the `Fargate Production Pipeline`, and test helpers (a
 * runtime-input pipeline, a failing pipeline and workflow, a workflow with fixed and allowed-value
 * variables, a Helm service, a parameterized artifact source whose `Nexus Deploy` starts sit in
 * PREPARING first). Application `Release Gates` holds workflows that stop for a human: `Manual Gate`
 * (a step that fails into manual intervention: WAITING for 10 minutes, then FAILED) and `Approved
 * Deploy` (a user-group approval step: PAUSED until approved, rejected or expired after an hour).
 * Neither needs an artifact. Application `Payments` has the service `payments-api`, whose artifact
 * source has collected no build yet. Builds were collected on stable dates in the days before
 * 2024-01-01. Two keys: the admin key and a key whose `Developers` group may only deploy to
 * NON_PROD environments of `Harness Demo`; two users with session tokens in the same groups.
 */
export function seedData(): FakeHarnessData {
  const s = SEED;
  return {
    applications: [
      { id: s.appId, name: s.appName, description: 'Demo application of the StartExecution deep dive' },
      { id: s.otherAppId, name: s.otherAppName, description: 'Only administrators can see this one' },
      { id: s.gatesAppId, name: s.gatesAppName, description: 'Workflows that stop for a human' },
    ],
    services: [
      // Builds were collected in the days before the fake's default start time, newest last in each list.
      {
        id: s.guestbookServiceId,
        appId: s.appId,
        name: 'guestbook',
        artifactType: 'DOCKER',
        deploymentType: 'KUBERNETES',
        artifactSources: [
          {
            id: s.guestbookSourceId,
            name: 'guestbook',
            kind: 'DOCKER',
            artifacts: [
              { id: 'artGuestbookV40000001', buildNo: 'v4', collectedAt: daysBeforeStart(3) },
              { id: 'artGuestbookV50000001', buildNo: 'v5', collectedAt: daysBeforeStart(2) },
              { id: s.guestbookV6ArtifactId, buildNo: 'v6', collectedAt: daysBeforeStart(1) },
            ],
            collectableBuilds: ['v7'],
          },
        ],
      },
      {
        id: s.fargateServiceId,
        appId: s.appId,
        name: 'fargate-nginx',
        artifactType: 'DOCKER',
        deploymentType: 'ECS',
        artifactSources: [
          {
            id: s.nginxSourceId,
            name: 'library_nginx',
            kind: 'DOCKER',
            artifacts: [
              { id: s.nginxArtifactId, buildNo: '1.10.1', collectedAt: daysBeforeStart(10) },
              { id: 'artNginx1110000000001', buildNo: '1.11.0', collectedAt: daysBeforeStart(5) },
            ],
          },
        ],
      },
      {
        id: s.parameterizedServiceId,
        appId: s.appId,
        name: 'nexus-app',
        artifactType: 'JAR',
        deploymentType: 'SSH',
        artifactSources: [
          {
            id: 'srcNexusParams0000001',
            name: 'nexus-params',
            kind: 'CUSTOM',
            artifacts: [{ id: 'artNexus100000000001', buildNo: '1.0.0', collectedAt: daysBeforeStart(7) }],
            collectableBuilds: ['1.0.1'],
            parameters: ['repository'],
          },
        ],
      },
      {
        id: s.paymentsServiceId,
        appId: s.otherAppId,
        name: 'payments-api',
        artifactType: 'DOCKER',
        deploymentType: 'KUBERNETES',
        artifactSources: [{ id: s.emptySourceId, name: 'payments-api', kind: 'DOCKER', artifacts: [] }],
      },
      {
        id: s.helmServiceId,
        appId: s.appId,
        name: 'guestbook-helm',
        artifactType: 'DOCKER',
        deploymentType: 'HELM',
        artifactSources: [],
        helmCharts: [
          { id: s.helmChartId, appManifestName: 'guestbook-chart', version: '1.0.0' },
          { id: 'helmGuestbook1100001', appManifestName: 'guestbook-chart', version: '1.1.0' },
        ],
      },
    ],
    environments: [
      { id: s.devEnvId, appId: s.appId, name: 'dev', type: 'NON_PROD', infrastructures: [{ id: s.devInfraId, name: 'k8s-dev' }] },
      { id: s.prodEnvId, appId: s.appId, name: 'prod', type: 'PROD', infrastructures: [{ id: s.prodInfraId, name: 'k8s-prod' }] },
      {
        id: s.qaEnvId,
        appId: s.appId,
        name: 'qa',
        type: 'NON_PROD',
        infrastructures: [
          { id: s.qaEastInfraId, name: 'k8s-qa-east' },
          { id: s.qaWestInfraId, name: 'k8s-qa-west' },
        ],
      },
      {
        id: s.fargateEnvId,
        appId: s.appId,
        name: 'fargate-prod',
        type: 'PROD',
        infrastructures: [{ id: s.fargateInfraId, name: 'fargate-prod-cluster' }],
      },
      {
        id: s.gatesEnvId,
        appId: s.gatesAppId,
        name: 'staging',
        type: 'NON_PROD',
        infrastructures: [{ id: 'infraGatesStaging00001', name: 'k8s-staging' }],
      },
    ],
    workflows: [
      {
        id: s.k8sWorkflowId,
        appId: s.appId,
        name: 'K8s Rolling Deployment',
        description: 'Rolling deployment of a Kubernetes service',
        envId: null,
        variables: [
          { name: 'Environment', type: 'Environment', required: true },
          { name: 'Service', type: 'Service', required: true },
          { name: 'InfraDefinition_KUBERNETES', type: 'Infrastructure definition', required: true },
          { name: 'hotfix', type: 'Text', required: false },
          { name: 'branch', type: 'Text', required: false },
          { name: 'skipCV', type: 'Text', required: false },
        ],
        durationMs: 120_000,
      },
      {
        id: s.fargateWorkflowId,
        appId: s.appId,
        name: 'Fargate Rolling',
        description: 'ECS Fargate rolling deployment of nginx',
        envId: s.fargateEnvId,
        serviceIds: [s.fargateServiceId],
        durationMs: 90_000,
      },
      {
        id: s.configurableWorkflowId,
        appId: s.appId,
        name: 'Configurable Release',
        description: 'Fixed and allowed-value variables',
        envId: s.devEnvId,
        serviceIds: [s.guestbookServiceId],
        variables: [
          { name: 'region', type: 'Text', required: true, allowedValues: ['us-east-1', 'eu-west-1'] },
          { name: 'channel', type: 'Text', required: true, fixed: true, defaultValue: 'stable' },
          { name: 'features', type: 'Text', required: false, allowedValues: ['search', 'comments', 'likes'], allowMultipleValues: true },
          { name: 'replicas', type: 'Text', required: false, defaultValue: '2' },
        ],
        durationMs: 60_000,
      },
      {
        id: s.brokenWorkflowId,
        appId: s.appId,
        name: 'Broken Smoke Test',
        description: 'Always fails its smoke test',
        envId: s.devEnvId,
        serviceIds: [s.guestbookServiceId],
        durationMs: 30_000,
        failWith: BROKEN_WORKFLOW_FAILURE,
      },
      {
        id: s.helmWorkflowId,
        appId: s.appId,
        name: 'Helm Guestbook',
        description: 'Helm deployment; needs a chart version',
        envId: s.devEnvId,
        serviceIds: [s.helmServiceId],
        durationMs: 45_000,
      },
      {
        id: s.parameterizedWorkflowId,
        appId: s.appId,
        name: 'Nexus Deploy',
        description: 'Deploys from a parameterized artifact source',
        envId: s.devEnvId,
        serviceIds: [s.parameterizedServiceId],
        durationMs: 45_000,
      },
      {
        id: s.manualGateWorkflowId,
        appId: s.gatesAppId,
        name: 'Manual Gate',
        description: 'A verification step whose failure strategy is manual intervention',
        envId: s.gatesEnvId,
        durationMs: 60_000,
        humanSteps: [
          {
            kind: 'manual-intervention',
            stepName: s.manualGateStepName,
            atMs: 20_000,
            timeoutMs: s.manualGateTimeoutMs,
            endsAs: 'FAILED',
            failureDetails: MANUAL_GATE_FAILURE,
          },
        ],
      },
      {
        id: s.approvedDeployWorkflowId,
        appId: s.gatesAppId,
        name: 'Approved Deploy',
        description: 'Deploys after a user-group approval step',
        envId: s.gatesEnvId,
        durationMs: 60_000,
        humanSteps: [
          {
            kind: 'approval',
            stepName: s.approvedDeployStepName,
            atMs: 15_000,
            userGroups: [s.adminGroupName],
            variables: [{ name: 'ticket', value: '' }],
            timeoutMs: 3_600_000,
          },
        ],
      },
    ],
    pipelines: [
      {
        id: s.guestbookPipelineId,
        appId: s.appId,
        name: 'Guestbook Pipeline',
        description: 'dev, approval, prod',
        variables: [
          { name: 'skipCV', type: 'Text', required: false },
          { name: 'hotfix', type: 'Text', required: false },
          { name: 'branch', type: 'Text', required: false },
        ],
        stages: [
          {
            kind: 'workflow',
            id: 'stageGuestbookDev0001',
            name: 'Stage 1',
            stepName: 'Deploy to dev',
            workflowId: s.k8sWorkflowId,
            workflowVariables: {
              Environment: s.devEnvId,
              Service: s.guestbookServiceId,
              InfraDefinition_KUBERNETES: s.devInfraId,
              skipCV: '${skipCV}',
              hotfix: '${hotfix}',
              branch: '${branch}',
            },
          },
          {
            kind: 'approval',
            id: 'stageGuestbookAppr001',
            name: 'Stage 2',
            stepName: 'Approve prod',
            userGroups: [s.adminGroupName, 'Release Managers'],
            variables: [{ name: 'ticket', value: '' }],
            timeoutMs: 86_400_000,
          },
          {
            kind: 'workflow',
            id: 'stageGuestbookProd001',
            name: 'Stage 3',
            stepName: 'Deploy to prod',
            workflowId: s.k8sWorkflowId,
            workflowVariables: {
              Environment: s.prodEnvId,
              Service: s.guestbookServiceId,
              InfraDefinition_KUBERNETES: s.prodInfraId,
              skipCV: '${skipCV}',
              hotfix: '${hotfix}',
              branch: '${branch}',
            },
          },
        ],
      },
      {
        id: s.fargatePipelineId,
        appId: s.appId,
        name: 'Fargate Production Pipeline',
        description: 'Plain deployment of fargate-nginx to production',
        variables: [],
        stages: [
          { kind: 'workflow', id: 'stageFargateProd00001', name: 'Stage 1', stepName: 'Fargate Rolling', workflowId: s.fargateWorkflowId },
        ],
      },
      {
        id: s.runtimePipelineId,
        appId: s.appId,
        name: 'Guestbook Runtime Release',
        description: 'Stage 2 asks for releaseTag at runtime',
        variables: [
          { name: 'releaseTag', type: 'Text', required: true, runtimeInput: true },
          { name: 'ticket', type: 'Text', required: false, runtimeInput: true },
          { name: 'branch', type: 'Text', required: false },
        ],
        stages: [
          {
            kind: 'workflow',
            id: 'stageRuntimeDev000001',
            name: 'Stage 1',
            stepName: 'Deploy to dev',
            workflowId: s.k8sWorkflowId,
            workflowVariables: {
              Environment: s.devEnvId,
              Service: s.guestbookServiceId,
              InfraDefinition_KUBERNETES: s.devInfraId,
              branch: '${branch}',
            },
          },
          {
            kind: 'workflow',
            id: 'stageRuntimeQa0000001',
            name: 'Stage 2',
            stepName: 'Deploy to qa',
            workflowId: s.k8sWorkflowId,
            workflowVariables: {
              Environment: s.qaEnvId,
              Service: s.guestbookServiceId,
              InfraDefinition_KUBERNETES: s.qaEastInfraId,
              hotfix: '${releaseTag}',
              branch: '${ticket}',
            },
            runtimeVariables: ['releaseTag', 'ticket'],
            runtimeInputTimeoutMs: 3_600_000,
          },
        ],
      },
      {
        id: s.smokePipelineId,
        appId: s.appId,
        name: 'Smoke Test Pipeline',
        description: 'Stage 2 always fails; resume it from Stage 2',
        variables: [],
        stages: [
          {
            kind: 'workflow',
            id: 'stageSmokeDeploy00001',
            name: 'Stage 1',
            stepName: 'Deploy to dev',
            workflowId: s.k8sWorkflowId,
            workflowVariables: { Environment: s.devEnvId, Service: s.guestbookServiceId, InfraDefinition_KUBERNETES: s.devInfraId },
          },
          { kind: 'workflow', id: 'stageSmokeTest0000001', name: 'Stage 2', stepName: 'Smoke test', workflowId: s.brokenWorkflowId },
        ],
      },
      {
        id: s.templatizedPipelineId,
        appId: s.appId,
        name: 'Templatized Guestbook',
        description: 'Environment and infrastructure chosen at start',
        variables: [
          { name: 'env', type: 'Environment', required: true },
          { name: 'infra', type: 'Infrastructure definition', required: true, allowMultipleValues: true },
          { name: 'color', type: 'Text', required: false, allowedValues: ['blue', 'green'] },
        ],
        stages: [
          {
            kind: 'workflow',
            id: 'stageTemplatized00001',
            name: 'Stage 1',
            stepName: 'Deploy',
            workflowId: s.k8sWorkflowId,
            workflowVariables: { Environment: '${env}', Service: s.guestbookServiceId, InfraDefinition_KUBERNETES: '${infra}' },
          },
        ],
      },
    ],
    userGroups: [
      { id: 'ugAccountAdmin0000001', name: s.adminGroupName, appIds: 'all', deployEnvironmentTypes: ['PROD', 'NON_PROD'] },
      { id: 'ugDevelopers000000001', name: s.developersGroupName, appIds: [s.appId], deployEnvironmentTypes: ['NON_PROD'] },
    ],
    apiKeys: [
      { id: s.adminKeyId, name: 'fake-admin-key', key: DEFAULT_API_KEY, userGroupIds: ['ugAccountAdmin0000001'] },
      { id: s.restrictedKeyId, name: 'ci-non-prod-key', key: DEFAULT_RESTRICTED_API_KEY, userGroupIds: ['ugDevelopers000000001'] },
    ],
    users: [
      {
        id: s.adminUserId,
        name: 'Ada Admin',
        email: 'ada.admin@example.com',
        userGroupIds: ['ugAccountAdmin0000001'],
        sessionTokens: [
          { token: DEFAULT_BEARER_TOKEN },
          // 2023-12-31T23:59:59.999Z: expired whenever the fake runs.
          { token: EXPIRED_BEARER_TOKEN, expiresAt: Date.UTC(2024, 0, 1) - 1 },
        ],
      },
      {
        id: s.developerUserId,
        name: 'Dev Developer',
        email: 'dev.developer@example.com',
        userGroupIds: ['ugDevelopers000000001'],
        sessionTokens: [{ token: DEVELOPER_BEARER_TOKEN }],
      },
    ],
  };
}
