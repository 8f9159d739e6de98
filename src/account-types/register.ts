/**
 * Types to a user's own account. A module written by `harness-exec generate` augments
 * {@link Register} with the account it read; from then on the option types below narrow every
 * `HarnessClient` method to that account's applications, pipelines, workflows and variables. Without
 * such a module `Register` stays empty and each type below is exactly today's option type.
 *
 * Runtime validation is unchanged: types can go stale, the server stays the truth.
 */
import type {
  FindPipelineOptions,
  FindWorkflowOptions,
  GetExecutionInputsOptions,
  ListEntitiesOptions,
} from '../client.js';
import type { StartPipelineOptions, StartWorkflowOptions } from '../starts.js';
import type { ManifestChoice, StartArtifactChoice } from '../types.js';

/**
 * Filled in by a generated module through module augmentation; empty otherwise.
 *
 * @example
 * ```ts
 * // harness-types.ts, written by `harness-exec generate --app "Harness Demo"`
 * declare module 'harness-graphql-sdk' {
 *   interface Register {
 *     account: HarnessAccount;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface Register {}

/** A declared variable as a generated module records it. */
export interface VariableShape {
  readonly type: string;
  readonly required: boolean;
  readonly allowedValues: readonly string[];
  readonly defaultValue: string | null;
  readonly fixed: boolean;
  readonly allowMultipleValues: boolean;
}

/** A pipeline or workflow as a generated module records it. */
export interface EntityShape {
  readonly id: string;
  readonly variables: { readonly [name: string]: VariableShape };
  readonly servicesNeedingArtifacts: readonly string[] | null;
  readonly servicesNeedingManifests: readonly string[] | null;
}

/** An application as a generated module records it. */
export interface ApplicationShape {
  readonly id: string;
  readonly pipelines: { readonly [name: string]: EntityShape };
  readonly workflows: { readonly [name: string]: EntityShape };
}

/** The shape of `Register['account']`: applications by name. */
export interface AccountShape {
  readonly applications: { readonly [name: string]: ApplicationShape };
}

/** The account a generated module registered, or `never` when none is part of the compilation. */
export type RegisteredAccount = Register extends { account: infer Account extends AccountShape } ? Account : never;

/** `true` once a generated module is part of the compilation. */
export type IsAccountRegistered = [RegisteredAccount] extends [never] ? false : true;

type Applications = RegisteredAccount['applications'];
type AppName = keyof Applications & string;

/**
 * `undefined` when the SDK's own option type accepts an explicit `undefined` for the key, so that the
 * narrowed options accept exactly what the wide ones do under `exactOptionalPropertyTypes`.
 */
type UndefinedIn<Base, Key extends keyof Base> = undefined extends Required<Base>[Key] ? undefined : never;

/** Flattens intersections so hovers and messages show one object type. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

// ----- values of one variable -----

type AllowedItem<V extends VariableShape> = V['allowedValues'] extends readonly [] ? string : V['allowedValues'][number];

/** Text: a string (one of the allowed values when the list is set); an array of them when several are allowed. */
type TextValue<V extends VariableShape> = V['allowMultipleValues'] extends true ? readonly AllowedItem<V>[] : AllowedItem<V>;

/**
 * An entity (Environment, Service, Infrastructure definition, ...): its name, `{ name }` or `{ id }`;
 * several names as an array where the variable allows several values.
 */
type EntityValue<V extends VariableShape> = V['allowMultipleValues'] extends true
  ? readonly AllowedItem<V>[] | { readonly id: AllowedItem<V> }
  : AllowedItem<V> | { readonly id: AllowedItem<V> } | { readonly name: AllowedItem<V> };

type FixedValue<V extends VariableShape> = V['defaultValue'] extends string ? V['defaultValue'] : '';

/** The value a variable takes: its fixed value when fixed, otherwise by its type. */
export type VariableValueOf<V extends VariableShape> = V['fixed'] extends true
  ? FixedValue<V>
  : V['type'] extends 'Text'
    ? TextValue<V>
    : EntityValue<V>;

// ----- the variables of one entity -----

type VariablesOf<E extends EntityShape> = E['variables'];

/** Names a start must give: required and not fixed (Harness demands exactly these). */
type RequiredNames<E extends EntityShape> = {
  [K in keyof VariablesOf<E>]: VariablesOf<E>[K]['required'] extends true
    ? VariablesOf<E>[K]['fixed'] extends true
      ? never
      : K
    : never;
}[keyof VariablesOf<E>] &
  string;

