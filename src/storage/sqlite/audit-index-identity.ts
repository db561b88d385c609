/**
 * The lookup index belongs to one trail: it records the seq it reaches and the hash of the event there. An index
 * built from another trail — audit.db restored from a backup, replaced or reset, audit-index.db kept — does not match
 * (the event there has another hash, or the trail ends before it) and is emptied, to be rebuilt from the events. An
 * event merely pruned since is no sign of that.
 */
import type Database from 'better-sqlite3';

/** Empties the index when it was built from another trail; returns whether it did. `index` may write; `trail` reads. */
export function resetIndexIfForeign(index: Database.Database, trail: Database.Database): boolean {
  const isForeign = () => {
    const state = index.prepare<[], { through: number; hash: string }>('SELECT indexed_through AS through, indexed_hash AS hash FROM audit_index_state WHERE id = 1').get();
    if (!state || state.through === 0) return false;
    const hash = trail.prepare<[number], string>('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(state.through);
    if (hash !== undefined) return hash !== state.hash;
    const last = trail.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck().get() ?? 0;
    return state.through > last;
  };
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
}
