/**
 * Type-level checks of the project's own compilation, which holds no generated module: every narrowed
 * option type is then exactly the SDK's own, so adding the account types breaks no existing code.
 * `npm run typecheck` fails when one differs.
 */
import type {
  AccountApplicationName,
  AccountExecutionInputsOptions,
  AccountFindPipelineOptions,
  AccountFindWorkflowOptions,
  AccountListEntitiesOptions,
  AccountPipelineVariableName,
  AccountStartPipelineOptions,
  AccountStartWorkflowOptions,
  IsAccountRegistered,
} from '../../src/account-types/index.js';
import type {
  FindPipelineOptions,
  FindWorkflowOptions,
  GetExecutionInputsOptions,
  ListEntitiesOptions,
  StartPipelineOptions,
  StartWorkflowOptions,
} from '../../src/index.js';

/** `true` only when the two types are identical (not merely assignable both ways). */
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export const nothingRegistered: IsAccountRegistered extends false ? true : false = true;
export const startPipelineUnchanged: Identical<AccountStartPipelineOptions, StartPipelineOptions> = true;
export const startPipelineWithRuntimeInputsUnchanged: Identical<AccountStartPipelineOptions<'releaseTag'>, StartPipelineOptions> = true;
export const startWorkflowUnchanged: Identical<AccountStartWorkflowOptions, StartWorkflowOptions> = true;
export const executionInputsUnchanged: Identical<AccountExecutionInputsOptions, GetExecutionInputsOptions> = true;
export const findPipelineUnchanged: Identical<AccountFindPipelineOptions, FindPipelineOptions> = true;
export const findWorkflowUnchanged: Identical<AccountFindWorkflowOptions, FindWorkflowOptions> = true;
export const listUnchanged: Identical<AccountListEntitiesOptions, ListEntitiesOptions> = true;
export const applicationNameUnchanged: Identical<AccountApplicationName, string> = true;
export const runtimeInputNameUnchanged: Identical<AccountPipelineVariableName, string> = true;
