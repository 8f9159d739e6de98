/**
 * Reads the account model through the public client: the named applications, every pipeline and
 * workflow with its declared variables, and, where the variables' values cannot change the answer,
 * which services a start must give an artifact or manifest for.
 */
import { isHarnessNotFoundError, isHarnessPermissionError, isHarnessRequestError, isHarnessValidationError } from '../errors.js';
import { ExecutionInputsDocument } from '../generated/graphql.js';
import { buildVariableInputs } from '../inputs/index.js';
import { toServicesNeedingInput } from '../mappers.js';
import type { TransportHooks } from '../transport.js';
import type { DeclaredVariable, EntityDefinition } from '../types.js';
import type { HarnessClient } from '../client.js';
import type { UncheckedMethods } from './client-methods.js';
import type { AccountModel, ApplicationModel, EntityModel, SkippedItem, VariableModel } from './model.js';
import { compareCodePoints } from './render.js';

/** What reading needs from a client (a `HarnessClient` fits). */
export type AccountReader = Pick<UncheckedMethods, 'findApplication' | 'listPipelines' | 'listWorkflows'> & Pick<HarnessClient, 'request'>;

/** Counts the HTTP requests a client sends, through its `hooks.onRequest`. */
export interface RequestCounter {
  /** Pass these as the client's `hooks` (they call the hooks given to {@link createRequestCounter} too). */
  readonly hooks: TransportHooks;
  /** Requests sent so far, retries included (each one spends the account's budget). */
  readonly requests: number;
}

/** A counter for a client about to be built: `new HarnessClient({ ...options, hooks: counter.hooks })`. */
export function createRequestCounter(hooks: TransportHooks = {}): RequestCounter {
  let requests = 0;
  return {
    hooks: {
      ...hooks,
      onRequest(event) {
        requests += 1;
        hooks.onRequest?.(event);
      },
    },
    get requests() {
      return requests;
    },
  };
}

/** Options of {@link readAccountModel}. */
export interface ReadAccountModelOptions {
  /** Exact names of the applications to read. */
  applications: readonly string[];
  /** Cancels the reading. @default none */
  signal?: AbortSignal | undefined;
}

/** What {@link readAccountModel} answers. */
export interface AccountReading {
  model: AccountModel;
  /** What was left out, and why, in a stable order. */
  skipped: SkippedItem[];
}

/**
 * Variable types whose values decide which services, environments and infrastructures a start uses:
 * while one of them is a free variable, the services needing artifacts are unknowable.
 */
const SERVICE_DECIDING_TYPES: ReadonlySet<string> = new Set(['Environment', 'Service', 'Infrastructure definition']);

/** A stand-in value for a required variable that cannot change which services a start needs. */
function placeholderValue(variable: DeclaredVariable): string {
  return variable.allowedValues[0] ?? 'placeholder';
}

function toVariableModel(variable: DeclaredVariable): VariableModel {
  return {
    type: variable.type,
    required: variable.required,
    allowedValues: [...variable.allowedValues],
    defaultValue: variable.defaultValue,
    fixed: variable.fixed,
    allowMultipleValues: variable.allowMultipleValues,
  };
}

/** An error that says something about this one entity, not about the account or the connection. */
function isEntityProblem(error: unknown): error is Error {
  return isHarnessValidationError(error) || isHarnessRequestError(error) || isHarnessNotFoundError(error) || isHarnessPermissionError(error);
}

interface EntityContext {
  readonly client: AccountReader;
  readonly applicationName: string;
  readonly skipped: SkippedItem[];
  readonly signal: AbortSignal | undefined;
}

function describeEntity(entity: EntityDefinition, applicationName: string): string {
  return `${entity.kind.toLowerCase()} ${JSON.stringify(entity.name)} (${applicationName})`;
}

function serviceNames(raw: unknown): string[] {
  return toServicesNeedingInput(raw)
    .map((service) => service.name)
    .sort(compareCodePoints);
}

