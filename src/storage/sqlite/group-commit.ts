/**
 * Group commit: transactions that arrive while the writer is busy are run together inside one SQLite transaction
 * and made durable by one COMMIT (one fsync). Each keeps its own atomicity through a savepoint: a transaction that
 * throws is rolled back to its savepoint and rejected, the others still commit. Nobody's promise resolves before
 * the COMMIT that made its writes durable has returned.
 */
import type Database from 'better-sqlite3';

/**
 * A batch blocks the event loop while it runs (better-sqlite3 is synchronous), so batches are capped and the loop
 * gets a turn between them: reads and new connections are not starved behind a long queue of writes.
 */
const MAX_BATCH = 64;

interface Pending<W> {
  fn: (tx: W) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<W> {
  private pending: Pending<W>[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly writer: W,
  ) {}

  run<T>(fn: (tx: W) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let every request already read from the sockets join this batch before it starts.
        setImmediate(() => {
          this.running = this.running.then(() => this.drain()).catch((error: unknown) => this.failAll(error));
        });
      }
    });
  }

  /** Waits for every queued transaction, then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.scheduled || this.pending.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.running;
    }
    await this.running;
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      await this.commitBatch(batch);
      if (this.pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Runs a batch; if SQLite itself fails (disk full, I/O error) the whole batch is rolled back and rejected. */
  private async commitBatch(batch: Pending<W>[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        this.db.exec('SAVEPOINT unit');
        try {
          const value = await item.fn(this.writer);
          this.db.exec('RELEASE unit');
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (!this.db.inTransaction) throw error;
          this.db.exec('ROLLBACK TO unit');
          this.db.exec('RELEASE unit');
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } finally {
        for (const item of batch) item.reject(error);
      }
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  private failAll(error: unknown): void {
    for (const item of this.pending.splice(0)) item.reject(error);
  }
}
