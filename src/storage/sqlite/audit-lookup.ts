/**
 * LookupEvents' attributes as postings: for a batch of events, one row per (region, attribute, value) listing the
 * seqs of the events that have it (audit-index.db, filled by audit-indexer.ts). The events past the index's position
 * are matched on their own columns instead (ATTRIBUTE_CONDITION).
 */
import type { AuditQuery } from '../store.js';
import type { EventRow } from './audit-statements.js';

export type LookupAttribute = NonNullable<AuditQuery['attribute']>['key'];

/** The attribute under which every event of a region is listed: a lookup without an attribute reads it. */
export const ANY_EVENT = '';

/** The columns of an event row that its postings are made from. */
export type IndexableEvent = Pick<
  EventRow,
  'seq' | 'region' | 'event_id' | 'event_time' | 'event_name' | 'event_source' | 'read_only' | 'username' | 'access_key_id' | 'resources' | 'hash'
>;

/** The (attribute, value) pairs an event is found by. */
export function lookupEntries(event: IndexableEvent): [attribute: LookupAttribute | typeof ANY_EVENT, value: string][] {
  const entries: [LookupAttribute | typeof ANY_EVENT, string][] = [
    [ANY_EVENT, ''],
    ['EventId', event.event_id],
    ['EventName', event.event_name],
    ['EventSource', event.event_source],
    ['ReadOnly', readOnlyValue(event.read_only === 1)],
  ];
  if (event.username !== null) entries.push(['Username', event.username]);
  if (event.access_key_id !== null) entries.push(['AccessKeyId', event.access_key_id]);
  const resources = JSON.parse(event.resources) as { type: string; name: string }[];
  for (const name of new Set(resources.map((r) => r.name))) entries.push(['ResourceName', name]);
  for (const type of new Set(resources.map((r) => r.type))) entries.push(['ResourceType', type]);
  return entries;
}

export interface Posting {
  region: string;
  attribute: string;
  value: string;
  firstSeq: number;
  lastSeq: number;
  minTime: number;
  maxTime: number;
  /** Every seq, ascending, as 32-bit little-endian offsets from firstSeq. */
  seqs: Buffer;
}

/** The postings of a batch of events (in seq order). */
export function postingsOf(events: readonly IndexableEvent[]): Posting[] {
  const groups = new Map<string, { region: string; attribute: string; value: string; seqs: number[]; minTime: number; maxTime: number }>();
  for (const event of events) {
    for (const [attribute, value] of lookupEntries(event)) {
      const key = `${event.region}\u0000${attribute}\u0000${value}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { region: event.region, attribute, value, seqs: [], minTime: event.event_time, maxTime: event.event_time }));
      group.seqs.push(event.seq);
      group.minTime = Math.min(group.minTime, event.event_time);
      group.maxTime = Math.max(group.maxTime, event.event_time);
    }
  }
  return [...groups.values()].map(({ seqs, ...group }) => {
    const firstSeq = seqs[0]!;
    const offsets = Buffer.alloc(seqs.length * 4);
    seqs.forEach((seq, i) => offsets.writeUInt32LE(seq - firstSeq, i * 4));
    return { ...group, firstSeq, lastSeq: seqs[seqs.length - 1]!, seqs: offsets };
  });
}

/** A posting's seqs, newest first. */
export function postingSeqsDescending(firstSeq: number, offsets: Buffer): number[] {
  const seqs: number[] = [];
  for (let at = offsets.length - 4; at >= 0; at -= 4) seqs.push(firstSeq + offsets.readUInt32LE(at));
  return seqs;
}

/** LookupEvents' ReadOnly value: 'true' selects read-only events, any other value the rest. */
export function readOnlyValue(readOnly: boolean): string {
  return readOnly ? 'true' : 'false';
}

/** The value an attribute is indexed under, for a query's attribute. */
export function indexedValue(attribute: NonNullable<AuditQuery['attribute']>): string {
  return attribute.key === 'ReadOnly' ? readOnlyValue(attribute.value === 'true') : attribute.value;
}

/** The same match on an event's own columns: the unindexed tail is found by it, and the postings' events confirmed. */
export const ATTRIBUTE_CONDITION: Record<LookupAttribute, string> = {
  EventId: 'e.event_id = @value',
  EventName: 'e.event_name = @value',
  ReadOnly: "e.read_only = (@value = 'true')",
  Username: 'e.username = @value',
  EventSource: 'e.event_source = @value',
  AccessKeyId: 'e.access_key_id = @value',
  ResourceName: "EXISTS (SELECT 1 FROM json_each(e.resources) r WHERE json_extract(r.value, '$.name') = @value)",
  ResourceType: "EXISTS (SELECT 1 FROM json_each(e.resources) r WHERE json_extract(r.value, '$.type') = @value)",
};
