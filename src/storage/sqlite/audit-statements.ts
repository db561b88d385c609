/** Prepared statements and row mapping for the audit trail: events, their resources, digests (one connection). */
import type Database from 'better-sqlite3';
import type { AuditDigestRecord, AuditEventRecord, AuditQuery } from '../store.js';

interface EventRow {
  seq: number;
  region: string;
  event_id: string;
  event_time: number;
  event_name: string;
  event_source: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  resources: string;
  json: string;
  prev_hash: string;
  hash: string;
}

interface DigestRow {
  seq: number;
  region: string;
  from_seq: number;
  to_seq: number;
  previous_hash: string;
  last_hash: string;
  event_count: number;
  created_at: number;
  signature: string;
  kind: 'interval' | 'pruned';
}

/** Lookup attribute → the indexed condition it becomes. */
const ATTRIBUTE_SQL: Record<NonNullable<AuditQuery['attribute']>['key'], string> = {
  EventId: 'e.event_id = @value',
  EventName: 'e.event_name = @value',
  ReadOnly: 'e.read_only = @flag',
  Username: 'e.username = @value',
  EventSource: 'e.event_source = @value',
  AccessKeyId: 'e.access_key_id = @value',
  ResourceName: 'e.seq IN (SELECT seq FROM audit_event_resources WHERE region = @region AND name = @value)',
  ResourceType: 'e.seq IN (SELECT seq FROM audit_event_resources WHERE region = @region AND type = @value)',
};

export class AuditStatements {
  private readonly last;
  private readonly insert;
  private readonly insertResource;
  private readonly after;
  private readonly regions;
  private readonly digests;
  private readonly insertDigest;
  private readonly prune;
  private readonly pruneResources;
  private readonly lookups = new Map<string, Database.Statement<Record<string, unknown>, EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.last = db.prepare<[string], EventRow>('SELECT * FROM audit_events WHERE region = ? ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(`INSERT INTO audit_events (region, event_id, event_time, event_name, event_source, read_only, username,
      access_key_id, resources, json, prev_hash, hash)
      VALUES (@region, @event_id, @event_time, @event_name, @event_source, @read_only, @username,
      @access_key_id, @resources, @json, @prev_hash, @hash)`);
    this.insertResource = db.prepare('INSERT INTO audit_event_resources (seq, region, type, name) VALUES (?, ?, ?, ?)');
    this.after = db.prepare<[string, number, number], EventRow>('SELECT * FROM audit_events WHERE region = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.regions = db
      .prepare<[], string>('SELECT region FROM audit_events UNION SELECT region FROM audit_digests ORDER BY 1')
      .pluck();
    this.digests = db.prepare<[string], DigestRow>('SELECT * FROM audit_digests WHERE region = ? ORDER BY seq');
    this.insertDigest = db.prepare(`INSERT INTO audit_digests (region, from_seq, to_seq, previous_hash, last_hash, event_count, created_at, signature, kind)
      VALUES (@region, @from_seq, @to_seq, @previous_hash, @last_hash, @event_count, @created_at, @signature, @kind)`);
    this.prune = db.prepare('DELETE FROM audit_events WHERE region = ? AND seq <= ?');
    this.pruneResources = db.prepare('DELETE FROM audit_event_resources WHERE region = ? AND seq <= ?');
  }

  lastAuditEvent(region: string): AuditEventRecord | undefined {
    const row = this.last.get(region);
    return row && toEvent(row);
  }

  insertAuditEvent(e: AuditEventRecord): number {
    const seq = Number(
      this.insert.run({
        region: e.region,
        event_id: e.eventId,
        event_time: e.eventTime,
        event_name: e.eventName,
        event_source: e.eventSource,
        read_only: e.readOnly ? 1 : 0,
        username: e.username ?? null,
        access_key_id: e.accessKeyId ?? null,
        resources: JSON.stringify(e.resources),
        json: e.json,
        prev_hash: e.prevHash,
        hash: e.hash,
      }).lastInsertRowid,
    );
    for (const r of e.resources) this.insertResource.run(seq, e.region, r.type, r.name);
    return seq;
  }

  lookupAuditEvents(q: AuditQuery): AuditEventRecord[] {
    const where = ['e.region = @region'];
    if (q.attribute) where.push(ATTRIBUTE_SQL[q.attribute.key]);
    if (q.startTime !== undefined) where.push('e.event_time >= @start');
    if (q.endTime !== undefined) where.push('e.event_time <= @end');
    if (q.beforeSeq !== undefined) where.push('e.seq < @before');
    const sql = `SELECT e.* FROM audit_events e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT @limit`;
    let statement = this.lookups.get(sql);
    if (!statement) this.lookups.set(sql, (statement = this.db.prepare<Record<string, unknown>, EventRow>(sql)));
    return statement
      .all({
        region: q.region,
        value: q.attribute?.value ?? null,
        flag: q.attribute?.key === 'ReadOnly' ? (q.attribute.value === 'true' ? 1 : 0) : null,
        start: q.startTime ?? null,
        end: q.endTime ?? null,
        before: q.beforeSeq ?? null,
        limit: q.limit,
      })
      .map(toEvent);
  }

  auditEventsAfter(region: string, afterSeq: number, limit: number): AuditEventRecord[] {
    return this.after.all(region, afterSeq, limit).map(toEvent);
  }

  auditRegions(): string[] {
    return this.regions.all();
  }

  listAuditDigests(region: string): AuditDigestRecord[] {
    return this.digests.all(region).map(toDigest);
  }

  insertAuditDigest(d: AuditDigestRecord): void {
    this.insertDigest.run({
      region: d.region,
      from_seq: d.fromSeq,
      to_seq: d.toSeq,
      previous_hash: d.previousHash,
      last_hash: d.lastHash,
      event_count: d.eventCount,
      created_at: d.createdAt,
      signature: d.signature,
      kind: d.kind,
    });
  }

  pruneAuditEvents(region: string, throughSeq: number): number {
    this.pruneResources.run(region, throughSeq);
    return this.prune.run(region, throughSeq).changes;
  }
}

function toEvent(row: EventRow): AuditEventRecord {
  const event: AuditEventRecord = {
    seq: row.seq,
    region: row.region,
    eventId: row.event_id,
    eventTime: row.event_time,
    eventName: row.event_name,
    eventSource: row.event_source,
    readOnly: row.read_only === 1,
    resources: JSON.parse(row.resources) as AuditEventRecord['resources'],
    json: row.json,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.username !== null) event.username = row.username;
  if (row.access_key_id !== null) event.accessKeyId = row.access_key_id;
  return event;
}

function toDigest(row: DigestRow): AuditDigestRecord {
  return {
    seq: row.seq,
    region: row.region,
    fromSeq: row.from_seq,
    toSeq: row.to_seq,
    previousHash: row.previous_hash,
    lastHash: row.last_hash,
    eventCount: row.event_count,
    createdAt: row.created_at,
    signature: row.signature,
    kind: row.kind,
  };
}
