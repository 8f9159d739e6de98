/**
 * The `HarnessClient` methods whose options a generated module narrows, in both forms: checked against
 * the registered account ({@link AccountCheckedMethods}) and as they are without one
 * ({@link UncheckedMethods}, what {@link UntypedHarnessClient} offers for names created after
 * generation).
 */
import type { HarnessClient } from '../client.js';
import type { FindPipelineOptions, FindWorkflowOptions, GetExecutionInputsOptions, ListEntitiesOptions } from '../client.js';
import type { StartResult } from '../start-sender.js';
import type { CallOptions } from '../transport.js';
import type { PreparedStart, StartPipelineOptions, StartWorkflowOptions } from '../starts.js';
import type { ApplicationRef, EntityDefinition, ExecutionInputsInfo } from '../types.js';
import type {
  AccountApplicationName,
  AccountExecutionInputsOptions,
  AccountFindPipelineOptions,
  AccountFindWorkflowOptions,
  AccountListEntitiesOptions,
  AccountPipelineVariableName,
  AccountStartPipelineOptions,
  AccountStartWorkflowOptions,
} from './register.js';

/** The narrowed signatures; each is today's signature exactly when no generated module is part of the compilation. */
export interface AccountCheckedMethods {
  findApplication(name: AccountApplicationName, options?: CallOptions): Promise<ApplicationRef>;
  findPipeline(options: AccountFindPipelineOptions): Promise<EntityDefinition>;
  findWorkflow(options: AccountFindWorkflowOptions): Promise<EntityDefinition>;
  listPipelines(options: AccountListEntitiesOptions): AsyncGenerator<EntityDefinition>;
  listWorkflows(options: AccountListEntitiesOptions): AsyncGenerator<EntityDefinition>;
  getExecutionInputs<RuntimeInputs extends AccountPipelineVariableName = never>(options: AccountExecutionInputsOptions<RuntimeInputs>): Promise<ExecutionInputsInfo>;
  preparePipelineStart<RuntimeInputs extends AccountPipelineVariableName = never>(options: AccountStartPipelineOptions<RuntimeInputs>): Promise<PreparedStart>;
  prepareWorkflowStart(options: AccountStartWorkflowOptions): Promise<PreparedStart>;
  startPipeline<RuntimeInputs extends AccountPipelineVariableName = never>(options: AccountStartPipelineOptions<RuntimeInputs>): Promise<StartResult>;
  startWorkflow(options: AccountStartWorkflowOptions): Promise<StartResult>;
}

/** The same methods with the SDK's own option types, whatever module is part of the compilation. */
export interface UncheckedMethods {
  findApplication(name: string, options?: CallOptions): Promise<ApplicationRef>;
  findPipeline(options: FindPipelineOptions): Promise<EntityDefinition>;
  findWorkflow(options: FindWorkflowOptions): Promise<EntityDefinition>;
  listPipelines(options: ListEntitiesOptions): AsyncGenerator<EntityDefinition>;
  listWorkflows(options: ListEntitiesOptions): AsyncGenerator<EntityDefinition>;
  getExecutionInputs(options: GetExecutionInputsOptions): Promise<ExecutionInputsInfo>;
  preparePipelineStart(options: StartPipelineOptions): Promise<PreparedStart>;
  prepareWorkflowStart(options: StartWorkflowOptions): Promise<PreparedStart>;
  startPipeline(options: StartPipelineOptions): Promise<StartResult>;
  startWorkflow(options: StartWorkflowOptions): Promise<StartResult>;
}

/** A client whose methods take any names: for pipelines, workflows or variables created after generation. */
export type UntypedHarnessClient = Omit<HarnessClient, keyof UncheckedMethods | 'untyped'> & UncheckedMethods;
