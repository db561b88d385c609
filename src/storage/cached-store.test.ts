import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedStore } from './cached-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { runStoreConformance } from './store.conformance.js';
import type { SecretRecord, VersionRecord } from './store.js';

runStoreConformance('cached sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-cached-'));
  const path = join(dir, 'coffer.db');
  return {
    store: new CachedStore(SqliteStore.open({ path })),
    reopen: async () => new CachedStore(SqliteStore.open({ path })),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const SCOPE = { accountId: '111111111111', region: 'us-east-1' };
const secret = (name: string, description = 'd'): SecretRecord => ({
  id: `id-${name}`,
  accountId: SCOPE.accountId,
  region: SCOPE.region,
  name,
  arn: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${name}-AbCdEf`,
  description,
  createdAt: 1,
  lastChangedAt: 1,
});
const version = (secretId: string, versionId: string): VersionRecord => ({
  secretId,
  versionId,
  stages: ['AWSCURRENT'],
  createdAt: 1,
  valueType: 'string',
  sealed: { kekId: 'k', wrappedKey: Buffer.from([1]), ciphertext: Buffer.from([2]) },
});

describe('CachedStore', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('serves repeated lookups from memory and sees another process-like connection commit at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-cached-'));
    dirs.push(dir);
    const path = join(dir, 'coffer.db');
    const cached = new CachedStore(SqliteStore.open({ path }));
    const other = SqliteStore.open({ path }); // stands in for another worker process
    const s = secret('shared');
    await other.transaction(async (tx) => {
      await tx.insertSecret(s);
      await tx.insertVersion(version(s.id, 'v1'));
    });
    const first = await cached.getSecretByName(SCOPE, 'shared');
    expect(await cached.getSecretByName(SCOPE, 'shared')).toBe(first); // same object: a cache hit
    expect((await cached.getVersions(s.id)).map((v) => v.versionId)).toEqual(['v1']);
    expect(await cached.getSecretByName(SCOPE, 'missing')).toBeUndefined();

    await other.transaction(async (tx) => {
      await tx.updateSecret({ ...s, description: 'changed elsewhere' });
      await tx.insertVersion(version(s.id, 'v2'));
      await tx.insertSecret(secret('missing'));
    });
    expect((await cached.getSecretByName(SCOPE, 'shared'))?.description).toBe('changed elsewhere');
    expect((await cached.getSecretByArn(SCOPE, s.arn))?.description).toBe('changed elsewhere');
    expect((await cached.getVersions(s.id)).map((v) => v.versionId)).toEqual(['v1', 'v2']);
    expect(await cached.getSecretByName(SCOPE, 'missing')).toBeDefined();
    await other.close();
    await cached.close();
  });

  it('never caches a read that raced a commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-cached-'));
    dirs.push(dir);
    const path = join(dir, 'coffer.db');
    const cached = new CachedStore(SqliteStore.open({ path }));
    const other = new Database(path); // another process's connection, committing synchronously
    const s = secret('raced');
    await cached.transaction(async (tx) => {
      await tx.insertSecret(s);
      await tx.insertVersion(version(s.id, 'v1'));
    });
    const racing = cached.getVersions(s.id); // reads v1 = [AWSCURRENT], would cache it a microtask later …
    other.prepare(`UPDATE versions SET stages = '["AWSPREVIOUS"]' WHERE version_id = 'v1'`).run(); // … a commit lands …
    const lookup = cached.getSecretByName(SCOPE, 'raced'); // … another lookup notices and re-marks the cache …
    await Promise.all([racing, lookup]);
    expect((await cached.getVersions(s.id))[0]!.stages).toEqual(['AWSPREVIOUS']); // … and the stale read was not kept
    other.close();
    await cached.close();
  });

  it('forgets the oldest entries past its bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-cached-'));
    dirs.push(dir);
    const inner = SqliteStore.open({ path: join(dir, 'coffer.db') });
    let reads = 0;
    const counting = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'getSecretByName') return (...args: Parameters<SqliteStore['getSecretByName']>) => (reads++, target.getSecretByName(...args));
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const cached = new CachedStore(counting, { maxEntries: 2 });
    await cached.getSecretByName(SCOPE, 'a');
    await cached.getSecretByName(SCOPE, 'b');
    await cached.getSecretByName(SCOPE, 'a');
    expect(reads).toBe(2);
    await cached.getSecretByName(SCOPE, 'c'); // evicts a
    await cached.getSecretByName(SCOPE, 'a');
    expect(reads).toBe(4);
    await cached.close();
  });
});
