/**
 * The fake's domain logic behind one facade: permissions, the checks of startExecution and
 * executionInputs in Harness's order, executions that move on the fake clock, and the actions of
 * humans on them. Deliberately independent of the SDK's own client-side validation so that tests
 * catch the SDK's mistakes. Each concern lives in its own module under `engine/`.
 */
import { abort } from './engine/abort.js';
import { approvalDetails, approveOrReject } from './engine/approvals.js';
import { buildsOfSource, collectedAtOf, listCollectedBuilds, type ArtifactFilter, type CollectedBuild } from './engine/collected-builds.js';
import type { ClockLike } from './engine/clock.js';
import { tickAll } from './engine/lifecycle.js';
import { callerForKey, callerForSessionToken, canReadApp, gateApp } from './engine/permissions.js';
import { executionUrl, publicStatus, runtimeVariablesOf, snapshot, visibleExecution } from './engine/reading.js';
import type { Caller, ExecRecord, PendingApprovalRef, StageRecord, StartInput, SvcInput, VarInput } from './engine/records.js';
import { resumeExecution } from './engine/resume.js';
import { pipelineResumeRuntime, runtimeInputsQuery } from './engine/runtime-inputs.js';
import { executionInputs, startExecution } from './engine/start.js';
import { EngineState, type EngineOptions } from './engine/state.js';
import type {
  FakeApplication,
  FakeArtifact,
  FakeArtifactSource,
  FakeExecutionSnapshot,
  FakeExecutionStatus,
  FakeHarnessData,
  FakePipeline,
  FakeService,
  FakeVariable,
  FakeWorkflow,
} from './types.js';

export { parseCsv } from './engine/csv.js';
export { PREPARING_MS, QUEUE_MS } from './engine/lifecycle.js';
export { isTerminal } from './engine/records.js';
export type { ClockLike } from './engine/clock.js';
export type { EngineOptions } from './engine/state.js';
export type { CallerPrincipal } from './engine/records.js';
export type { Caller, ExecRecord, PendingApprovalRef, StageRecord, StartInput, SvcInput, VarInput };

export class FakeEngine {
  private readonly state: EngineState;

  constructor(data: FakeHarnessData, accountId: string, portalUrl: string, clock: ClockLike, options: EngineOptions = {}) {
    this.state = new EngineState(data, accountId, portalUrl, clock, options);
  }

  /** The data served (mutations show up at once). */
  get data(): FakeHarnessData {
    return this.state.data;
  }
  /** Every execution started, by id, including the workflow executions of pipeline stages. */
  get execs(): ReadonlyMap<string, ExecRecord> {
    return this.state.execs;
  }
  /** Whether `executions` needs exactly one application filter (FF GRAPHQL_WORKFLOW_EXECUTION_OPTIMIZATION). */
  get singleApplicationExecutions(): boolean {
    return this.state.singleApplicationExecutions;
  }
  /** createdAt of seeded entities that do not set one. */
  get createdAtDefault(): number {
    return this.state.createdAtDefault;
  }

  // lookups and permissions
  callerForKey(value: string | undefined): Caller | null {
    return callerForKey(this.state, value);
  }
  callerForSessionToken(token: string | undefined): Caller | null {
    return callerForSessionToken(this.state, token);
  }
  app(id: string): FakeApplication | undefined {
    return this.state.app(id);
  }
  workflow(id: string): FakeWorkflow | undefined {
    return this.state.workflow(id);
  }
  pipeline(id: string): FakePipeline | undefined {
    return this.state.pipeline(id);
  }
  canReadApp(caller: Caller, appId: string): boolean {
    return canReadApp(this.state, caller, appId);
  }
  /** The app-scope gate of object queries taking a top-level applicationId. */
  gateApp(caller: Caller, appId: string): void {
    gateApp(this.state, caller, appId);
  }

  // collected builds
  /** Builds the caller may read that pass every filter, most recently collected first. */
  listCollectedBuilds(caller: Caller, filters: readonly (ArtifactFilter | null)[]): CollectedBuild[] {
    return listCollectedBuilds(this.state, caller, filters);
  }
  /** The builds of one source, most recently collected first. */
  buildsOfSource(source: FakeArtifactSource): FakeArtifact[] {
    return buildsOfSource(this.state, source);
  }
  collectedAtOf(artifact: FakeArtifact): number {
    return collectedAtOf(this.state, artifact);
  }

  // validation and starts
  executionInputs(
    caller: Caller,
    args: Parameters<typeof executionInputs>[2],
  ): { serviceInputs: FakeService[]; serviceManifestInputs: FakeService[] } {
    return executionInputs(this.state, caller, args);
  }
  startExecution(caller: Caller, input: StartInput, beforeCreate?: () => void): { execution: ExecRecord; warningMessage: string | null } {
    return startExecution(this.state, caller, input, beforeCreate);
  }

  // lifecycle and reading
  /** Brings every execution up to the current clock time. */
  tickAll(): void {
    tickAll(this.state);
  }
  /** An execution the caller may see (its application is readable), brought up to date. */
  visibleExecution(caller: Caller, id: string): ExecRecord | undefined {
    return visibleExecution(this.state, caller, id);
  }
  executionUrl(e: ExecRecord): string {
    return executionUrl(this.state, e);
  }
  publicStatus(e: ExecRecord): FakeExecutionStatus | null {
    return publicStatus(this.state, e);
  }
  runtimeVariablesOf(e: ExecRecord, st: StageRecord): FakeVariable[] {
    return runtimeVariablesOf(this.state, e, st);
  }
  snapshot(e: ExecRecord): FakeExecutionSnapshot {
    return snapshot(this.state, e);
  }

  // human actions
  approvalDetails(caller: Caller, appId: string, executionId: string): { exec: ExecRecord; pending: PendingApprovalRef[] } {
    return approvalDetails(this.state, caller, appId, executionId);
  }
  approveOrReject(caller: Caller, input: Parameters<typeof approveOrReject>[2]): void {
    approveOrReject(this.state, caller, input);
  }
  resumeExecution(caller: Caller, input: Parameters<typeof resumeExecution>[2]): ExecRecord {
    return resumeExecution(this.state, caller, input);
  }
  runtimeInputsQuery(caller: Caller, args: Parameters<typeof runtimeInputsQuery>[2]): FakeService[] {
    return runtimeInputsQuery(this.state, caller, args);
  }
  pipelineResumeRuntime(caller: Caller, input: Parameters<typeof pipelineResumeRuntime>[2]): void {
    pipelineResumeRuntime(this.state, caller, input);
  }
  abort(caller: Caller, executionId: string, appId: string | null, interruptType: unknown): Record<string, unknown> {
    return abort(this.state, caller, executionId, appId, interruptType);
  }
}
