/**
 * Name-to-id lookups and entity definitions, with a short-lived cache so that a second start on the
 * same client costs two requests (executionInputs and startExecution), not four.
 */
import { HarnessNotFoundError, HarnessValidationError, isHarnessNotFoundError, type ValidationIssue } from './errors.js';
import {
  ApplicationByIdDocument,
  ApplicationByNameDocument,
  ListPipelinesDocument,
  ListWorkflowsDocument,
  PipelineByIdDocument,
  PipelineByNameDocument,
  WorkflowByIdDocument,
  WorkflowByNameDocument,
} from './generated/graphql.js';
import { toDeclaredVariables } from './mappers.js';
import type { Clock } from './internal/clock.js';
import { nonEmpty, pickOne } from './internal/options.js';
import type { CallOptions, Transport } from './transport.js';
import type { ApplicationRef, EntityDefinition, ExecutionKind } from './types.js';

/** Names an application by id or by exact name. */
export type ApplicationSelector = { applicationId: string; applicationName?: never } | { applicationName: string; applicationId?: never };

/** Names a pipeline by id or by exact name. */
export type PipelineSelector = { pipelineId: string; pipelineName?: never } | { pipelineName: string; pipelineId?: never };

/** Names a workflow by id or by exact name. */
export type WorkflowSelector = { workflowId: string; workflowName?: never } | { workflowName: string; workflowId?: never };

/** Connections are capped at 100 items per page by Harness. */
export const PAGE_SIZE = 100;

interface CacheEntry<T> {
  value: T;
  expiresAt: number;
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

  /** Forgets every cached lookup. */
  clear(): void {
    this.#cache.clear();
  }

