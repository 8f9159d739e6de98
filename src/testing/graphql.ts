/**
 * Executes GraphQL requests against the SDK's schema subset with resolvers backed by {@link FakeEngine}.
 */
import {
  buildSchema,
  execute,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { harnessSchemaSdl } from '../generated/schema-sdl.js';
import type { Caller, ExecRecord, FakeEngine, StageRecord } from './engine.js';
import type { ArtifactFilter, CollectedBuild } from './engine/collected-builds.js';
import { checkSingleApplicationFilter, type ApplicationFilterView } from './engine/execution-filters.js';
import { matchesIdFilter, type IdFilter } from './engine/id-filter.js';
import { FakeFieldError, GENERIC_EXCEPTION_MSG, invalidRequest } from './errors.js';
import type {
  FakeApplication,
  FakeArtifactSource,
  FakeEnvironment,
  FakePipeline,
  FakeService,
  FakeVariable,
  FakeWorkflow,
} from './types.js';

/** Harness's maximum query depth. */
export const MAX_QUERY_DEPTH = 10;
const MAX_RECORD_LIMIT = 100;

const schema = buildSchema(harnessSchemaSdl);

export interface GqlContext {
  engine: FakeEngine;
  caller: Caller;
  /** Armed fault that affects resolvers (`already-triggered`). */
  alreadyTriggered: boolean;
}

type Args = Record<string, unknown>;
type Resolver = (args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => unknown;

function pathOf(info: GraphQLResolveInfo): string {
  const parts: string[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) {
    if (typeof p.key === 'number') parts.unshift(`[${p.key}]`);
    else parts.unshift(`/${p.key}`);
  }
  return parts.join('');
}

/** Wraps a resolver so its errors read like graphql-java's data-fetcher errors. */
function field(fn: Resolver): Resolver {
  return (args, ctx, info) => {
    try {
      return fn(args, ctx, info);
    } catch (err) {
      const rendered = err instanceof FakeFieldError ? err.rendered : GENERIC_EXCEPTION_MSG;
      throw new Error(`Exception while fetching data (${pathOf(info)}) : ${rendered}`);
    }
  };
}

function connection<T>(items: readonly T[], args: Args, view: (x: T) => unknown): unknown {
  const rawLimit = args['limit'];
  const rawOffset = args['offset'];
  if (typeof rawLimit === 'number' && rawLimit < 0) throw invalidRequest('Limit argument accepts only non negative values');
  if (typeof rawOffset === 'number' && rawOffset < 0) throw invalidRequest('Offset argument accepts only non negative values');
  const limit = Math.min(typeof rawLimit === 'number' ? rawLimit : MAX_RECORD_LIMIT, MAX_RECORD_LIMIT);
  const offset = typeof rawOffset === 'number' ? rawOffset : 0;
  return {
    pageInfo: { hasMore: offset + limit < items.length, total: items.length, offset, limit },
    nodes: items.slice(offset, offset + limit).map(view),
  };
}

interface TimeFilter {
  operator: 'EQUALS' | 'BEFORE' | 'AFTER';
  value: number | string;
}

function matchTime(f: TimeFilter | null | undefined, value: number | null): boolean {
  if (!f) return true;
  if (value === null) return false;
  const t = Number(f.value);
  return f.operator === 'EQUALS' ? value === t : f.operator === 'BEFORE' ? value <= t : value >= t;
}

const varView = (x: FakeVariable): unknown => ({
  name: x.name,
  type: x.type,
  required: x.required ?? false,
  allowedValues: x.allowedValues ?? [],
  defaultValue: x.defaultValue ?? null,
  fixed: x.fixed ?? false,
  allowMultipleValues: x.allowMultipleValues ?? false,
});

class Views {
  constructor(private readonly engine: FakeEngine) {}
  private get created(): number {
    return this.engine.createdAtDefault;
  }

  app = (a: FakeApplication): unknown => {
    const d = this.engine.data;
    return {
      id: a.id,
      name: a.name,
      description: a.description ?? null,
      createdAt: a.createdAt ?? this.created,
      createdBy: null,
      services: field((args) => connection(d.services.filter((s) => s.appId === a.id), args, this.service)),
      workflows: field((args) => connection(d.workflows.filter((w) => w.appId === a.id), args, this.workflow)),
      pipelines: field((args) => connection(d.pipelines.filter((p) => p.appId === a.id), args, this.pipeline)),
      environments: field((args) => connection(d.environments.filter((e) => e.appId === a.id), args, this.env)),
    };
  };

  pipeline = (p: FakePipeline): unknown => ({
    id: p.id,
    name: p.name,
    description: p.description ?? null,
    createdAt: p.createdAt ?? this.created,
    createdBy: null,
    pipelineVariables: (p.variables ?? []).map(varView),
  });

  workflow = (w: FakeWorkflow): unknown => ({
    id: w.id,
    name: w.name,
    description: w.description ?? null,
    createdAt: w.createdAt ?? this.created,
    createdBy: null,
    workflowVariables: (w.variables ?? []).map(varView),
  });

  service = (s: FakeService): unknown => ({
    id: s.id,
    name: s.name,
    description: null,
    artifactType: s.artifactType ?? 'DOCKER',
    deploymentType: s.deploymentType ?? 'KUBERNETES',
    createdAt: s.createdAt ?? this.created,
    createdBy: null,
    artifactSources: s.artifactSources.map(this.source),
  });

  source = (src: FakeArtifactSource): unknown => {
    const view: Record<string, unknown> = {
      __typename: src.kind === 'CUSTOM' ? 'CustomArtifactSource' : 'DockerArtifactSource',
      id: src.id,
      name: src.name,
      createdAt: this.created,
      collectionEnabled: true,
    };
    view['artifacts'] = field((args) =>
      connection(this.engine.buildsOfSource(src), args, (artifact) => this.build({ artifact, source: src }, view)),
    );
    return view;
  };

  /** A collected build; `sourceView` reuses the view of the source it is read through. */
  build = ({ artifact, source }: Pick<CollectedBuild, 'artifact' | 'source'>, sourceView?: unknown): unknown => ({
    id: artifact.id,
    buildNo: artifact.buildNo,
    collectedAt: this.engine.collectedAtOf(artifact),
    artifactSource: sourceView ?? this.source(source),
  });

  env = (e: FakeEnvironment): unknown => ({
    id: e.id,
    name: e.name,
    description: null,
    type: e.type,
    createdAt: e.createdAt ?? this.created,
    createdBy: null,
    application: () => {
      const a = this.engine.app(e.appId);
      return a ? this.app(a) : null;
    },
  });

  exec = (e: ExecRecord): unknown => {
    const engine = this.engine;
    const base: Record<string, unknown> = {
      __typename: e.kind === 'PIPELINE' ? 'PipelineExecution' : 'WorkflowExecution',
      id: e.id,
      executionUrl: engine.executionUrl(e),
      application: () => {
        const a = engine.app(e.appId);
        return a ? this.app(a) : null;
      },
      createdAt: e.createdAt,
      startedAt: e.startedAt,
      endedAt: e.endedAt,
      status: engine.publicStatus(e),
      cause: () => {
        if (e.pipelineExecutionId) {
          const parent = engine.execs.get(e.pipelineExecutionId);
          return { __typename: 'ExecutedAlongPipeline', execution: parent ? this.exec(parent) : null };
        }
        const by = e.triggeredBy;
        return by.kind === 'USER'
          ? { __typename: 'ExecutedByUser', user: { id: by.id, name: by.name, email: by.email }, using: 'GRAPHQL_API' }
          : { __typename: 'ExecutedByAPIKey', apiKey: { id: by.id, name: by.name }, using: 'GRAPHQL_API' };
      },
      notes: e.notes,
      tags: [],
      failureDetails:
        e.status === 'FAILED' || (e.kind === 'PIPELINE' && e.status === 'REJECTED') ? e.failureDetails : null,
    };
    if (e.kind === 'WORKFLOW') {
      base['workflow'] = () => {
        const w = engine.workflow(e.entityId);
        return w ? this.workflow(w) : null;
      };
      base['inputVariables'] = e.inputVariables.map((x) => ({ ...x }));
      return base;
    }
    base['pipeline'] = () => {
      const p = engine.pipeline(e.entityId);
      return p ? this.pipeline(p) : null;
    };
    base['pipelineStageExecutions'] = e.stages.map((st) => this.stage(e, st));
    base['memberExecutions'] = () => {
      const members = [...engine.execs.values()]
        .filter((x) => x.pipelineExecutionId === e.id)
        .sort((a, b) => b.createdAt - a.createdAt);
      return connection(members, {}, this.exec);
    };
    return base;
  };

  stage = (e: ExecRecord, st: StageRecord): unknown => {
    const common = {
      pipelineStageElementId: st.def.id,
      pipelineStepName: st.def.stepName,
      pipelineStageName: st.def.name,
      status: st.status ?? 'QUEUED',
    };
    if (st.def.kind === 'approval') {
      return { ...common, __typename: 'ApprovalStageExecution', approvalStepType: st.def.approvalType ?? 'USER_GROUP' };
    }
    const member = st.workflowExecutionId ? this.engine.execs.get(st.workflowExecutionId) : undefined;
    return {
      ...common,
      __typename: 'WorkflowStageExecution',
      workflowExecutionId: st.workflowExecutionId,
      runtimeInputVariables: this.engine.runtimeVariablesOf(e, st).map(varView),
      inputVariables: member ? member.inputVariables.map((x) => ({ ...x })) : [],
    };
  };
}

function rootValue(engine: FakeEngine): Record<string, Resolver> {
  const views = new Views(engine);
  const d = engine.data;
  const appFilter = (filters: unknown, key: 'application' | 'pipeline' | 'workflow', id: (x: { appId: string; id: string }) => string) =>
    (x: { appId: string; id: string }): boolean =>
      ((filters as (Record<string, IdFilter | null> | null)[] | null) ?? []).every(
        (f) => !f || matchesIdFilter(f[key], id(x)) && matchesIdFilter(f['application'], x.appId),
      );
  return {
    application: field((args, { caller }) => {
      const id = args['applicationId'] as string;
      engine.gateApp(caller, id);
      const a = engine.app(id);
      if (!a) throw invalidRequest('Application does not exist');
      return views.app(a);
    }),
    applications: field((args, { caller }) => {
      const filters = (args['filters'] as ({ application?: IdFilter | null } | null)[] | null) ?? [];
      const apps = d.applications.filter(
        (a) => engine.canReadApp(caller, a.id) && filters.every((f) => !f || matchesIdFilter(f.application, a.id)),
      );
      return connection(apps, args, views.app);
    }),
    applicationByName: field((args, { caller }) => {
      const a = d.applications.find((x) => x.name === args['name']);
      if (!a) throw invalidRequest('Application does not exist');
      if (!engine.canReadApp(caller, a.id)) throw new FakeFieldError('User not authorized: Not authorized to access the app');
      return views.app(a);
    }),
    pipeline: field((args, { caller }) => {
      const id = args['pipelineId'] as string;
      const p = engine.pipeline(id);
      if (!p || !engine.canReadApp(caller, p.appId)) throw new FakeFieldError(`Entity with id: ${id} is not found`);
      return views.pipeline(p);
    }),
    pipelines: field((args, { caller }) => {
      const match = appFilter(args['filters'], 'pipeline', (x) => x.id);
      return connection(d.pipelines.filter((p) => engine.canReadApp(caller, p.appId) && match(p)), args, views.pipeline);
    }),
    pipelineByName: field((args, { caller }) => {
      const appId = args['applicationId'] as string;
      const name = args['pipelineName'] as string;
      if (!appId) throw invalidRequest('Empty Application Id');
      engine.gateApp(caller, appId);
      if (!name) throw invalidRequest('Empty Pipeline name');
      const p = d.pipelines.find((x) => x.appId === appId && x.name === name);
      return p ? views.pipeline(p) : null;
    }),
    workflow: field((args, { caller }) => {
      const id = args['workflowId'] as string;
      const w = engine.workflow(id);
      if (!w || !engine.canReadApp(caller, w.appId)) throw new FakeFieldError(`Entity with id: ${id} is not found`);
      return views.workflow(w);
    }),
    workflows: field((args, { caller }) => {
      const match = appFilter(args['filters'], 'workflow', (x) => x.id);
      return connection(d.workflows.filter((w) => engine.canReadApp(caller, w.appId) && match(w)), args, views.workflow);
    }),
    workflowByName: field((args, { caller }) => {
      const appId = args['applicationId'] as string;
      const name = args['workflowName'] as string;
      if (!appId) throw invalidRequest('Empty Application Id');
      engine.gateApp(caller, appId);
      if (!name) throw invalidRequest('Empty Workflow name');
      const w = d.workflows.find((x) => x.appId === appId && x.name === name);
      if (!w) throw invalidRequest('Workflow does not exist');
      return views.workflow(w);
    }),
    executionInputs: field((args, { caller }) => {
      const r = engine.executionInputs(caller, args as never);
      return { serviceInputs: r.serviceInputs.map(views.service), serviceManifestInputs: r.serviceManifestInputs.map(views.service) };
    }),
    artifacts: field((args, { caller }) => {
      const filters = (args['filters'] as (ArtifactFilter | null)[] | null) ?? [];
      return connection(engine.listCollectedBuilds(caller, filters), args, (x) => views.build(x));
    }),
    execution: field((args, { caller }) => {
      const e = engine.visibleExecution(caller, args['executionId'] as string);
      if (!e) throw invalidRequest('Execution does not exist or access is denied');
      return views.exec(e);
    }),
    executions: field((args, { caller }) => {
      const filters = ((args['filters'] as (Record<string, unknown> | null)[] | null) ?? []).filter(
        (f): f is Record<string, unknown> => f !== null,
      );
      if (engine.singleApplicationExecutions) checkSingleApplicationFilter(filters as ApplicationFilterView[]);
      engine.tickAll();
      const byParent = filters.some((f) => f['pipelineExecutionId']);
      const indirect = args['includeIndirectExecutions'] === true || byParent;
      const list = [...engine.execs.values()]
        .filter((e) => engine.canReadApp(caller, e.appId))
        .filter((e) => indirect || e.pipelineExecutionId === null)
        .filter((e) =>
          filters.every(
            (f) =>
              matchesIdFilter(f['execution'] as IdFilter | null, e.id) &&
              matchesIdFilter(f['application'] as IdFilter | null, e.appId) &&
              (f['applicationId'] === null || f['applicationId'] === undefined || f['applicationId'] === e.appId) &&
              matchesIdFilter(f['status'] as IdFilter | null, e.status) &&
              matchesIdFilter(f['workflow'] as IdFilter | null, e.kind === 'WORKFLOW' ? e.entityId : null) &&
              matchesIdFilter(f['pipeline'] as IdFilter | null, e.kind === 'PIPELINE' ? e.entityId : null) &&
              matchesIdFilter(f['pipelineExecutionId'] as IdFilter | null, e.pipelineExecutionId) &&
              matchTime(f['creationTime'] as TimeFilter | null, e.createdAt) &&
              matchTime(f['startTime'] as TimeFilter | null, e.startedAt) &&
              matchTime(f['endTime'] as TimeFilter | null, e.endedAt),
          ),
        )
        .sort((a, b) => b.createdAt - a.createdAt);
      return connection(list, args, views.exec);
    }),
    approvalDetails: field((args, { caller }) => {
      const { exec, pending } = engine.approvalDetails(caller, args['applicationId'] as string, args['executionId'] as string);
      return {
        approvalDetails: pending.map((ref) => {
          const def = ref.settings;
          const timeout = def.timeoutMs ?? 86_400_000;
          const type = def.approvalType ?? 'USER_GROUP';
          const common = {
            approvalId: ref.approvalId,
            approvalType: type,
            stepName: ref.stepName,
            stageName: ref.stageName,
            startedAt: ref.startedAt,
            willExpireAt: ref.startedAt + timeout,
            triggeredBy: { name: exec.triggeredBy.name, email: exec.triggeredBy.email },
          };
          if (type === 'USER_GROUP') {
            return {
              ...common,
              __typename: 'UserGroupApprovalDetails',
              approvers: def.userGroups ?? [],
              variables: (def.variables ?? []).map((x) => ({ ...x })),
              executionId: ref.holder.id,
            };
          }
          const typename = { JIRA: 'JiraApprovalDetails', SERVICENOW: 'SNOWApprovalDetails', SHELL_SCRIPT: 'ShellScriptDetails' }[type];
          return { ...common, __typename: typename };
        }),
      };
    }),
    runtimeExecutionInputsToResumePipeline: field((args, { caller }) => {
      const services = engine.runtimeInputsQuery(caller, args as never);
      return { serviceInputs: services.map(views.service), serviceManifestInputs: [] };
    }),
    startExecution: field((args, ctx) => {
      const input = args['input'] as Parameters<FakeEngine['startExecution']>[1];
      const { execution, warningMessage } = ctx.engine.startExecution(ctx.caller, input, () => {
        if (ctx.alreadyTriggered) throw new FakeFieldError('Pipeline is already triggered.');
      });
      return { clientMutationId: input.clientMutationId ?? null, execution: views.exec(execution), warningMessage };
    }),
    resumeExecution: field((args, { caller }) => {
      const input = (args['input'] as Parameters<FakeEngine['resumeExecution']>[1]) ?? null;
      const e = engine.resumeExecution(caller, input);
      return { clientMutationId: (input as { clientMutationId?: string | null }).clientMutationId ?? null, execution: views.exec(e) };
    }),
    pipelineResumeRuntime: field((args, { caller }) => {
      const input = args['input'] as Parameters<FakeEngine['pipelineResumeRuntime']>[1] & { clientMutationId?: string | null };
      engine.pipelineResumeRuntime(caller, input);
      return { clientMutationId: input.clientMutationId ?? null, status: true };
    }),
    approveOrRejectApprovals: field((args, { caller }) => {
      const input = args['input'] as Parameters<FakeEngine['approveOrReject']>[1] & { clientMutationId?: string | null };
      engine.approveOrReject(caller, input);
      return { success: true, clientMutationId: input.clientMutationId ?? null };
    }),
  };
}

/** Depth of the deepest field path of the chosen operation (root fields are depth 1). */
function queryDepth(doc: DocumentNode, operationName: string | null | undefined): { depth: number; introspection: boolean } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const op = doc.definitions.find(
    (def) => def.kind === Kind.OPERATION_DEFINITION && (!operationName || def.name?.value === operationName),
  );
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return { depth: 0, introspection: false };
  let introspection = false;
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let max = depth - 1;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (depth === 1 && (sel.name.value === '__schema' || sel.name.value === '__type')) introspection = true;
        max = Math.max(max, sel.selectionSet ? walk(sel.selectionSet, depth + 1, seen) : depth);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, walk(sel.selectionSet, depth, seen));
      } else {
        const frag = fragments.get(sel.name.value);
        if (frag && !seen.has(frag.name.value)) {
          max = Math.max(max, walk(frag.selectionSet, depth, new Set([...seen, frag.name.value])));
        }
      }
    }
    return max;
  };
  return { depth: walk(op.selectionSet, 1, new Set()), introspection };
}

