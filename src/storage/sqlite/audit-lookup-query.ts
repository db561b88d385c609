/**
 * LookupEvents over the audit trail: the postings of the lookup index (audit-index.db, attached as `idx`) for the
 * events it covers, and the events past it — normally a second's worth — matched on their own columns. All is read
 * in one snapshot, the index's position first, so every event the index covers is already in the trail.
 */
import type Database from 'better-sqlite3';
import type { AuditEventRecord, AuditQuery } from '../store.js';
import { ANY_EVENT, ATTRIBUTE_CONDITION, indexedValue, postingSeqsDescending } from './audit-lookup.js';
import { toEvent, type EventRow } from './audit-statements.js';

export const INDEX_SCHEMA = 'idx';

/** Seqs taken from postings before their events are fetched (again, while the time range leaves some out). */
const FETCH_CHUNK = 200;

export class AuditLookupQuery {
  private readonly indexedThrough;
  private readonly postings;
  private readonly statements = new Map<string, Database.Statement<Record<string, unknown>, EventRow>>();

  /** `db` has the trail as `main` and the lookup index attached as INDEX_SCHEMA. */
  constructor(private readonly db: Database.Database) {
    this.indexedThrough = db.prepare<[], number>(`SELECT indexed_through FROM ${INDEX_SCHEMA}.audit_index_state WHERE id = 1`).pluck();
    // A value's postings never overlap (each comes from its own batch), so by first_seq they are in seq order too.
    this.postings = db.prepare<Record<string, unknown>, { first_seq: number; seqs: Buffer }>(
      `SELECT first_seq, seqs FROM ${INDEX_SCHEMA}.audit_postings
       WHERE region = @region AND attribute = @attribute AND value = @value AND first_seq < @below
         AND max_time >= @start AND min_time <= @end
       ORDER BY first_seq DESC`,
    );
  }

  /** Newest first. */
  lookup(q: AuditQuery): AuditEventRecord[] {
    return this.db.transaction(() => {
      const indexed = this.indexedThrough.get() ?? 0;
      const params = {
        region: q.region,
        value: q.attribute ? indexedValue(q.attribute) : '',
        start: q.startTime ?? null,
        end: q.endTime ?? null,
        before: q.beforeSeq ?? null,
        indexed,
        limit: q.limit,
      };
      const found = this.tailStatement(q).all(params);
      if (found.length >= q.limit) return found.map(toEvent);

      // Postings, newest first: their seqs below the query's bound, whose events are fetched a chunk at a time.
      const below = Math.min(q.beforeSeq ?? Infinity, indexed + 1);
      const fetch = this.fetchStatement(q);
      let seqs: number[] = [];
      const drain = () => {
        found.push(...fetch.all({ ...params, seqs: JSON.stringify(seqs), limit: q.limit - found.length }));
        seqs = [];
      };
      const postings = this.postings.iterate({
        region: q.region,
        attribute: q.attribute?.key ?? ANY_EVENT,
        value: params.value,
        below,
        start: q.startTime ?? Number.MIN_SAFE_INTEGER,
        end: q.endTime ?? Number.MAX_SAFE_INTEGER,
      });
      scan: for (const posting of postings) {
        for (const seq of postingSeqsDescending(posting.first_seq, posting.seqs)) {
          if (seq >= below) continue;
          seqs.push(seq);
          if (seqs.length < FETCH_CHUNK) continue;
          drain();
          if (found.length >= q.limit) break scan;
        }
      }
      if (found.length < q.limit && seqs.length > 0) drain();
      return found.slice(0, q.limit).map(toEvent);
    })();
  }

  private tailStatement(q: AuditQuery): Database.Statement<Record<string, unknown>, EventRow> {
    const where = ['e.seq > @indexed', 'e.region = @region', ...this.timeConditions(q)];
    if (q.attribute) where.push(ATTRIBUTE_CONDITION[q.attribute.key]);
    if (q.beforeSeq !== undefined) where.push('e.seq < @before');
    return this.prepared(`SELECT e.* FROM main.audit_events e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT @limit`);
  }

  /** The events of a list of seqs (a JSON array) that match the query, newest first. */
  private fetchStatement(q: AuditQuery): Database.Statement<Record<string, unknown>, EventRow> {
    const where = ['e.seq IN (SELECT value FROM json_each(@seqs))', 'e.region = @region', ...this.timeConditions(q)];
    // The postings say which events match; the events themselves confirm it (an index is derived data).
    if (q.attribute) where.push(ATTRIBUTE_CONDITION[q.attribute.key]);
    return this.prepared(`SELECT e.* FROM main.audit_events e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT @limit`);
  }

  private timeConditions(q: AuditQuery): string[] {
    const where: string[] = [];
    if (q.startTime !== undefined) where.push('e.event_time >= @start');
    if (q.endTime !== undefined) where.push('e.event_time <= @end');
    return where;
  }

  private prepared(sql: string): Database.Statement<Record<string, unknown>, EventRow> {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare<Record<string, unknown>, EventRow>(sql)));
    return statement;
  }
}
