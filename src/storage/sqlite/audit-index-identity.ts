/**
 * The lookup index belongs to one trail: it records the seq it reaches and the hash of the event there. An index
 * built from another trail — audit.db restored from a backup, replaced or reset, audit-index.db kept — does not match
 * (the event there has another hash, or the trail ends before it) and is emptied, to be rebuilt from the events. An
 * event merely pruned since is no sign of that.
 */
import type Database from 'better-sqlite3';

/**
 * A check, prepared once and run as often as needed, that empties the index when it was built from another trail and
 * says whether it did. `index` may write; `trail` reads.
 */
export function foreignIndexReset(index: Database.Database, trail: Database.Database): () => boolean {
  const state = index.prepare<[], { through: number; hash: string }>('SELECT indexed_through AS through, indexed_hash AS hash FROM audit_index_state WHERE id = 1');
  const hashAt = trail.prepare<[number], string>('SELECT hash FROM audit_events WHERE seq = ?').pluck();
  const lastSeq = trail.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck();
  const isForeign = () => {
    const current = state.get();
    if (!current || current.through === 0) return false;
    const hash = hashAt.get(current.through);
    return hash === undefined ? current.through > (lastSeq.get() ?? 0) : hash !== current.hash;
  };
  return () => {
    if (!isForeign()) return false;
    index.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have emptied it meanwhile.
      const foreign = isForeign();
      if (foreign) index.exec("DELETE FROM audit_postings; DELETE FROM audit_index_batches; UPDATE audit_index_state SET indexed_through = 0, indexed_hash = ''");
      index.exec('COMMIT');
      return foreign;
    } catch (error) {
      if (index.inTransaction) index.exec('ROLLBACK');
      throw error;
    }
  };
}