/** Runs one GraphQL request; returns the JSON-ready result. */
export function runGraphql(
  engine: FakeEngine,
  caller: Caller,
  request: { query: string; variables: Record<string, unknown> | null; operationName: string | null },
  alreadyTriggered: boolean,
): ExecutionResult | { errors: { message: string }[] } {
  let doc: DocumentNode;
  try {
    doc = parse(request.query);
  } catch (err) {
    return { errors: [err as never] };
  }
  const validationErrors = validate(schema, doc);
  if (validationErrors.length > 0) return { errors: [...validationErrors] };
  const { depth, introspection } = queryDepth(doc, request.operationName);
  if (!introspection && depth > MAX_QUERY_DEPTH) {
    return { errors: [{ message: `maximum query depth exceeded ${depth} > ${MAX_QUERY_DEPTH}` }] };
  }
  engine.tickAll();
  const result = execute({
    schema,
    document: doc,
    rootValue: rootValue(engine),
    contextValue: { engine, caller, alreadyTriggered } satisfies GqlContext,
    variableValues: request.variables ?? {},
    operationName: request.operationName,
  });
  if (result instanceof Promise) throw new Error('resolvers are synchronous');
  return result;
}

/** Operation name of a request: the given one, or the name of the document's only operation. */
export function operationNameOf(query: string, given: string | null): string | null {
  if (given) return given;
  try {
    const doc = parse(query);
    const ops = doc.definitions.filter((x) => x.kind === Kind.OPERATION_DEFINITION);
    const only = ops.length === 1 ? ops[0] : undefined;
    return only && only.kind === Kind.OPERATION_DEFINITION ? (only.name?.value ?? null) : null;
  } catch {
    return null;
  }
}

