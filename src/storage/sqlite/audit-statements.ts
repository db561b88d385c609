/** Prepared statements and row mapping for the audit trail: events, chain heads, digests (one connection). */
import type Database from 'better-sqlite3';
import type { AuditDigestRecord, AuditEventRecord, AuditSpan } from '../store.js';

export interface EventRow {
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

export class AuditStatements {
  private readonly head;
  private readonly setHead;
  private readonly insert;
  private readonly after;
  private readonly span;
  private readonly bySeq;
  private readonly firstSince;
  private readonly regions;
  private readonly digests;
  private readonly insertDigest;
  private readonly prune;

  constructor(private readonly db: Database.Database) {
    this.head = db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM audit_chain_heads WHERE region = ?');
    this.setHead = db.prepare(`INSERT INTO audit_chain_heads (region, seq, hash) VALUES (?, ?, ?)
      ON CONFLICT (region) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`);
    this.insert = db.prepare(`INSERT INTO audit_events (region, event_id, event_time, event_name, event_source, read_only, username,
      access_key_id, resources, json, prev_hash, hash)
      VALUES (@region, @event_id, @event_time, @event_name, @event_source, @read_only, @username,
      @access_key_id, @resources, @json, @prev_hash, @hash)`);
    this.after = db.prepare<[string, number, number], EventRow>('SELECT * FROM audit_events WHERE region = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.span = db.prepare<[number, number, string], { count: number; first: number | null; last: number | null }>(
      'SELECT COUNT(*) AS count, MIN(seq) AS first, MAX(seq) AS last FROM audit_events WHERE seq > ? AND seq < ? AND region = ?',
    );
    this.bySeq = db.prepare<[number], EventRow>('SELECT * FROM audit_events WHERE seq = ?');
    this.firstSince = db
      .prepare<[number, number, string, number], number>(
        'SELECT seq FROM audit_events WHERE seq > ? AND seq < ? AND region = ? AND event_time >= ? ORDER BY seq LIMIT 1',
      )
      .pluck();
    this.regions = db
      .prepare<[], string>('SELECT region FROM audit_chain_heads UNION SELECT region FROM audit_digests ORDER BY 1')
      .pluck();
    this.digests = db.prepare<[string], DigestRow>('SELECT * FROM audit_digests WHERE region = ? ORDER BY seq');
    this.insertDigest = db.prepare(`INSERT INTO audit_digests (region, from_seq, to_seq, previous_hash, last_hash, event_count, created_at, signature, kind)
      VALUES (@region, @from_seq, @to_seq, @previous_hash, @last_hash, @event_count, @created_at, @signature, @kind)`);
    this.prune = db.prepare('DELETE FROM audit_events WHERE seq <= ? AND region = ?');
  }

  /** The hash the region's next event chains to. */
  chainHead(region: string): string | undefined {
    return this.head.get(region)?.hash;
  }

  setChainHead(region: string, seq: number, hash: string): void {
    this.setHead.run(region, seq, hash);
  }

  /** Inserts an event, its prevHash and hash already computed (the caller then moves the chain head: setChainHead). */
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
    return seq;
  }

  auditEventsAfter(region: string, afterSeq: number, limit: number): AuditEventRecord[] {
    return this.after.all(region, afterSeq, limit).map(toEvent);
  }

  /** The region's events after afterSeq, up to its chain head: a scan of the seqs in between, never past the head. */
  auditEventSpan(region: string, afterSeq: number): AuditSpan {
    return this.db.transaction(() => {
      const head = this.head.get(region)?.seq;
      return head === undefined ? { count: 0 } : this.spanBetween(region, afterSeq, head + 1);
    })();
  }

  /**
   * The events retention may remove, read in one snapshot: after afterSeq, before the first event of `time` or later,
   * and before the chain head (the region's newest event, which the chain continues from).
   */
  prunableAuditSpan(region: string, afterSeq: number, time: number): AuditSpan {
    return this.db.transaction(() => {
      const head = this.head.get(region)?.seq;
      if (head === undefined) return { count: 0 };
      return this.spanBetween(region, afterSeq, this.firstSince.get(afterSeq, head, region, time) ?? head);
    })();
  }

  private spanBetween(region: string, afterSeq: number, beforeSeq: number): AuditSpan {
    const { count, first, last } = this.span.get(afterSeq, beforeSeq, region)!;
    if (count === 0 || first === null || last === null) return { count: 0 };
    return { count, first: toEvent(this.bySeq.get(first)!), last: toEvent(this.bySeq.get(last)!) };
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
    return this.prune.run(throughSeq, region).changes;
  }
}

export function toEvent(row: EventRow): AuditEventRecord {
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
