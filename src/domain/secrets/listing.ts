/**
 * ListSecrets (and the Filters form of BatchGetSecretValue): keyset pagination over the store in the requested order,
 * with AWS's filter semantics applied on the way. A page may come back short, even empty, with a NextToken: AWS
 * documents that, and it bounds the work one call does when a filter matches little.
 */
import { createHash } from 'node:crypto';
import type { Scope, SecretRecord, SortKey, StoreReader } from '../../storage/store.js';
import { invalidNextToken } from './errors.js';
import { compileFilters, type SecretFilter } from './filters.js';

const SCAN_BATCH = 200;
const MAX_SCANNED_PER_CALL = 10_000;

export interface ListQuery {
  filters?: SecretFilter[];
  includeDeleted: boolean;
  sortBy: SortKey;
  descending: boolean;
  maxResults: number;
  nextToken?: string;
}

export interface ListPage {
  secrets: SecretRecord[];
  nextToken?: string;
}

interface Cursor {
  value: string | number;
  id: string;
  query: string;
}

export async function listSecrets(store: StoreReader, scope: Scope, query: ListQuery): Promise<ListPage> {
  const fingerprint = queryFingerprint(scope, query);
  let after = query.nextToken === undefined ? undefined : decodeCursor(query.nextToken, fingerprint);
  const matches = compileFilters(query.filters ?? []);
  const found: SecretRecord[] = [];
  let lastFound: { value: string | number; id: string } | undefined;
  let scanned = 0;
  // Without filters every row matches: read exactly one page plus one row (to know whether a next page exists).
  const batchSize = (query.filters ?? []).length === 0 ? query.maxResults + 1 : SCAN_BATCH;
  for (;;) {
    const batch = await store.scanSecrets(scope, {
      sortBy: query.sortBy,
      descending: query.descending,
      includeDeleted: query.includeDeleted,
      after,
      limit: batchSize,
    });
    for (const secret of batch) {
      scanned++;
      after = { value: sortValue(secret, query.sortBy), id: secret.id };
      if (!matches(filterable(secret))) continue;
      if (found.length === query.maxResults) {
        // A further match exists: the next page starts after the last secret of this one.
        return { secrets: found, nextToken: encodeCursor({ ...lastFound!, query: fingerprint }) };
      }
      found.push(secret);
      lastFound = after;
    }
    if (batch.length < batchSize) return { secrets: found };
    if (scanned >= MAX_SCANNED_PER_CALL) return { secrets: found, nextToken: encodeCursor({ ...after!, query: fingerprint }) };
  }
}

function filterable(secret: SecretRecord) {
  return { name: secret.name, description: secret.description, tags: secret.tags, primaryRegion: secret.region };
}

function sortValue(secret: SecretRecord, sortBy: SortKey): string | number {
  switch (sortBy) {
    case 'created-date':
      return secret.createdAt;
    case 'last-changed-date':
      return secret.lastChangedAt;
    case 'last-accessed-date':
      return secret.lastAccessedAt ?? 0;
    case 'name':
      return secret.name;
  }
}

function queryFingerprint(scope: Scope, query: ListQuery): string {
  const basis = JSON.stringify([scope.accountId, scope.region, query.filters ?? [], query.includeDeleted, query.sortBy, query.descending]);
  return createHash('sha256').update(basis).digest('base64url').slice(0, 16);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id, cursor.query])).toString('base64url');
}

function decodeCursor(token: string, fingerprint: string): { value: string | number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3) {
      const [value, id, query] = parsed as unknown[];
      if ((typeof value === 'string' || typeof value === 'number') && typeof id === 'string' && query === fingerprint) {
        return { value, id };
      }
    }
  } catch {
    // fall through to the AWS error
  }
  throw invalidNextToken();
}
