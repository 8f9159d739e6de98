/**
 * Who is calling and what they may do: an API key's user groups decide which applications it can
 * read and to which environment types it may deploy.
 */
import { notAuthorized } from '../errors.js';
import type { FakeEnvironment, FakePipeline, FakeWorkflowStage } from '../types.js';
import type { Caller } from './records.js';
import type { EngineState } from './state.js';

/** The caller an `x-api-key` value stands for, or null when no key matches. */
export function callerForKey(state: EngineState, value: string | undefined): Caller | null {
  if (!value) return null;
  const key = state.data.apiKeys.find((k) => k.key === value);
  if (!key) return null;
  const groups = state.data.userGroups.filter((g) => key.userGroupIds.includes(g.id));
  return { principal: { kind: 'API_KEY', id: key.id, name: key.name, email: null }, groups };
}

/** The caller a session token stands for, or null when no user holds it or it has expired. */
export function callerForSessionToken(state: EngineState, token: string | undefined): Caller | null {
  if (!token) return null;
  const now = state.clock.now();
  for (const user of state.data.users ?? []) {
    const session = user.sessionTokens.find((t) => t.token === token);
    if (!session) continue;
    if (session.expiresAt !== undefined && now >= session.expiresAt) return null;
    const groups = state.data.userGroups.filter((g) => user.userGroupIds.includes(g.id));
    return { principal: { kind: 'USER', id: user.id, name: user.name, email: user.email }, groups };
  }
  return null;
}


export function canReadApp(state: EngineState, caller: Caller, appId: string): boolean {
  if (!state.app(appId)) return false;
  return caller.groups.some((g) => g.appIds === 'all' || g.appIds.includes(appId));
}
export function canDeployTo(caller: Caller, env: FakeEnvironment | undefined): boolean {
  if (!env) return true;
  return caller.groups.some(
    (g) => (g.appIds === 'all' || g.appIds.includes(env.appId)) && g.deployEnvironmentTypes.includes(env.type),
  );
}
/** EXECUTE_PIPELINE: the key's groups must be allowed to deploy to every fixed environment of the pipeline. */
export function canExecutePipeline(state: EngineState, caller: Caller, p: FakePipeline): boolean {
  if (!canReadApp(state, caller, p.appId)) return false;
  for (const st of p.stages) {
    if (st.kind !== 'workflow') continue;
    const envId = stageFixedEnv(state, st);
    if (envId && !canDeployTo(caller, state.env(p.appId, envId))) return false;
  }
  return true;
}
/** The environment a pipeline stage deploys to whatever the inputs are, if any. */
function stageFixedEnv(state: EngineState, st: FakeWorkflowStage): string | null {
  const wf = state.workflow(st.workflowId);
  if (!wf) return null;
  if (wf.envId) return wf.envId;
  const envVar = (wf.variables ?? []).find((x) => x.type === 'Environment');
  const val = envVar ? st.workflowVariables?.[envVar.name] : undefined;
  return val && !val.startsWith('${') ? val : null;
}

/** The app-scope gate of object queries taking a top-level applicationId. */
export function gateApp(state: EngineState, caller: Caller, appId: string): void {
  if (!canReadApp(state, caller, appId)) throw notAuthorized('ACCESS_DENIED');
}
