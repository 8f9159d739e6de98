/**
 * The end-to-end scenarios that matter to a user, written once over a {@link Target}. Each returns
 * an {@link Observation} (normalised facts) and throws {@link ScenarioFailure} when the SDK broke a
 * promise of its own (a start sent despite a bad variable, the same key starting twice, an abort
 * that did not end the run). How the account answers errors is observed, not asserted here: those
 * facts are compared with the fake's.
 */
import { randomUUID } from 'node:crypto';
import {
  HarnessClient,
  isHarnessValidationError,
  type ExecutionStatus,
  type StartExecutionInput,
  type StartResult,
} from '../../src/index.js';
import { fieldsPresent, messageCore, observeError, type Observation } from './observation.js';
import { entityToStart, namedEntities, type NamedEntity, type Target, type TargetCredentials } from './target.js';

/** A scenario's own check failed: the SDK did not keep a promise. */
export class ScenarioFailure extends Error {
  override name = 'ScenarioFailure';
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ScenarioFailure(message);
}

/** Counts the HTTP attempts every client of one target makes (through `hooks.onRequest`). */
export class RequestCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;
  record(operation: string): void {
    this.total += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
  count(operation: string): number {
    return this.byOperation.get(operation) ?? 0;
  }
}

/** Notes on every execution the suite starts, so people who see it in the account know what it is. */
export const SUITE_NOTES = 'harness-graphql-sdk live suite (aborted when done)';

/** A client of the target with the given credentials, counting its requests. */
export function clientFor(target: Target, counter: RequestCounter, credentials: TargetCredentials = target.credentials): HarnessClient {
  const auth = 'apiKey' in credentials ? { apiKey: credentials.apiKey } : { bearerToken: credentials.bearerToken };
  return new HarnessClient({
    ...target.clientOptions,
    endpoint: target.endpoint,
    accountId: target.accountId,
    ...auth,
    hooks: { onRequest: (event) => counter.record(event.operation) },
  });
}

/** What a scenario works with. */
export class ScenarioContext {
  readonly client: HarnessClient;
  /** Executions started and not yet seen ending: aborted when the scenario is done. */
  readonly running = new Map<string, string>();
  /** Ids learned from the target (the application's id...), replaced by placeholders in messages. */
  readonly learnedNames: Record<string, string> = {};

  /** `client` is shared by the scenarios of one run, so its lookup cache saves the account requests. */
  constructor(
    readonly target: Target,
    readonly requests: RequestCounter,
    client: HarnessClient = clientFor(target, requests),
  ) {
    this.client = client;
  }

  /** A client with other credentials (same endpoint, account, pacing and counting). */
  clientWith(credentials: TargetCredentials): HarnessClient {
    return clientFor(this.target, this.requests, credentials);
  }

  observeError(error: unknown, extraNames: Readonly<Record<string, string>> = {}): Observation {
    return observeError(error, this.target, { ...this.learnedNames, ...extraNames });
  }

  async applicationId(): Promise<string> {
    const app = await this.client.findApplication(this.target.application);
    this.learnedNames['application id'] = app.id;
    return app.id;
  }

  /** Starts a named entity with its inputs; the execution is aborted after the scenario unless seen ending. */
  async start(entity: NamedEntity, extra: { idempotencyKey?: string } = {}): Promise<StartResult> {
    const options = { applicationName: this.target.application, notes: SUITE_NOTES, ...entity.inputs, ...extra };
    const started =
      entity.kind === 'PIPELINE'
        ? await this.client.startPipeline({ ...options, pipelineName: entity.name })
        : await this.client.startWorkflow({ ...options, workflowName: entity.name });
    if (started.applicationId !== null) this.running.set(started.id, started.applicationId);
    return started;
  }

  /** Waits until the execution's status is one of `statuses`, within the target's wait schedule. */
  async waitFor(execution: StartResult, statuses: readonly ExecutionStatus[]): Promise<ExecutionStatus | null> {
    const final = await this.client.awaitExecution(execution, { ...this.target.wait, successStatuses: statuses });
    if (final.status !== null && TERMINAL.has(final.status)) this.running.delete(execution.id);
    return final.status;
  }

