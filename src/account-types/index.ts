/** Types to a user's own account: generation, drift check, and the registered option types. */
export { generateAccountTypes, checkAccountTypes } from './generate.js';
export type { GenerateAccountTypesOptions, GeneratedAccountTypes, CheckAccountTypesOptions, AccountTypesCheck } from './generate.js';
export { readAccountModel, createRequestCounter } from './read.js';
export type { AccountReader, AccountReading, ReadAccountModelOptions, RequestCounter } from './read.js';
export { renderAccountTypes, parseAccountTypes, generateCommand } from './render.js';
export type { RenderOptions } from './render.js';
export { diffAccountModels, formatDrift } from './diff.js';
export type { DriftItem } from './diff.js';
export type { AccountModel, ApplicationModel, EntityModel, SkippedItem, VariableModel } from './model.js';
export type {
  AccountApplicationName,
  AccountExecutionInputsOptions,
  AccountFindPipelineOptions,
  AccountFindWorkflowOptions,
  AccountListEntitiesOptions,
  AccountPipelineVariableName,
  AccountShape,
  AccountStartPipelineOptions,
  AccountStartWorkflowOptions,
  ApplicationShape,
  EntityShape,
  EntityVariables,
  IsAccountRegistered,
  Register,
  RegisteredAccount,
  VariableShape,
  VariableValueOf,
} from './register.js';
export type { AccountCheckedMethods, UncheckedMethods, UntypedHarnessClient } from './client-methods.js';
