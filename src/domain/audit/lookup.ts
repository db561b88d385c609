/**
 * LookupEvents over the stored trail: one optional lookup attribute, a time window, newest first, at most 50 per
 * page, and a NextToken bound to the query it came from — events that arrive while a caller pages never shift the
 * pages (the token holds the position, not an offset).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import type { AuditEventRecord, AuditQuery, AuditReader } from '../../storage/store.js';

export type LookupAttributeKey = NonNullable<AuditQuery['attribute']>['key'];

export interface LookupInput {
  region: string;
  attributes?: { key: LookupAttributeKey; value: string }[];
  startTime?: number;
  endTime?: number;
  maxResults?: number;
  nextToken?: string;
}

export async function lookupEvents(store: Pick<AuditReader, 'lookupAuditEvents'>, input: LookupInput): Promise<{ events: AuditEventRecord[]; nextToken?: string }> {
  if ((input.attributes?.length ?? 0) > 1) throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const maxResults = input.maxResults ?? 50;
  if (maxResults < 1 || maxResults > 50) throw new AwsError('InvalidMaxResultsException', 'Value for MaxResults is invalid. It must be between 1 and 50.');
  if (input.startTime !== undefined && input.endTime !== undefined && input.startTime > input.endTime) {
    throw new AwsError('InvalidTimeRangeException', 'Start time should not be after end time.');
  }
  const attribute = input.attributes?.[0];
  const fingerprint = queryFingerprint(input);
  const beforeSeq = input.nextToken === undefined ? undefined : readToken(input.nextToken, fingerprint);
  // Every event's ReadOnly is "true" or "false"; no other value matches (the store would read it as false).
  if (attribute?.key === 'ReadOnly' && attribute.value !== 'true' && attribute.value !== 'false') return { events: [] };
  const events = await store.lookupAuditEvents({
    region: input.region,
    ...(attribute ? { attribute } : {}),
    ...(input.startTime !== undefined ? { startTime: wholeSecond(input.startTime) } : {}),
    ...(input.endTime !== undefined ? { endTime: wholeSecond(input.endTime) + 999 } : {}),
    ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    limit: maxResults + 1,
  });
  if (events.length <= maxResults) return { events };
  const page = events.slice(0, maxResults);
  return { events: page, nextToken: makeToken(page[page.length - 1]!.seq!, fingerprint) };
}

/**
 * Events show their time to the second (eventTime, EventTime) but are stored to the millisecond: a window compares at
 * the second, so an event is found by the very time it shows (StartTime = EndTime = its EventTime).
 */
function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function queryFingerprint(input: LookupInput): string {
  const query = [input.region, input.attributes ?? [], input.startTime ?? null, input.endTime ?? null];
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

function makeToken(beforeSeq: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ b: beforeSeq, q: fingerprint })).toString('base64url');
}

function readToken(token: string, fingerprint: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { b?: unknown; q?: unknown };
    if (typeof parsed.b === 'number' && Number.isInteger(parsed.b) && parsed.q === fingerprint) return parsed.b;
  } catch {
    // fall through
  }
  throw new AwsError('InvalidNextTokenException', 'Invalid NextToken. The NextToken must be used with the same parameters as the request that returned it.');
}
