/**
 * The thread that builds LookupEvents' index (audit-index.db) behind the audit trail's appends. Indexing events a
 * few thousand at a time — one posting per attribute value in the batch, in a database of its own — costs far less
 * per event than updating indexes in every append's commit, and it never holds the trail's write lock. The events it
 * has not reached yet are matched on their columns by the lookup (audit-lookup-query.ts), so a lookup never misses one.
 *
 * The index is derived data: written without fsync, and after a crash it resumes from the position it recorded in
 * the same commit as its postings. It also drops the postings of events that retention pruned.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { foreignIndexReset } from './audit-index-identity.js';
import { postingsOf, type IndexableEvent } from './audit-lookup.js';
import type { AuditIndexerReply, AuditIndexerRequest } from './audit-indexer-protocol.js';

/** Events indexed per commit at most. */
const BATCH = 5_000;
/** A backlog this large is indexed at once... */
const EAGER_BACKLOG = 2_000;
/** ...a smaller one after at most this long. */
const MAX_LAG_MS = 1_000;
const POLL_MS = 200;

const { auditPath, indexPath } = workerData as { auditPath: string; indexPath: string };

const index = new Database(indexPath);
index.pragma('journal_mode = WAL');
index.pragma('synchronous = NORMAL');
// Fewer, larger checkpoints: with synchronous=NORMAL they are the only fsyncs, and each batch dirties many pages.
index.pragma('wal_autocheckpoint = 10000');
// Only this thread waits on the index's lock (other processes' indexers), so it may wait long.
index.pragma('busy_timeout = 60000');
const trail = new Database(auditPath, { readonly: true });
trail.pragma('busy_timeout = 5000');

const indexedThrough = index.prepare<[], number>('SELECT indexed_through FROM audit_index_state WHERE id = 1').pluck();
const setIndexedThrough = index.prepare('UPDATE audit_index_state SET indexed_through = ?, indexed_hash = ? WHERE id = 1');
const insertPosting = index.prepare(`INSERT INTO audit_postings (region, attribute, value, first_seq, last_seq, min_time, max_time, seqs)
  VALUES (@region, @attribute, @value, @firstSeq, @lastSeq, @minTime, @maxTime, @seqs)`);
const insertBatch = index.prepare('INSERT INTO audit_index_batches (last_seq, last_posting_id) VALUES (?, ?)');
// Postings are added in seq order, so those ending at or before a seq have ids up to the last one of the first batch
// that reaches it: pruning reads that id range only.
const lastPostingIdReaching = index.prepare<[number], number>(
  'SELECT last_posting_id FROM audit_index_batches WHERE last_seq >= ? ORDER BY last_seq LIMIT 1',
).pluck();
// `+region`: the id range is the narrow one; an index on region would read every posting of the region.
const prunePostings = index.prepare('DELETE FROM audit_postings WHERE id <= ? AND +region = ? AND last_seq <= ?');
const pruneBatches = index.prepare('DELETE FROM audit_index_batches WHERE last_posting_id < (SELECT MIN(id) FROM audit_postings)');
const lastSeq = trail.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck();
const unindexed = trail.prepare<[number, number], IndexableEvent>(`SELECT seq, region, event_id, event_time, event_name, event_source, read_only,
  username, access_key_id, resources, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?`);
const prunedThrough = trail.prepare<[], { region: string; through: number }>(
  "SELECT region, MAX(to_seq) AS through FROM audit_digests WHERE kind = 'pruned' GROUP BY region",
);

const prunedApplied = new Map<string, number>();
let lastIndexedAt = Date.now();

/** Indexes one batch of events past the index's position; returns how many. */
function indexBatch(): number {
  index.exec('BEGIN IMMEDIATE');
  try {
    const events = unindexed.all(indexedThrough.get() ?? 0, BATCH);
    if (events.length > 0) {
      let lastId = 0;
      for (const posting of postingsOf(events)) lastId = Number(insertPosting.run(posting).lastInsertRowid);
      const last = events[events.length - 1]!;
      insertBatch.run(last.seq, lastId);
      setIndexedThrough.run(last.seq, last.hash);
    }
    for (const { region, through } of prunedThrough.all()) {
      if ((prunedApplied.get(region) ?? 0) >= through) continue;
      const lastId = lastPostingIdReaching.get(through) ?? Number.MAX_SAFE_INTEGER;
      if (prunePostings.run(lastId, region, through).changes > 0) pruneBatches.run();
      prunedApplied.set(region, through);
    }
    index.exec('COMMIT');
    lastIndexedAt = Date.now();
    return events.length;
  } catch (error) {
    if (index.inTransaction) index.exec('ROLLBACK');
    throw error;
  }
}

const resetIfForeign = foreignIndexReset(index, trail);

function rebuildIfForeign(): void {
  if (resetIfForeign()) prunedApplied.clear();
}

function catchUp(): void {
  rebuildIfForeign();
  while (indexBatch() === BATCH);
}

function backlog(): number {
  return (lastSeq.get() ?? 0) - (indexedThrough.get() ?? 0);
}

let reportedFailure: string | undefined;

function report(failure: string | undefined): void {
  if (failure !== reportedFailure) parentPort!.postMessage({ kind: 'status', failure } satisfies AuditIndexerReply);
  reportedFailure = failure;
}

function tick(): void {
  try {
    rebuildIfForeign();
    const waiting = backlog();
    if (waiting >= EAGER_BACKLOG || (waiting > 0 && Date.now() - lastIndexedAt >= MAX_LAG_MS)) catchUp();
    report(undefined);
  } catch (error) {
    // Lookups still see every event (the unindexed ones are matched on their columns); the next tick tries again.
    report((error as Error).message);
  }
}

setInterval(tick, POLL_MS);
tick();

parentPort!.on('message', (request: AuditIndexerRequest) => {
  let reply: AuditIndexerReply;
  try {
    catchUp();
    reply = { kind: 'caught-up', id: request.id, ok: true };
  } catch (error) {
    reply = { kind: 'caught-up', id: request.id, ok: false, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