  async findApplication(name: string, options: CallOptions = {}): Promise<ApplicationRef> {
    if (!nonEmpty(name)) {
      throw new HarnessValidationError([
        { code: 'missing_option', variable: 'applicationName', message: 'findApplication needs the application name (exact, case-sensitive).' },
      ]);
    }
    return this.#cached(`app-name:${name}`, async () => {
      try {
        const data = await this.transport.request(ApplicationByNameDocument, { name }, { ...options, notFoundLookup: name });
        const app = data?.applicationByName;
        if (!app?.id) throw this.#appNotFound(name);
        return { id: app.id, name: app.name ?? name };
      } catch (error) {
        if (isHarnessNotFoundError(error)) throw this.#appNotFound(name, error);
        throw error;
      }
    });
  }

  async getApplication(applicationId: string, options: CallOptions = {}): Promise<ApplicationRef> {
    return this.#cached(`app-id:${applicationId}`, async () => {
      const data = await this.transport.request(ApplicationByIdDocument, { applicationId }, options);
      const app = data?.application;
      if (!app?.id) throw this.#appNotFound(applicationId);
      return { id: app.id, name: app.name ?? applicationId };
    });
  }

  #appNotFound(lookup: string, cause?: unknown): HarnessNotFoundError {
    return new HarnessNotFoundError(
      'application',
      lookup,
      `Application "${lookup}" was not found in account ${this.transport.accountId}. Names are exact and case-sensitive; check the name or that the API key's user groups can read the application.`,
      { operation: 'ApplicationByName', cause },
    );
  }

  /** Resolves an application selector to its id (no request when the id is given). */
  async applicationId(selector: Record<string, unknown>, options: CallOptions = {}): Promise<string> {
    const issues: ValidationIssue[] = [];
    const which = pickOne(issues, selector, 'applicationId', 'applicationName');
    if (issues.length > 0 || which === undefined) throw new HarnessValidationError(issues);
    if (which === 'id') return selector.applicationId as string;
    return (await this.findApplication(selector.applicationName as string, options)).id;
  }

  async definition(
    kind: ExecutionKind,
    applicationId: string,
    selector: { id?: string | undefined; name?: string | undefined },
    options: CallOptions = {},
  ): Promise<EntityDefinition> {
    const label = kind === 'PIPELINE' ? 'Pipeline' : 'Workflow';
    const lookup = selector.id ?? selector.name ?? '';
    const key = `${kind}:${applicationId}:${selector.id ? `id:${selector.id}` : `name:${selector.name}`}`;
    return this.#cached(key, async () => {
      let raw: { id: string | null; name: string | null; description: string | null; variables: unknown } | null = null;
      try {
        if (kind === 'PIPELINE') {
          const data = selector.id
            ? (await this.transport.request(PipelineByIdDocument, { pipelineId: selector.id }, { ...options, notFoundLookup: lookup }))?.pipeline
            : (await this.transport.request(PipelineByNameDocument, { applicationId, pipelineName: lookup }, { ...options, notFoundLookup: lookup }))
                ?.pipelineByName;
          raw = data ? { id: data.id, name: data.name, description: data.description, variables: data.pipelineVariables } : null;
        } else {
          const data = selector.id
            ? (await this.transport.request(WorkflowByIdDocument, { workflowId: selector.id }, { ...options, notFoundLookup: lookup }))?.workflow
            : (await this.transport.request(WorkflowByNameDocument, { applicationId, workflowName: lookup }, { ...options, notFoundLookup: lookup }))
                ?.workflowByName;
          raw = data ? { id: data.id, name: data.name, description: data.description, variables: data.workflowVariables } : null;
        }
      } catch (error) {
        if (isHarnessNotFoundError(error)) throw this.#entityNotFound(label, lookup, applicationId, error);
        throw error;
      }
      if (!raw?.id) throw this.#entityNotFound(label, lookup, applicationId);
      return {
        id: raw.id,
        name: raw.name ?? lookup,
        description: raw.description,
        applicationId,
        kind,
        variables: toDeclaredVariables(raw.variables),
      };
    });
  }

  #entityNotFound(label: string, lookup: string, applicationId: string, cause?: unknown): HarnessNotFoundError {
    return new HarnessNotFoundError(
      label.toLowerCase(),
      lookup,
      `${label} "${lookup}" was not found in application ${applicationId}. Names are exact and case-sensitive; ` +
        `check the name, or that the API key's user groups can read it (list them with list${label}s).`,
      { operation: `${label}ByName`, cause },
    );
  }

  /** Pages through an application's pipelines or workflows, 100 at a time. */
  async *list(kind: ExecutionKind, applicationId: string, options: CallOptions = {}): AsyncGenerator<EntityDefinition> {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += PAGE_SIZE) {
      let fresh = 0;
      const page =
        kind === 'PIPELINE'
          ? (await this.transport.request(ListPipelinesDocument, { applicationId, limit: PAGE_SIZE, offset }, options))?.pipelines
          : (await this.transport.request(ListWorkflowsDocument, { applicationId, limit: PAGE_SIZE, offset }, options))?.workflows;
      // Read defensively: a proxy or a changed API must end the listing, not throw a TypeError.
      const nodes = (Array.isArray(page?.nodes) ? page.nodes : []).filter(
        (node): node is NonNullable<typeof node> => typeof node === 'object' && node !== null && !Array.isArray(node),
      );
      for (const node of nodes) {
        if (typeof node.id !== 'string' || node.id === '' || seen.has(node.id)) continue;
        seen.add(node.id);
        fresh += 1;
        const variables = 'pipelineVariables' in node ? node.pipelineVariables : 'workflowVariables' in node ? node.workflowVariables : [];
        yield {
          id: node.id,
          name: typeof node.name === 'string' ? node.name : node.id,
          description: typeof node.description === 'string' ? node.description : null,
          applicationId,
          kind,
          variables: toDeclaredVariables(variables),
        };
      }
      const hasMore = page?.pageInfo?.hasMore ?? nodes.length >= PAGE_SIZE;
      // A page with nothing new means the server ignores offset: stop rather than loop forever.
      if (hasMore !== true || nodes.length === 0 || fresh === 0) return;
    }
  }
}