/**
 * The `variables` object of a start: required variables required (except those named as runtime
 * inputs), the others optional, unknown names refused by excess-property checks.
 */
export type EntityVariables<E extends EntityShape, RuntimeInputs extends string = never> = Flatten<
  { readonly [K in Exclude<RequiredNames<E>, RuntimeInputs>]: VariableValueOf<VariablesOf<E>[K]> } & {
    readonly [K in Exclude<keyof VariablesOf<E> & string, Exclude<RequiredNames<E>, RuntimeInputs>>]?:
      | VariableValueOf<VariablesOf<E>[K]>
      | undefined;
  }
>;

/** `variables` is required when the entity has a required variable, optional otherwise. */
type VariablesOption<E extends EntityShape, RuntimeInputs extends string = never> = [Exclude<RequiredNames<E>, RuntimeInputs>] extends [never]
  ? { readonly variables?: EntityVariables<E, RuntimeInputs> | UndefinedIn<StartPipelineOptions, 'variables'> }
  : { readonly variables: EntityVariables<E, RuntimeInputs> };

/** Services by name, each requiring a choice; unknown (not knowable at generation) leaves the wide type. */
type ServiceChoices<Services, Choice, Key extends 'artifacts' | 'manifests', Wide> = Services extends readonly string[]
  ? [Services[number]] extends [never]
    ? { readonly [K in Key]?: { readonly [name: string]: never } | UndefinedIn<StartPipelineOptions, Key> }
    : { readonly [K in Key]: { readonly [S in Services[number]]: Choice } }
  : { readonly [K in Key]?: Wide };

type ServiceOptions<E extends EntityShape> = ServiceChoices<
  E['servicesNeedingArtifacts'],
  StartArtifactChoice,
  'artifacts',
  Required<StartPipelineOptions>['artifacts'] | UndefinedIn<StartPipelineOptions, 'artifacts'>
> &
  ServiceChoices<
    E['servicesNeedingManifests'],
    ManifestChoice,
    'manifests',
    Required<StartPipelineOptions>['manifests'] | UndefinedIn<StartPipelineOptions, 'manifests'>
  >;

// ----- naming applications and entities -----

type ApplicationSelection<A extends AppName> =
  | { readonly applicationName: A; readonly applicationId?: never }
  | { readonly applicationId: Applications[A]['id']; readonly applicationName?: never };

type Kind = 'pipelines' | 'workflows';
type EntityNameKey<K extends Kind> = K extends 'pipelines' ? 'pipelineName' : 'workflowName';
type EntityIdKey<K extends Kind> = K extends 'pipelines' ? 'pipelineId' : 'workflowId';
type EntitiesOf<A extends AppName, K extends Kind> = Applications[A][K];

type EntitySelection<K extends Kind, Name extends string, Id extends string> =
  | ({ readonly [P in EntityNameKey<K>]: Name } & { readonly [P in EntityIdKey<K>]?: never })
  | ({ readonly [P in EntityIdKey<K>]: Id } & { readonly [P in EntityNameKey<K>]?: never });

/**
 * For every application and every entity of a kind, the options naming it with its own variables
 * (and, for starts, its own services), as one union discriminated by the names and ids.
 */
type StartOptionsOfAccount<K extends Kind, RuntimeInputs extends string, Extra, WithServices extends boolean> = {
  [A in AppName]: {
    [N in keyof EntitiesOf<A, K> & string]: EntitiesOf<A, K>[N] extends infer E extends EntityShape
      ? ApplicationSelection<A> &
          EntitySelection<K, N, E['id']> &
          VariablesOption<E, RuntimeInputs> &
          (WithServices extends true ? ServiceOptions<E> : unknown) &
          RuntimeInputsOption<K, RuntimeInputs> &
          Extra
      : never;
  }[keyof EntitiesOf<A, K> & string];
}[AppName];

/**
 * Pipelines: `runtimeInputs` names required variables that a stage asks for when it runs. The names
 * are checked against every registered pipeline's variables (the method's type parameter); the
 * start's own pipeline is checked at run time, as without generated types.
 */
type RuntimeInputsOption<K extends Kind, RuntimeInputs extends string> = K extends 'pipelines'
  ? { readonly runtimeInputs?: readonly RuntimeInputs[] }
  : unknown;

