import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit.js';

describe('GroupCommitter', () => {
  it('batches transactions that arrive together into one commit, isolating a failing one', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    let commits = 0;
    const exec = db.exec.bind(db);
    db.exec = ((sql: string) => {
      if (sql === 'COMMIT') commits++;
      return exec(sql);
    }) as typeof db.exec;
    const gc = new GroupCommitter(db, db);
    const insert = (x: number) => gc.run(async (d) => void d.prepare('INSERT INTO t VALUES (?)').run(x));
    const results = await Promise.allSettled([
      insert(1),
      gc.run(async (d) => {
        d.prepare('INSERT INTO t VALUES (?)').run(2);
        throw new Error('no');
      }),
      insert(3),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
    expect(commits).toBe(1);
  });

  it('survives SQLite aborting a whole batch: that batch is rejected, later transactions still run', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    const gc = new GroupCommitter(db, db);
    // Stands in for SQLITE_FULL / SQLITE_IOERR, after which SQLite has already rolled the transaction back.
    const aborted = gc.run(async (d) => {
      d.exec('ROLLBACK');
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    await expect(aborted).rejects.toThrow('SQLITE_FULL');
    await expect(gc.run(async (d) => d.prepare('INSERT INTO t VALUES (1)').run().changes)).resolves.toBe(1);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
  });

  it('refuses new transactions once closing, after finishing the queued ones', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    const gc = new GroupCommitter(db, db);
    const queued = gc.run(async (d) => d.prepare('INSERT INTO t VALUES (1)').run().changes);
    const closing = gc.close();
    await expect(gc.run(async () => 1)).rejects.toThrow('closed');
    await expect(queued).resolves.toBe(1);
    await closing;
  });
});
