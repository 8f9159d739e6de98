/**
 * Which application and pipeline or workflow a call is about. Public options name them in pairs of
 * alternatives (`applicationId` or `applicationName`, `pipelineName` or `workflowId`, ...); they are
 * read here once, at the edge, into one selector, so the rest of the SDK never branches on option
 * names again.
 */
import type { ValidationIssue } from './errors.js';
import { nonEmpty } from './internal/options.js';
import type { ExecutionKind } from './types.js';

/** Something named by its id or by its exact name. */
export type IdOrName = { readonly id: string; readonly name?: undefined } | { readonly name: string; readonly id?: undefined };

/** A pipeline or workflow in an application. */
export interface EntitySelector {
  readonly kind: ExecutionKind;
  readonly application: IdOrName;
  readonly entity: IdOrName;
}

/** The option names of each kind, in public options. */
export const ENTITY_OPTION_NAMES: Readonly<Record<ExecutionKind, { readonly id: string; readonly name: string }>> = {
  PIPELINE: { id: 'pipelineId', name: 'pipelineName' },
  WORKFLOW: { id: 'workflowId', name: 'workflowName' },
};

/** An options object read as loose JSON: callers in plain JavaScript can pass anything. */
export function optionsRecord(options: unknown): Readonly<Record<string, unknown>> {
  return typeof options === 'object' && options !== null ? Object.fromEntries(Object.entries(options)) : {};
}

/**
 * Reads one of two alternative options (`byId` or `byName`): exactly one must be given, as a
 * non-empty string. Pushes an issue otherwise.
 */
export function readIdOrName(issues: ValidationIssue[], raw: Readonly<Record<string, unknown>>, byId: string, byName: string): IdOrName | undefined {
  const id = raw[byId];
  const name = raw[byName];
  if (id !== undefined && name !== undefined) {
    issues.push({ code: 'invalid_option', variable: byId, message: `Pass either ${byId} or ${byName}, not both.` });
    return undefined;
  }
  if (id === undefined && name === undefined) {
    issues.push({ code: 'missing_option', variable: byName, message: `Pass ${byName} (exact, case-sensitive) or ${byId}.` });
    return undefined;
  }
  const [key, value] = id !== undefined ? [byId, id] : [byName, name];
  if (!nonEmpty(value)) {
    issues.push({ code: 'invalid_option', variable: key, message: `${key} must be a non-empty string.` });
    return undefined;
  }
  return id !== undefined ? { id: value } : { name: value };
}

/** The application of an options object (`applicationId` or `applicationName`). */
export function readApplication(issues: ValidationIssue[], raw: Readonly<Record<string, unknown>>): IdOrName | undefined {
  return readIdOrName(issues, raw, 'applicationId', 'applicationName');
}

/** The application and the pipeline or workflow of an options object. */
export function readEntitySelector(issues: ValidationIssue[], kind: ExecutionKind, raw: Readonly<Record<string, unknown>>): EntitySelector | undefined {
  const application = readApplication(issues, raw);
  const names = ENTITY_OPTION_NAMES[kind];
  const entity = readIdOrName(issues, raw, names.id, names.name);
  return application && entity ? { kind, application, entity } : undefined;
}

/**
 * Whether an options object names a pipeline or a workflow (for calls that take either). Pushes an
 * issue when it names both or neither.
 */
export function readKind(issues: ValidationIssue[], raw: Readonly<Record<string, unknown>>): ExecutionKind | undefined {
  const named = (kind: ExecutionKind) => raw[ENTITY_OPTION_NAMES[kind].id] !== undefined || raw[ENTITY_OPTION_NAMES[kind].name] !== undefined;
  const isPipeline = named('PIPELINE');
  if (isPipeline === named('WORKFLOW')) {
    issues.push({
      code: isPipeline ? 'invalid_option' : 'missing_option',
      variable: 'pipelineName',
      message: 'Pass exactly one of pipelineId, pipelineName, workflowId or workflowName.',
    });
    return undefined;
  }
  return isPipeline ? 'PIPELINE' : 'WORKFLOW';
}