/** For every application and every entity of a kind, the options naming it by name or id, as one union. */
type SelectionOfAccount<K extends Kind, Extra> = {
  [A in AppName]: {
    [N in keyof EntitiesOf<A, K> & string]: EntitiesOf<A, K>[N] extends infer E extends EntityShape
      ? ApplicationSelection<A> & EntitySelection<K, N, E['id']> & Extra
      : never;
  }[keyof EntitiesOf<A, K> & string];
}[AppName];

type SelectionKeys = 'applicationId' | 'applicationName' | 'pipelineId' | 'pipelineName' | 'workflowId' | 'workflowName';
type TypedKeys = SelectionKeys | 'variables' | 'artifacts' | 'manifests' | 'runtimeInputs';

// ----- the options of each method -----

// Named aliases without parameters, so that compiler messages name them instead of their expansion.
type CheckedStartWorkflowOptions = StartOptionsOfAccount<'workflows', never, Omit<StartWorkflowOptions, TypedKeys>, true>;
type CheckedFindPipelineOptions = SelectionOfAccount<'pipelines', Omit<FindPipelineOptions, SelectionKeys>>;
type CheckedFindWorkflowOptions = SelectionOfAccount<'workflows', Omit<FindWorkflowOptions, SelectionKeys>>;
type CheckedListEntitiesOptions = { [A in AppName]: ApplicationSelection<A> & Omit<ListEntitiesOptions, SelectionKeys> }[AppName];

/**
 * Options of `startPipeline` and `preparePipelineStart`: {@link StartPipelineOptions}, narrowed to the
 * registered account when a generated module is part of the compilation.
 * `RuntimeInputs` is inferred from `runtimeInputs`: the required variables named there may be left out.
 */
export type AccountStartPipelineOptions<RuntimeInputs extends string = never> = IsAccountRegistered extends true
  ? StartOptionsOfAccount<'pipelines', RuntimeInputs, Omit<StartPipelineOptions, TypedKeys>, true>
  : StartPipelineOptions;

/** Options of `startWorkflow` and `prepareWorkflowStart`, narrowed like {@link AccountStartPipelineOptions}. */
export type AccountStartWorkflowOptions = IsAccountRegistered extends true
  ? CheckedStartWorkflowOptions
  : StartWorkflowOptions;

/** Options of `getExecutionInputs`, narrowed like the starts. */
export type AccountExecutionInputsOptions<RuntimeInputs extends string = never> = IsAccountRegistered extends true
  ?
      | StartOptionsOfAccount<'pipelines', RuntimeInputs, Omit<GetExecutionInputsOptions, TypedKeys>, false>
      | StartOptionsOfAccount<'workflows', never, Omit<GetExecutionInputsOptions, TypedKeys>, false>
  : GetExecutionInputsOptions;

/** Options of `findPipeline`: a registered application and one of its pipelines, by name or id. */
export type AccountFindPipelineOptions = IsAccountRegistered extends true
  ? CheckedFindPipelineOptions
  : FindPipelineOptions;

/** Options of `findWorkflow`: a registered application and one of its workflows, by name or id. */
export type AccountFindWorkflowOptions = IsAccountRegistered extends true
  ? CheckedFindWorkflowOptions
  : FindWorkflowOptions;

/** Options of `listPipelines` and `listWorkflows`: a registered application, by name or id. */
export type AccountListEntitiesOptions = IsAccountRegistered extends true
  ? CheckedListEntitiesOptions
  : ListEntitiesOptions;

/** The name `findApplication` takes: a registered application's name, or any string without a generated module. */
export type AccountApplicationName = IsAccountRegistered extends true ? keyof RegisteredAccount['applications'] & string : string;

/**
 * Names `runtimeInputs` may hold: the variables of the registered pipelines (each start then accepts
 * only its own pipeline's), or any string without a generated module.
 */
export type AccountPipelineVariableName = IsAccountRegistered extends true
  ? {
      [A in AppName]: {
        [N in keyof EntitiesOf<A, 'pipelines'>]: EntitiesOf<A, 'pipelines'>[N] extends infer E extends EntityShape ? keyof VariablesOf<E> & string : never;
      }[keyof EntitiesOf<A, 'pipelines'>];
    }[AppName]
  : string;
