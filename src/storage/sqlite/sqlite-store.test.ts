import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runStoreConformance } from '../store.conformance.js';
import type { SecretRecord } from '../store.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'coffer-sqlite-'));
}

runStoreConformance('sqlite (file, WAL)', async () => {
  const dir = tempDir();
  // A not-yet-existing subdirectory: open() creates it.
  const path = join(dir, 'data', 'coffer.db');
  return {
    store: SqliteStore.open({ path }),
    reopen: async () => SqliteStore.open({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

function secret(name: string): SecretRecord {
  return {
    id: `id-${name}`,
    accountId: '111111111111',
    region: 'us-east-1',
    name,
    arn: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${name}-AbCdEf`,
    createdAt: 1_000,
    lastChangedAt: 1_000,
  };
}

const SCOPE = { accountId: '111111111111', region: 'us-east-1' };

describe('SqliteStore specifics', () => {
  let dir: string;
  let path: string;
  const toClose: Array<{ close(): unknown }> = [];

  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'coffer.db');
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    for (const handle of toClose.splice(0)) await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function openStore(): SqliteStore {
    const store = SqliteStore.open({ path });
    toClose.push(store);
    return store;
  }

  function rawConnection(): Database.Database {
    const db = new Database(path);
    toClose.push(db);
    return db;
  }

  it('puts the database file in WAL mode', async () => {
    openStore();
    // journal_mode=WAL is persistent in the file, so another connection sees it.
    expect(rawConnection().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('sets synchronous=FULL and foreign_keys=ON on every connection the store opens', async () => {
    // synchronous is per connection: a separate connection reports its own default, not the store's setting. So the
    // connections the store opens are captured as they are configured and asked directly.
    const pragma = vi.spyOn(Database.prototype, 'pragma');
    openStore();
    // Open: the main database's writer and reader, the audit database's reader (its writer lives on its own thread
    // and sets the same pragmas; the connection that migrated the audit database is closed again).
    const connections = [...new Set(pragma.mock.contexts as Database.Database[])].filter((db) => db.open);
    pragma.mockRestore();
    expect(connections).toHaveLength(3);
    for (const db of connections) {
      expect(db.open).toBe(true);
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    }
    expect(rawConnection().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('records the applied migrations in user_version', async () => {
    const store = openStore();
    await store.close();
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(rawConnection().pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = rawConnection()
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual([
      'iam_access_keys',
      'iam_group_members',
      'iam_group_policies',
      'iam_groups',
      'iam_managed_policies',
      'iam_policy_attachments',
      'iam_policy_versions',
      'iam_role_policies',
      'iam_roles',
      'iam_user_policies',
      'iam_users',
      'kms_aliases',
      'kms_key_material',
      'kms_keys',
      'meta',
      'removed_versions',
      'secrets',
      'sts_role_sessions',
      'sts_user_sessions',
      'versions',
    ]);
  });

  it('does not re-run migrations when a migrated database is opened again', async () => {
    const first = openStore();
    await first.transaction((tx) => tx.insertSecret(secret('survives')));
    await first.close();

    const exec = vi.spyOn(Database.prototype, 'exec');
    const second = openStore();
    const executed = exec.mock.calls.map(([sql]) => sql);
    exec.mockRestore();
    for (const migration of MIGRATIONS) expect(executed).not.toContain(migration);
    expect(executed.some((sql) => /CREATE\s+TABLE/i.test(sql))).toBe(false);
    expect(rawConnection().pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect((await second.getSecretByName(SCOPE, 'survives'))?.id).toBe('id-survives');
  });

  it('refuses a database whose schema is newer than the code, with a clear error', async () => {
    const newer = MIGRATIONS.length + 1;
    const db = new Database(path);
    db.pragma(`user_version = ${newer}`);
    db.close();
    expect(() => openStore()).toThrow(
      new Error(`database ${path} schema version ${newer} is newer than this Coffer (${MIGRATIONS.length}); upgrade Coffer`),
    );
    // Nothing was migrated into it.
    const after = rawConnection();
    expect(after.pragma('user_version', { simple: true })).toBe(newer);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it('never shows a reader the uncommitted writes of an in-progress transaction', async () => {
    const store = openStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));

    const tx = store.transaction(async (w) => {
      await w.insertSecret(secret('pending'));
      await w.insertVersion({
        secretId: 'id-pending',
        versionId: 'v1',
        stages: ['AWSCURRENT'],
        createdAt: 1_000,
        valueType: 'string',
        sealed: { kekId: 'k', wrappedKey: Buffer.from([1]), ciphertext: Buffer.from([2]) },
      });
      await w.setMeta('pending', Buffer.from('1'));
      // The transaction itself sees its writes.
      expect((await w.getSecretByName(SCOPE, 'pending'))?.id).toBe('id-pending');
      wrote();
      await gate;
      return 'committed';
    });

    await written;
    expect(await store.getSecretByName(SCOPE, 'pending')).toBeUndefined();
    expect(await store.getSecretByArn(SCOPE, secret('pending').arn)).toBeUndefined();
    expect(await store.getVersions('id-pending')).toEqual([]);
    expect(await store.getMeta('pending')).toBeUndefined();
    // Nor does another connection to the same file.
    expect(rawConnection().prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });

    release();
    await expect(tx).resolves.toBe('committed');
    expect((await store.getSecretByName(SCOPE, 'pending'))?.id).toBe('id-pending');
    expect((await store.getVersions('id-pending')).map((v) => v.versionId)).toEqual(['v1']);
    expect((await store.getMeta('pending'))?.toString()).toBe('1');
  });

  it('refuses transactions once closed', async () => {
    const store = openStore();
    await store.close();
    await expect(store.transaction(async () => 1)).rejects.toThrow('store is closed');
    await store.close(); // idempotent
  });

  it('waits for a running transaction before closing', async () => {
    const store = openStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = store.transaction(async (w) => {
      await gate;
      await w.setMeta('late', Buffer.from('write'));
    });
    const closing = store.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await tx;
    await closing;
    expect((rawConnection().prepare("SELECT value FROM meta WHERE key = 'late'").get() as { value: Buffer }).value.toString()).toBe('write');
  });
});
