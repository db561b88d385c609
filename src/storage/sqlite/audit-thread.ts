/**
 * The audit database's writer, on its own thread. better-sqlite3 is synchronous: a COMMIT waits for fsync, and on
 * the main thread that wait would stall every request. Here it stalls only this thread; the main thread keeps
 * serving and collects the next batch meanwhile.
 *
 * An append commits lean rows and its regions' chain heads: no secondary index. LookupEvents' index is built behind
 * the appends, in large batches, by another thread (audit-indexer.ts).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { chainHash, GENESIS_HASH } from '../../domain/audit/chain.js';
import { AuditStatements } from './audit-statements.js';
import type { NewAuditEvent } from '../store.js';
import type { AuditThreadReply, AuditThreadRequest } from './audit-thread-protocol.js';

const db = new Database((workerData as { path: string }).path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const statements = new AuditStatements(db);

function inTransaction<T>(work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function run(request: AuditThreadRequest): unknown {
  switch (request.kind) {
    case 'append': {
      const heads = new Map<string, { seq: number; hash: string }>();
      const written = (JSON.parse(request.events) as NewAuditEvent[]).map((event) => {
        const prevHash = heads.get(event.region)?.hash ?? statements.chainHead(event.region) ?? GENESIS_HASH;
        const hash = chainHash(prevHash, event.json);
        const seq = statements.insertAuditEvent({ ...event, prevHash, hash });
        heads.set(event.region, { seq, hash });
        return { seq, prevHash, hash };
      });
      for (const [region, head] of heads) statements.setChainHead(region, head.seq, head.hash);
      return written;
    }
    case 'digest':
      statements.insertAuditDigest(request.digest);
      return undefined;
    case 'prune':
      statements.insertAuditDigest(request.digest);
      return statements.pruneAuditEvents(request.region, request.throughSeq);
  }
}

parentPort!.on('message', (request: AuditThreadRequest) => {
  let reply: AuditThreadReply;
  try {
    reply = { id: request.id, ok: true, result: inTransaction(() => run(request)) };
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