  /** Aborts whatever the scenario started and did not see end; answers the problems met. */
  async abortRunning(): Promise<string[]> {
    const problems: string[] = [];
    for (const [executionId, applicationId] of this.running) {
      try {
        await this.client.abortExecution({ applicationId, executionId });
        this.running.delete(executionId);
      } catch (error) {
        problems.push(`could not abort execution ${executionId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }
}

const TERMINAL = new Set<ExecutionStatus>(['SUCCESS', 'FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED']);
/** Statuses after which an execution has left the queue (failures end the wait with an error). */
const LEFT_THE_QUEUE: readonly ExecutionStatus[] = ['RUNNING', 'PAUSED', 'WAITING', 'RESUMED', 'SUCCESS'];

export interface Scenario {
  name: string;
  /** Whether it starts executions (run only when the target allows starts). */
  startsExecutions: boolean;
  /** Why it cannot run against this target, or undefined when it can. */
  skipReason(target: Target): string | undefined;
  run(ctx: ScenarioContext): Promise<Observation>;
}

/** A typo of a name: its last character changed, so it is near the real name but never equal to it. */
export function misspell(name: string): string {
  return `${name.slice(0, -1)}${name.endsWith('x') ? 'y' : 'x'}`;
}

async function findEntity(ctx: ScenarioContext, entity: NamedEntity, name = entity.name) {
  return entity.kind === 'PIPELINE'
    ? ctx.client.findPipeline({ applicationName: ctx.target.application, pipelineName: name })
    : ctx.client.findWorkflow({ applicationName: ctx.target.application, workflowName: name });
}

function prepare(ctx: ScenarioContext, entity: NamedEntity, options: Record<string, unknown>) {
  const base = { applicationName: ctx.target.application, ...entity.inputs, ...options };
  return entity.kind === 'PIPELINE'
    ? ctx.client.preparePipelineStart({ ...base, pipelineName: entity.name })
    : ctx.client.prepareWorkflowStart({ ...base, workflowName: entity.name });
}

/** Whether every element of an input list has the given shape (an absent list is well formed). */
function listWellFormed(list: unknown, wellFormed: (item: Record<string, unknown>) => boolean): boolean {
  if (list === undefined || list === null) return true;
  return Array.isArray(list) && list.every((item) => typeof item === 'object' && item !== null && wellFormed(item as Record<string, unknown>));
}

/** The shape of a built start input: what must hold for any entity, whatever its variables and services. */
function inputShape(input: StartExecutionInput, entity: NamedEntity, ids: { applicationId: string; entityId: string }): Observation {
  const raw = input as unknown as Record<string, unknown>;
  return {
    'input.executionType is the kind': raw.executionType === entity.kind,
    'input.applicationId is the application': raw.applicationId === ids.applicationId,
    'input.entityId is the entity': raw.entityId === ids.entityId,
    'input.variableInputs well formed': listWellFormed(raw.variableInputs, (v) => {
      const value = v.variableValue as Record<string, unknown> | undefined;
      return typeof v.name === 'string' && (value?.type === 'NAME' || value?.type === 'ID') && value.value !== undefined;
    }),
    'input.serviceInputs well formed': listWellFormed(
      raw.serviceInputs,
      (s) => typeof s.name === 'string' && (s.artifactValueInput !== undefined || s.manifestValueInput !== undefined),
    ),
    'input.keys are known': Object.keys(raw).every((k) => KNOWN_INPUT_KEYS.has(k)),
  };
}

const KNOWN_INPUT_KEYS = new Set([
  'applicationId',
  'clientMutationId',
  'continueWithDefaultValues',
  'entityId',
  'excludeHostsWithSameArtifact',
  'executionType',
  'notes',
  'serviceInputs',
  'targetToSpecificHosts',
  'specificHosts',
  'variableInputs',
]);

const needsEntity = (target: Target): string | undefined =>
  namedEntities(target).length === 0 ? 'no pipeline or workflow named' : undefined;

const needsKind =
  (kind: 'PIPELINE' | 'WORKFLOW') =>
  (target: Target): string | undefined =>
    (kind === 'PIPELINE' ? target.pipeline : target.workflow) ? undefined : `no ${kind.toLowerCase()} named`;

function lookupScenario(kind: 'PIPELINE' | 'WORKFLOW'): Scenario {
  return {
    name: `lookup: ${kind.toLowerCase()} by name`,
    startsExecutions: false,
    skipReason: needsKind(kind),
    async run(ctx) {
      const entity = (kind === 'PIPELINE' ? ctx.target.pipeline : ctx.target.workflow) as NamedEntity;
      const applicationId = await ctx.applicationId();
      const found = await findEntity(ctx, entity);
      return {
        ...fieldsPresent('entity', found, ['id', 'name', 'applicationId']),
        'entity.name is the name asked': found.name === entity.name,
        'entity.kind': found.kind,
        'entity.applicationId is the application': found.applicationId === applicationId,
        'entity.variables is a list': Array.isArray(found.variables),
      };
    },
  };
}

/** Every scenario, read-only ones first. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'lookup: application by name',
    startsExecutions: false,
    skipReason: () => undefined,
    async run(ctx) {
      const app = await ctx.client.findApplication(ctx.target.application);
      return { ...fieldsPresent('application', app, ['id', 'name']), 'application.name is the name asked': app.name === ctx.target.application };
    },
  },
  lookupScenario('PIPELINE'),
  lookupScenario('WORKFLOW'),
  {
    name: 'unknown entity: a misspelt name',
    startsExecutions: false,
    skipReason: needsEntity,
    async run(ctx) {
      const entity = namedEntities(ctx.target)[0] as NamedEntity;
      const typo = misspell(entity.name);
      await ctx.applicationId();
      try {
        await findEntity(ctx, entity, typo);
        return { outcome: 'found' };
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        return {
          ...ctx.observeError(error, { 'misspelt name': typo }),
          'error.names what was asked': message.includes(typo),
          'error.suggests the real name': message.replace(typo, '').includes(entity.name),
        };
      }
    },
  },
  {
    name: 'validation before sending: a misspelt variable',
    startsExecutions: false,
    skipReason: needsEntity,
    async run(ctx) {
      const entity = namedEntities(ctx.target)[0] as NamedEntity;
      const declared = (await findEntity(ctx, entity)).variables[0]?.name ?? 'branch';
      const typo = misspell(declared);
      const variables = { ...entity.inputs.variables, [typo]: 'x' };
      const startsBefore = ctx.requests.count('StartExecution');
      let observation: Observation;
      try {
        // A real start call when starts are allowed (proving nothing is sent); a dry run otherwise, so
        // a read-only run can never start anything, even if validation were broken.
        if (ctx.target.allowStarts) {
          await ctx.start({ ...entity, inputs: { ...entity.inputs, variables } });
          throw new ScenarioFailure(`a start with the misspelt variable "${typo}" was sent`);
        }
        await prepare(ctx, entity, { variables });
        throw new ScenarioFailure(`a start with the misspelt variable "${typo}" passed validation`);
      } catch (error) {
        if (error instanceof ScenarioFailure) throw error;
        check(isHarnessValidationError(error), `expected a validation error, got ${String(error)}`);
        // The message lists the entity's own variables, which differ between targets: observe its parts.
        const { 'error.message': message, ...facts } = ctx.observeError(error, { 'misspelt variable': typo, variable: declared });
        observation = {
          ...facts,
          'error.message suggests the declared variable': typeof message === 'string' && message.includes('Did you mean "<variable>"'),
          'issues.codes': error.issues.map((i) => i.code).join(','),
          'issues name the misspelt variable': error.issues.some((i) => i.code === 'unknown_variable' && i.variable === typo),
        };
      }
      const startsSent = ctx.requests.count('StartExecution') - startsBefore;
      check(startsSent === 0, `${startsSent} startExecution request(s) went out despite the misspelt variable`);
      return { ...observation, 'requests.StartExecution sent': startsSent };
    },
  },
  {
    name: "payloads: the built start input's shape",
    startsExecutions: false,
    skipReason: needsEntity,
    async run(ctx) {
      const applicationId = await ctx.applicationId();
      const observation: Record<string, string | number | boolean | null> = {};
      for (const entity of namedEntities(ctx.target)) {
        const prepared = await prepare(ctx, entity, { notes: SUITE_NOTES });
        for (const [fact, value] of Object.entries(inputShape(prepared.input, entity, { applicationId, entityId: prepared.entity.id }))) {
          observation[`${entity.kind.toLowerCase()} ${fact}`] = value;
        }
      }
      // Where the target holds the guide's own entities, its payloads must come out byte for byte.
      for (const guide of ctx.target.guideStarts) {
        const prepared =
          guide.kind === 'PIPELINE' ? await ctx.client.preparePipelineStart(guide.options) : await ctx.client.prepareWorkflowStart(guide.options);
        const built = JSON.stringify(prepared.input);
        const expected = JSON.stringify(guide.expectedInput);
        check(built === expected, `${guide.label}: built ${built}, the guide sends ${expected}`);
      }
      return observation;
    },
  },
  {
    name: 'error mapping: a bad API key',
    startsExecutions: false,
    skipReason: () => undefined,
    async run(ctx) {
      try {
        await ctx.clientWith({ apiKey: 'harness-graphql-sdk-live-suite-invalid-key' }).findApplication(ctx.target.application);
        return { outcome: 'answered' };
      } catch (error) {
        return ctx.observeError(error);
      }
    },
  },
  {
    name: 'error mapping: a restricted key',
    startsExecutions: false,
    skipReason: (target) => (target.restricted ? undefined : 'no restricted key given'),
    async run(ctx) {
      const restricted = ctx.target.restricted as NonNullable<Target['restricted']>;
      try {
        await ctx.clientWith({ apiKey: restricted.apiKey }).findApplication(restricted.application);
        return { outcome: 'answered' };
      } catch (error) {
        return ctx.observeError(error);
      }
    },
  },
  {
    name: 'start and wait',
    startsExecutions: true,
    skipReason: needsEntity,
    async run(ctx) {
      const entity = entityToStart(ctx.target) as NamedEntity;
      const started = await ctx.start(entity);
      const status = await ctx.waitFor(started, LEFT_THE_QUEUE);
      return {
        ...fieldsPresent('started', started, ['id', 'url', 'applicationId', 'createdAt']),
        'started.kind is the kind': started.kind === entity.kind,
        'started.status': started.status,
        'started.reused': started.reused,
        'waited until it left the queue': status !== null && LEFT_THE_QUEUE.includes(status),
      };
    },
  },
  {
    name: 'approval: pending, then rejected',
    startsExecutions: true,
    skipReason: (target) => (target.pipeline && target.pipelineHasApproval ? undefined : 'no pipeline with an approval named'),
    async run(ctx) {
      const pipeline = ctx.target.pipeline as NamedEntity;
      const started = await ctx.start(pipeline);
      await ctx.waitFor(started, ['PAUSED']);
      const ref = { applicationId: started.applicationId ?? (await ctx.applicationId()), executionId: started.id };
      const approvals = await ctx.client.listPendingApprovals(ref);
      const first = approvals[0];
      check(first !== undefined, 'the execution paused but lists no pending approval');
      await ctx.client.reject({ ...ref, approvalId: first.approvalId, comments: SUITE_NOTES });
      const final = await ctx.waitFor(started, ['REJECTED']).catch((error: unknown) => ctx.observeError(error)['error.code'] ?? null);
      return {
        'approvals pending': approvals.length,
        ...fieldsPresent('approval', first, ['approvalId', 'approvalType', 'stepName', 'willExpireAt']),
        'approval.approvalType': first.approvalType,
        'approval.has approvers': first.approvers.length > 0,
        'after rejecting': final,
      };
    },
  },
  {
    name: 'abort',
    startsExecutions: true,
    skipReason: needsEntity,
    async run(ctx) {
      const entity = entityToStart(ctx.target) as NamedEntity;
      const started = await ctx.start(entity);
      await ctx.client.abortExecution({ applicationId: started.applicationId ?? (await ctx.applicationId()), executionId: started.id });
      const status = await ctx.waitFor(started, ['ABORTED']);
      check(status === 'ABORTED', `the aborted execution ended ${String(status)}`);
      return { 'after aborting': status };
    },
  },
  {
    name: 'idempotent start: the same key twice',
    startsExecutions: true,
    skipReason: needsEntity,
    async run(ctx) {
      const entity = entityToStart(ctx.target) as NamedEntity;
      const idempotencyKey = `live-suite-${randomUUID()}`;
      const first = await ctx.start(entity, { idempotencyKey });
      const startsAfterFirst = ctx.requests.count('StartExecution');
      const second = await ctx.start(entity, { idempotencyKey });
      const startsSent = ctx.requests.count('StartExecution') - startsAfterFirst;
      check(second.id === first.id, `the same key started two executions: ${first.id} and ${second.id}`);
      check(startsSent === 0, `the second start with the same key sent ${startsSent} startExecution request(s)`);
      return { 'first.reused': first.reused, 'second.reused': second.reused, 'same execution': second.id === first.id };
    },
  },
];

/** How one scenario went against one target. */
export type ScenarioResult =
  | { scenario: string; outcome: 'passed'; observation: Observation; cleanupProblems: string[] }
  | { scenario: string; outcome: 'failed'; reason: string; observation: Observation; cleanupProblems: string[] }
  | { scenario: string; outcome: 'skipped'; reason: string };

/** Runs the scenarios one after the other, aborting what each started in a finally. */
export async function runScenarios(target: Target, requests: RequestCounter, scenarios: readonly Scenario[] = SCENARIOS): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const client = clientFor(target, requests);
  for (const scenario of scenarios) {
    const skip = scenario.skipReason(target) ?? (scenario.startsExecutions && !target.allowStarts ? 'starts not allowed' : undefined);
    if (skip !== undefined) {
      results.push({ scenario: scenario.name, outcome: 'skipped', reason: skip });
      continue;
    }
    const ctx = new ScenarioContext(target, requests, client);
    let settled: { ok: true; observation: Observation } | { ok: false; error: unknown };
    let cleanupProblems: string[] = [];
    try {
      settled = { ok: true, observation: await scenario.run(ctx) };
    } catch (error) {
      settled = { ok: false, error };
    } finally {
      cleanupProblems = await ctx.abortRunning();
    }
    if (settled.ok) {
      results.push({ scenario: scenario.name, outcome: 'passed', observation: settled.observation, cleanupProblems });
    } else {
      const { error } = settled;
      const reason = error instanceof Error ? messageCore(error.message, target, ctx.learnedNames) : String(error);
      results.push({ scenario: scenario.name, outcome: 'failed', reason, observation: ctx.observeError(error), cleanupProblems });
    }
  }
  return results;
}
