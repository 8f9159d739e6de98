/**
 * Lists the applications an API key may read. The SDK has no listing of applications yet; this is
 * the one request harness-exec needs, kept small so that an SDK method can replace it: one page of
 * at most 100 applications per request, until Harness says there are no more.
 */
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { CallOptions } from '../transport.js';
import type { ApplicationRef } from '../types.js';
import type { CliClient } from './context.js';

interface ApplicationsPage {
  applications: {
    pageInfo: { hasMore: boolean | null } | null;
    nodes: ReadonlyArray<{ id: string | null; name: string | null } | null> | null;
  } | null;
}

const PAGE_SIZE = 100;

const ApplicationsDocument: TypedDocumentNode<ApplicationsPage, { limit: number; offset: number }> = parse(
  'query Applications($limit: Int!, $offset: Int) { applications(limit: $limit, offset: $offset) { pageInfo { hasMore } nodes { id name } } }',
);

/** Every application the key may read, sorted by name. */
export async function listApplicationsOfKey(client: Pick<CliClient, 'request'>, options: CallOptions = {}): Promise<ApplicationRef[]> {
  const applications: ApplicationRef[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await client.request(ApplicationsDocument, { limit: PAGE_SIZE, offset }, options);
    const nodes = page.applications?.nodes ?? [];
    for (const node of nodes) {
      if (node?.id != null && node.name != null) applications.push({ id: node.id, name: node.name });
    }
    // A page shorter than asked is the last, whatever hasMore says (a guard against a loop).
    if (page.applications?.pageInfo?.hasMore !== true || nodes.length < PAGE_SIZE) break;
  }
  return applications.sort((a, b) => a.name.localeCompare(b.name));
}
