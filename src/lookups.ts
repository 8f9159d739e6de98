/**
 * Name-to-id lookups and entity definitions, with a short-lived cache so that a second start on the
 * same client costs two requests (executionInputs and startExecution), not four.
 */
import { HarnessNotFoundError, HarnessValidationError, isHarnessNotFoundError } from './errors.js';
import {
  ApplicationByNameDocument,
  ListApplicationsDocument,
  ListPipelinesDocument,
  ListWorkflowsDocument,
  PipelineByIdDocument,
  PipelineByNameDocument,
  PipelineNamesDocument,
  WorkflowByIdDocument,
  WorkflowByNameDocument,
  WorkflowNamesDocument,
} from './generated/graphql.js';
import { suggestClosest } from './inputs/did-you-mean.js';
import type { Clock } from './internal/clock.js';
import { str } from './internal/loose-json.js';
import { nonEmpty } from './internal/options.js';
import { toDeclaredVariables } from './mappers.js';
import type { IdOrName } from './selector.js';
import type { Transport, TransportCallOptions } from './transport.js';
import type { ApplicationRef, EntityDefinition, ExecutionKind } from './types.js';

/** Connections are capped at 100 items per page by Harness. */
export const PAGE_SIZE = 100;

interface CacheEntry<T> {
  value: T;
  expiresAt: number;
}

/** A pipeline or workflow as the by-id and by-name queries answer it, read loosely. */
interface RawEntity {
  id: unknown;
  name: unknown;
  description: unknown;
  variables: unknown;
}

/** The queries of one kind of entity: the only place where pipelines and workflows differ here. */
interface EntityQueries {
  label: 'Pipeline' | 'Workflow';
  byId(transport: Transport, id: string, call: TransportCallOptions): Promise<RawEntity | null>;
  byName(transport: Transport, applicationId: string, name: string, call: TransportCallOptions): Promise<RawEntity | null>;
  page(transport: Transport, applicationId: string, offset: number, call: TransportCallOptions): Promise<{ nodes: unknown; hasMore: unknown }>;
  names(transport: Transport, applicationId: string, call: TransportCallOptions): Promise<unknown>;
}

function rawEntity(data: { id?: unknown; name?: unknown; description?: unknown } | null | undefined, variables: unknown): RawEntity | null {
  return data ? { id: data.id, name: data.name, description: data.description, variables } : null;
}

const ENTITY_QUERIES: Readonly<Record<ExecutionKind, EntityQueries>> = {
  PIPELINE: {
    label: 'Pipeline',
    byId: async (t, pipelineId, call) => {
      const data = (await t.request(PipelineByIdDocument, { pipelineId }, call))?.pipeline;
      return rawEntity(data, data?.pipelineVariables);
    },
    byName: async (t, applicationId, pipelineName, call) => {
      const data = (await t.request(PipelineByNameDocument, { applicationId, pipelineName }, call))?.pipelineByName;
      return rawEntity(data, data?.pipelineVariables);
    },
    page: async (t, applicationId, offset, call) => {
      const page = (await t.request(ListPipelinesDocument, { applicationId, limit: PAGE_SIZE, offset }, call))?.pipelines;
      return { nodes: page?.nodes, hasMore: page?.pageInfo?.hasMore };
    },
    names: async (t, applicationId, call) => (await t.request(PipelineNamesDocument, { applicationId, limit: PAGE_SIZE }, call))?.pipelines?.nodes,
  },
  WORKFLOW: {
    label: 'Workflow',
    byId: async (t, workflowId, call) => {
      const data = (await t.request(WorkflowByIdDocument, { workflowId }, call))?.workflow;
      return rawEntity(data, data?.workflowVariables);
    },
    byName: async (t, applicationId, workflowName, call) => {
      const data = (await t.request(WorkflowByNameDocument, { applicationId, workflowName }, call))?.workflowByName;
      return rawEntity(data, data?.workflowVariables);
    },
    page: async (t, applicationId, offset, call) => {
      const page = (await t.request(ListWorkflowsDocument, { applicationId, limit: PAGE_SIZE, offset }, call))?.workflows;
      return { nodes: page?.nodes, hasMore: page?.pageInfo?.hasMore };
    },
    names: async (t, applicationId, call) => (await t.request(WorkflowNamesDocument, { applicationId, limit: PAGE_SIZE }, call))?.workflows?.nodes,
  },
};

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The `name` of every node of a loosely read list. */
function namesOf(nodes: unknown): string[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.map((node) => str(record(node)?.name)).filter((name): name is string => name !== null && name !== '');
}