async function readEntity(context: EntityContext, entity: EntityDefinition): Promise<EntityModel> {
  const variables = new Map<string, VariableModel>();
  for (const variable of entity.variables) {
    // Harness checks the first declaration of a name; so do the types.
    if (!variables.has(variable.name)) variables.set(variable.name, toVariableModel(variable));
  }
  const model: EntityModel = {
    id: entity.id,
    // fromEntries defines own properties, so a name such as `__proto__` stays a key like any other.
    variables: Object.fromEntries(variables),
    servicesNeedingArtifacts: null,
    servicesNeedingManifests: null,
  };
  const deciding = entity.variables.filter((variable) => SERVICE_DECIDING_TYPES.has(variable.type) && !variable.fixed);
  if (deciding.length > 0) {
    const names = deciding.map((variable) => `${JSON.stringify(variable.name)} (${variable.type})`).join(', ');
    context.skipped.push({
      item: `services of ${describeEntity(entity, context.applicationName)}`,
      reason: `they depend on the value of ${deciding.length === 1 ? 'variable' : 'variables'} ${names}, known only at start`,
    });
    return model;
  }
  const values: Record<string, string> = {};
  for (const variable of entity.variables) {
    if (variable.required && !variable.fixed) values[variable.name] = placeholderValue(variable);
  }
  try {
    // executionInputs straight away: the definition is already in hand, and getExecutionInputs would
    // spend one more request per entity reading it again.
    const variableInputs = buildVariableInputs(entity.variables, values, { kind: entity.kind, entityName: entity.name });
    const data = await context.client.request(
      ExecutionInputsDocument,
      { applicationId: entity.applicationId, entityId: entity.id, executionType: entity.kind, variableInputs },
      { signal: context.signal },
    );
    model.servicesNeedingArtifacts = serviceNames(data?.executionInputs?.serviceInputs);
    model.servicesNeedingManifests = serviceNames(data?.executionInputs?.serviceManifestInputs);
  } catch (error) {
    if (!isEntityProblem(error)) throw error;
    context.skipped.push({
      item: `services of ${describeEntity(entity, context.applicationName)}`,
      reason: `Harness did not say which services it needs: ${error.message}`,
    });
  }
  return model;
}

async function readEntities(
  context: EntityContext,
  listing: AsyncIterable<EntityDefinition>,
): Promise<Record<string, EntityModel>> {
  const definitions: EntityDefinition[] = [];
  for await (const entity of listing) definitions.push(entity);
  definitions.sort((a, b) => compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id));
  const entities = new Map<string, EntityModel>();
  for (const entity of definitions) {
    if (entities.has(entity.name)) {
      context.skipped.push({
        item: `${describeEntity(entity, context.applicationName)} with id ${entity.id}`,
        reason: `another ${entity.kind.toLowerCase()} has the same name; start it by id through client.untyped`,
      });
      continue;
    }
    // One entity at a time: the reads share the account's budget with everything else it runs.
    entities.set(entity.name, await readEntity(context, entity));
  }
  return Object.fromEntries(entities);
}

/**
 * Reads the named applications into an account model. Costs one request per application, one per
 * page of 100 pipelines or workflows, and one executionInputs per entity whose services are knowable.
 * @throws {HarnessNotFoundError} when an application does not exist (with the closest names)
 */
export async function readAccountModel(client: AccountReader, options: ReadAccountModelOptions): Promise<AccountReading> {
  const skipped: SkippedItem[] = [];
  const applications = new Map<string, ApplicationModel>();
  const names = [...new Set(options.applications)].sort(compareCodePoints);
  for (const name of names) {
    const application = await client.findApplication(name, { signal: options.signal });
    const context: EntityContext = { client, applicationName: application.name, skipped, signal: options.signal };
    const selection = { applicationId: application.id, signal: options.signal };
    const pipelines = await readEntities(context, client.listPipelines(selection));
    const workflows = await readEntities(context, client.listWorkflows(selection));
    applications.set(application.name, { id: application.id, pipelines, workflows });
  }
  return { model: { applications: Object.fromEntries(applications) }, skipped };
}