export class Lookups {
  readonly #cache = new Map<string, CacheEntry<unknown>>();

  constructor(
    private readonly transport: Transport,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  async #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const hit = this.#cache.get(key);
    if (hit && hit.expiresAt > now) return hit.value as T;
    const value = await load();
    if (this.ttlMs > 0) this.#cache.set(key, { value, expiresAt: now + this.ttlMs });
    return value;
  }

  async findApplication(name: string, options: TransportCallOptions = {}): Promise<ApplicationRef> {
    if (!nonEmpty(name)) {
      throw new HarnessValidationError([
        { code: 'missing_option', variable: 'applicationName', message: 'findApplication needs the application name (exact, case-sensitive).' },
      ]);
    }
    return this.#cached(`app-name:${name}`, async () => {
      let app;
      try {
        app = (await this.transport.request(ApplicationByNameDocument, { name }, { ...options, notFoundLookup: name }))?.applicationByName;
      } catch (error) {
        if (isHarnessNotFoundError(error)) throw await this.#appNotFound(name, error, options);
        throw error;
      }
      const id = str(app?.id);
      if (id === null) throw await this.#appNotFound(name, undefined, options);
      return { id, name: str(app?.name) ?? name };
    });
  }

  async #appNotFound(lookup: string, cause: unknown, call: TransportCallOptions): Promise<HarnessNotFoundError> {
    const hint = await this.#suggestion(lookup, 'the first 100 applications the API key can read', () => this.#applicationNames(call));
    return new HarnessNotFoundError(
      'application',
      lookup,
      `Application "${lookup}" was not found in account ${this.transport.accountId}.${hint} Names are exact and case-sensitive; check the name or that the API key's user groups can read the application.`,
      { operation: 'ApplicationByName', cause },
    );
  }

  async #applicationNames(call: TransportCallOptions): Promise<string[]> {
    const data = await this.transport.request(ListApplicationsDocument, { limit: PAGE_SIZE, offset: 0 }, call);
    return namesOf(data?.applications?.nodes);
  }

  /**
   * ` Did you mean "X"? (compared with ...)` when one page of names holds a close one (a case slip
   * included). One request at most; when it fails, no suggestion, and the not-found error stands.
   */
  async #suggestion(lookup: string, compared: string, loadNames: () => Promise<string[]>): Promise<string> {
    let names: string[];
    try {
      names = await loadNames();
    } catch {
      return '';
    }
    const closest = suggestClosest(lookup, names);
    return closest === undefined ? '' : ` Did you mean ${JSON.stringify(closest)}? (compared, ignoring case, with ${compared})`;
  }

  /** Resolves an application to its id (no request when the id is given). */
  async applicationId(application: IdOrName, options: TransportCallOptions = {}): Promise<string> {
    if (application.id !== undefined) return application.id;
    return (await this.findApplication(application.name, options)).id;
  }

  async definition(kind: ExecutionKind, applicationId: string, entity: IdOrName, options: TransportCallOptions = {}): Promise<EntityDefinition> {
    const queries = ENTITY_QUERIES[kind];
    const lookup = entity.id ?? entity.name;
    const key = `${kind}:${applicationId}:${entity.id !== undefined ? `id:${entity.id}` : `name:${entity.name}`}`;
    return this.#cached(key, async () => {
      const call = { ...options, notFoundLookup: lookup };
      let raw: RawEntity | null;
      try {
        raw = entity.id !== undefined
          ? await queries.byId(this.transport, entity.id, call)
          : await queries.byName(this.transport, applicationId, entity.name, call);
      } catch (error) {
        if (isHarnessNotFoundError(error)) throw await this.#entityNotFound(kind, entity, applicationId, error, options);
        throw error;
      }
      const id = str(raw?.id);
      if (id === null) throw await this.#entityNotFound(kind, entity, applicationId, undefined, options);
      return {
        id,
        name: str(raw?.name) ?? lookup,
        description: str(raw?.description),
        applicationId,
        kind,
        variables: toDeclaredVariables(raw?.variables),
      };
    });
  }

  async #entityNotFound(kind: ExecutionKind, entity: IdOrName, applicationId: string, cause: unknown, call: TransportCallOptions): Promise<HarnessNotFoundError> {
    const { label } = ENTITY_QUERIES[kind];
    const lookup = entity.id ?? entity.name;
    const hint =
      entity.name === undefined
        ? ''
        : await this.#suggestion(entity.name, `the first 100 ${label.toLowerCase()}s of the application`, async () =>
            namesOf(await ENTITY_QUERIES[kind].names(this.transport, applicationId, call)),
          );
    return new HarnessNotFoundError(
      label.toLowerCase(),
      lookup,
      `${label} "${lookup}" was not found in application ${applicationId}.${hint} Names are exact and case-sensitive; ` +
        `check the name, or that the API key's user groups can read it (list them with list${label}s).`,
      { operation: `${label}By${entity.id === undefined ? 'Name' : 'Id'}`, cause },
    );
  }

  /** Pages through the applications the credential may read, 100 at a time. */
  async *applications(options: TransportCallOptions = {}): AsyncGenerator<ApplicationRef> {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const data = await this.transport.request(ListApplicationsDocument, { limit: PAGE_SIZE, offset }, options);
      // Read defensively: a proxy or a changed API must end the listing, not throw a TypeError.
      const nodes: unknown[] = Array.isArray(data?.applications?.nodes) ? data.applications.nodes : [];
      let fresh = 0;
      for (const node of nodes) {
        const id = str((node as { id?: unknown } | null)?.id);
        if (id === null || id === '' || seen.has(id)) continue;
        seen.add(id);
        fresh += 1;
        yield { id, name: str((node as { name?: unknown }).name) ?? id };
      }
      // A short page ends the list; a page with nothing new means the server ignores offset.
      if (nodes.length < PAGE_SIZE || fresh === 0) return;
    }
  }

  /** Pages through an application's pipelines or workflows, 100 at a time. */
  async *list(kind: ExecutionKind, applicationId: string, options: TransportCallOptions = {}): AsyncGenerator<EntityDefinition> {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += PAGE_SIZE) {
      let fresh = 0;
      const page = await ENTITY_QUERIES[kind].page(this.transport, applicationId, offset, options);
      // Read defensively: a proxy or a changed API must end the listing, not throw a TypeError.
      const nodes = (Array.isArray(page.nodes) ? page.nodes : []).map(record).filter((node) => node !== null);
      for (const node of nodes) {
        const id = str(node.id);
        if (id === null || id === '' || seen.has(id)) continue;
        seen.add(id);
        fresh += 1;
        yield {
          id,
          name: str(node.name) ?? id,
          description: str(node.description),
          applicationId,
          kind,
          variables: toDeclaredVariables(node.pipelineVariables ?? node.workflowVariables),
        };
      }
      const hasMore = page.hasMore ?? nodes.length >= PAGE_SIZE;
      // A page with nothing new means the server ignores offset: stop rather than loop forever.
      if (hasMore !== true || nodes.length === 0 || fresh === 0) return;
    }
  }
}
