/**
 * The shared backend suite: every storage backend runs it, so they are interchangeable behind the Store interface
 * (the role `ExerciseBackend` plays for Vault's physical backends, `router/common.case.test.ts` for Hono's routers).
 * Not a test file itself; a backend's own `*.test.ts` calls it.
 *
 * @example
 *   runStoreConformance('sqlite', async () => {
 *     const dir = mkdtempSync(join(tmpdir(), 'coffer-'));
 *     const path = join(dir, 'coffer.db');
 *     return {
 *       store: SqliteStore.open({ path }),
 *       reopen: async () => SqliteStore.open({ path }),
 *       cleanup: async () => rmSync(dir, { recursive: true, force: true }),
 *     };
 *   });
 *
 * Contract of `open`: every call yields a store over a fresh, empty database. The suite closes every store it was
 * given (or got from `reopen`) itself, then calls `cleanup` (which should release anything else: files, schemas).
 * `reopen`, when provided, is only called after the suite closed the current store, and must open the same database.
 *
 * Contract points the Store interface leaves implicit and this suite pins down:
 * - `getVersions` returns versions in insertion order (two versions created in the same millisecond keep their order).
 * - Version ids are scoped by secret: the same id may exist under two secrets, independently.
 * - Scans order by (sort value, id), both reversed when descending; a never-accessed secret has the
 *   `last-accessed-date` sort value 0 (the value a cursor carries for it); names compare by code point.
 * - Inside `transaction`, reads through the writer see the transaction's own writes; reads through the store do not
 *   until it commits.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AccessKeyRecord,
  GroupPolicyRecord,
  IamGroupRecord,
  IamRoleRecord,
  IamUserRecord,
  ManagedPolicyRecord,
  PolicyAttachmentRecord,
  PolicyVersionRecord,
  RolePolicyRecord,
  RoleSessionRecord,
  ScanQuery,
  Scope,
  SecretRecord,
  SortKey,
  Store,
  StoreReader,
  StoreWriter,
  Tag,
  UserPolicyRecord,
  UserSessionRecord,
  VersionRecord,
} from './store.js';

export interface ConformanceBackend {
  store: Store;
  /** Opens the same database again (called after the suite closed `store`). Omit for non-durable backends. */
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;
const HOME: Scope = { accountId: '111111111111', region: 'us-east-1' };
const OTHER_REGION: Scope = { accountId: '111111111111', region: 'eu-west-1' };
const OTHER_ACCOUNT: Scope = { accountId: '222222222222', region: 'us-east-1' };
const SORT_KEYS: readonly SortKey[] = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'];

/** Fixed-width lowercase hex: orders the same under any collation. */
function newId(): string {
  return randomBytes(16).toString('hex');
}

function arnOf(scope: Scope, name: string): string {
  return `arn:aws:secretsmanager:${scope.region}:${scope.accountId}:secret:${name}-Ab12Cd`;
}

/** A secret with only the required fields, unless `extra` sets more. */
function makeSecret(name: string, extra: Partial<SecretRecord> = {}, scope: Scope = HOME): SecretRecord {
  return {
    id: newId(),
    accountId: scope.accountId,
    region: scope.region,
    name,
    arn: arnOf(scope, name),
    createdAt: 1_700_000_000_000,
    lastChangedAt: 1_700_000_000_000,
    ...extra,
  };
}

/** A secret with every optional field set. */
function fullSecret(name: string, scope: Scope = HOME): SecretRecord {
  return makeSecret(
    name,
    {
      description: 'the "prod" DB — ünïcode ✓',
      kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      type: 'database-credentials',
      tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'env', Value: '' },
        { Key: 'quote"key', Value: 'välue with , and ]' },
      ],
      resourcePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"secretsmanager:*","Resource":"*"}]}',
      createdAt: 1_700_000_000_123,
      lastChangedAt: 1_700_000_500_456,
      lastAccessedAt: 1_699_920_000_000,
      deletedAt: 1_700_000_600_000,
      deletionDate: 1_702_592_600_000,
    },
    scope,
  );
}

function makeVersion(secretId: string, versionId: string, extra: Partial<VersionRecord> = {}): VersionRecord {
  return {
    secretId,
    versionId,
    stages: ['AWSCURRENT'],
    createdAt: 1_700_000_000_000,
    valueType: 'string',
    sealed: { kekId: 'kek-1', wrappedKey: randomBytes(61), ciphertext: randomBytes(45) },
    ...extra,
  };
}

function sortValue(secret: SecretRecord, sortBy: SortKey): string | number {
  switch (sortBy) {
    case 'created-date':
      return secret.createdAt;
    case 'last-changed-date':
      return secret.lastChangedAt;
    case 'last-accessed-date':
      return secret.lastAccessedAt ?? 0;
    case 'name':
      return secret.name;
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order the contract requires: (sort value, id), reversed when descending. */
function expectedOrder(secrets: SecretRecord[], sortBy: SortKey, descending: boolean): string[] {
  const sorted = [...secrets].sort((a, b) => compare(sortValue(a, sortBy), sortValue(b, sortBy)) || compare(a.id, b.id));
  if (descending) sorted.reverse();
  return sorted.map((s) => s.id);
}

/** Pages through a scan with keyset cursors; returns the ids in the order served, and the page sizes. */
async function pageThrough(store: StoreReader, scope: Scope, query: Omit<ScanQuery, 'after'>): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let after: ScanQuery['after'];
  for (let guard = 0; guard < 1000; guard++) {
    const page = await store.scanSecrets(scope, after === undefined ? query : { ...query, after });
    pages.push(page.length);
    ids.push(...page.map((s) => s.id));
    if (page.length < query.limit) return { ids, pages };
    const last = page[page.length - 1]!;
    after = { value: sortValue(last, query.sortBy), id: last.id };
  }
  throw new Error('scan did not terminate');
}

function hex(buffer: Buffer | undefined): string | undefined {
  return buffer?.toString('hex');
}

/** Everything the store holds for the given secrets, for before/after comparisons. */
async function snapshot(store: StoreReader, secrets: SecretRecord[], metaKeys: string[]) {
  const out: Record<string, unknown> = {};
  for (const s of secrets) {
    const scope = { accountId: s.accountId, region: s.region };
    const versions = await store.getVersions(s.id);
    out[s.id] = {
      byName: await store.getSecretByName(scope, s.name),
      byArn: await store.getSecretByArn(scope, s.arn),
      versions: versions.map((v) => ({ ...v, sealed: { kekId: v.sealed.kekId, wrappedKey: hex(v.sealed.wrappedKey), ciphertext: hex(v.sealed.ciphertext) } })),
    };
  }
  for (const key of metaKeys) out[`meta:${key}`] = hex(await store.getMeta(key));
  return out;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Registers the conformance suite for one backend. */
export function runStoreConformance(backendName: string, open: () => Promise<ConformanceBackend>): void {
  describe(`Store conformance: ${backendName}`, () => {
    let backend: ConformanceBackend;
    let store: Store;
    let open_ = false;

    beforeEach(async () => {
      backend = await open();
      store = backend.store;
      open_ = true;
    });

    afterEach(async () => {
      if (open_) await store.close();
      open_ = false;
      await backend.cleanup();
    });

    async function insert(...secrets: SecretRecord[]): Promise<void> {
      await store.transaction(async (tx) => {
        for (const s of secrets) await tx.insertSecret(s);
      });
    }

    async function insertVersions(...versions: VersionRecord[]): Promise<void> {
      await store.transaction(async (tx) => {
        for (const v of versions) await tx.insertVersion(v);
      });
    }

    /** Closes the store and opens the same database again; false when the backend cannot. */
    async function reopen(): Promise<boolean> {
      if (!backend.reopen) return false;
      await store.close();
      open_ = false;
      store = await backend.reopen();
      open_ = true;
      return true;
    }

    describe('secrets: insert and lookup', () => {
      it('finds an inserted secret by name and by ARN, with every field intact', async () => {
        const secret = fullSecret('prod/db/password');
        await insert(secret);
        expect(await store.getSecretByName(HOME, 'prod/db/password')).toEqual(secret);
        expect(await store.getSecretByArn(HOME, secret.arn)).toEqual(secret);
      });

      it('round-trips a secret with no optional fields, leaving them undefined', async () => {
        const secret = makeSecret('bare');
        await insert(secret);
        const got = await store.getSecretByName(HOME, 'bare');
        expect(got).toEqual(secret);
        for (const field of ['description', 'kmsKeyId', 'type', 'tags', 'resourcePolicy', 'lastAccessedAt', 'deletedAt', 'deletionDate'] as const) {
          expect(got?.[field], field).toBeUndefined();
        }
      });

      it('keeps tags undefined (never tagged) distinct from [] (all tags removed)', async () => {
        const never = makeSecret('never-tagged');
        const emptied = makeSecret('tags-removed', { tags: [] });
        await insert(never, emptied);
        expect((await store.getSecretByName(HOME, 'never-tagged'))?.tags).toBeUndefined();
        expect((await store.getSecretByName(HOME, 'tags-removed'))?.tags).toEqual([]);
      });

      it('returns undefined for an unknown name or ARN', async () => {
        await insert(makeSecret('known'));
        expect(await store.getSecretByName(HOME, 'unknown')).toBeUndefined();
        expect(await store.getSecretByName(HOME, 'KNOWN')).toBeUndefined();
        expect(await store.getSecretByArn(HOME, arnOf(HOME, 'unknown'))).toBeUndefined();
        expect(await store.getSecretByArn(HOME, 'known')).toBeUndefined();
      });

      it('scopes lookups by account and region: the same name elsewhere is a different secret', async () => {
        const home = makeSecret('shared-name', { description: 'home' });
        const region = makeSecret('shared-name', { description: 'other region' }, OTHER_REGION);
        const account = makeSecret('shared-name', { description: 'other account' }, OTHER_ACCOUNT);
        await insert(home, region, account);
        expect((await store.getSecretByName(HOME, 'shared-name'))?.id).toBe(home.id);
        expect((await store.getSecretByName(OTHER_REGION, 'shared-name'))?.id).toBe(region.id);
        expect((await store.getSecretByName(OTHER_ACCOUNT, 'shared-name'))?.description).toBe('other account');
        expect(await store.getSecretByName({ accountId: '333333333333', region: 'us-east-1' }, 'shared-name')).toBeUndefined();
        expect((await store.getSecretByArn(OTHER_REGION, region.arn))?.id).toBe(region.id);
        // An ARN is only found in its own scope.
        expect(await store.getSecretByArn(HOME, region.arn)).toBeUndefined();
        expect(await store.getSecretByArn(HOME, account.arn)).toBeUndefined();
        expect(await store.getSecretByArn(OTHER_ACCOUNT, home.arn)).toBeUndefined();
      });

      it('rejects a second secret with the same name in the same scope, and keeps the first', async () => {
        const first = makeSecret('dup', { description: 'first' });
        await insert(first);
        const second = { ...makeSecret('dup', { description: 'second' }), arn: `${arnOf(HOME, 'dup')}x` };
        await expect(insert(second)).rejects.toThrow();
        expect(await store.getSecretByName(HOME, 'dup')).toEqual(first);
        expect(await store.getSecretByArn(HOME, second.arn)).toBeUndefined();
      });
    });

    describe('secrets: updateSecret', () => {
      it('replaces every mutable field', async () => {
        const original = fullSecret('mutable');
        await insert(original);
        const updated: SecretRecord = {
          ...original,
          description: 'new description',
          kmsKeyId: 'alias/other',
          type: 'other-type',
          tags: [{ Key: 'k2', Value: 'v2' }],
          resourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
          lastChangedAt: original.lastChangedAt + 1,
          deletedAt: original.deletedAt! + 5,
          deletionDate: original.deletionDate! + 7 * DAY,
        };
        await store.transaction((tx) => tx.updateSecret(updated));
        expect(await store.getSecretByName(HOME, 'mutable')).toEqual(updated);
        expect(await store.getSecretByArn(HOME, original.arn)).toEqual(updated);
      });

      it('leaves lastAccessedAt to recordAccess: an update from a stale read cannot undo a recorded access', async () => {
        const original = fullSecret('access-owned');
        await insert(original);
        await store.recordAccess(original.id, 'no-such-version', original.lastAccessedAt! + DAY);
        const { lastAccessedAt: _stale, ...withoutAccess } = original;
        await store.transaction((tx) => tx.updateSecret({ ...withoutAccess, description: 'changed' }));
        const got = await store.getSecretByName(HOME, 'access-owned');
        expect(got?.description).toBe('changed');
        expect(got?.lastAccessedAt).toBe(original.lastAccessedAt! + DAY);
        await store.transaction((tx) => tx.updateSecret({ ...original, lastAccessedAt: original.lastAccessedAt! - DAY }));
        expect((await store.getSecretByName(HOME, 'access-owned'))?.lastAccessedAt).toBe(original.lastAccessedAt! + DAY);
      });

      it('clears every optional field the record leaves undefined', async () => {
        const original = fullSecret('to-clear');
        await insert(original);
        const cleared = makeSecret('to-clear', { lastChangedAt: original.lastChangedAt + 10, createdAt: original.createdAt });
        cleared.id = original.id;
        await store.transaction((tx) => tx.updateSecret(cleared));
        const got = await store.getSecretByName(HOME, 'to-clear');
        expect(got).toEqual({ ...cleared, lastAccessedAt: original.lastAccessedAt });
        for (const field of ['description', 'kmsKeyId', 'type', 'tags', 'resourcePolicy', 'deletedAt', 'deletionDate'] as const) {
          expect(got?.[field], field).toBeUndefined();
        }
      });

      it('moves tags between undefined, [] and a list', async () => {
        const secret = makeSecret('tag-cycle', { tags: [{ Key: 'a', Value: '1' }] });
        await insert(secret);
        const read = async () => (await store.getSecretByName(HOME, 'tag-cycle'))?.tags;
        await store.transaction((tx) => tx.updateSecret({ ...secret, tags: [] }));
        expect(await read()).toEqual([]);
        const { tags: _dropped, ...untagged } = secret;
        await store.transaction((tx) => tx.updateSecret(untagged));
        expect(await read()).toBeUndefined();
        const many = [
          { Key: 'z', Value: '26' },
          { Key: 'a', Value: '1' },
          { Key: 'm', Value: '13' },
        ];
        await store.transaction((tx) => tx.updateSecret({ ...secret, tags: many }));
        expect(await read()).toEqual(many);
      });

      it('restores a deleted secret by clearing deletedAt and deletionDate', async () => {
        const deleted = makeSecret('restore-me', { deletedAt: 1_000, deletionDate: 2_000, description: 'kept' });
        await insert(deleted);
        const { deletedAt: _a, deletionDate: _b, ...restored } = deleted;
        await store.transaction((tx) => tx.updateSecret(restored));
        const got = await store.getSecretByName(HOME, 'restore-me');
        expect(got?.deletedAt).toBeUndefined();
        expect(got?.deletionDate).toBeUndefined();
        expect(got?.description).toBe('kept');
        expect(await store.secretsDueForPurge(10_000, 10)).toEqual([]);
      });

      it('touches only the secret with the record id', async () => {
        const a = makeSecret('a', { description: 'a' });
        const b = makeSecret('b', { description: 'b' });
        await insert(a, b);
        await store.transaction((tx) => tx.updateSecret({ ...a, description: 'changed' }));
        expect((await store.getSecretByName(HOME, 'a'))?.description).toBe('changed');
        expect(await store.getSecretByName(HOME, 'b')).toEqual(b);
      });
    });

    describe('secrets: deleteSecret', () => {
      it('removes the secret, its versions and its removed-version markers, and nothing else', async () => {
        const doomed = makeSecret('doomed');
        const kept = makeSecret('kept');
        await insert(doomed, kept);
        await insertVersions(
          makeVersion(doomed.id, 'v1', { stages: [] }),
          makeVersion(doomed.id, 'v2'),
          makeVersion(kept.id, 'v1', { stages: [] }),
          makeVersion(kept.id, 'v2'),
        );
        await store.transaction((tx) => tx.removeVersions(doomed.id, ['v1']));
        await store.transaction((tx) => tx.removeVersions(kept.id, ['v1']));
        expect(await store.wasVersionRemoved(doomed.id, 'v1')).toBe(true);

        await store.transaction((tx) => tx.deleteSecret(doomed.id));

        expect(await store.getSecretByName(HOME, 'doomed')).toBeUndefined();
        expect(await store.getSecretByArn(HOME, doomed.arn)).toBeUndefined();
        expect(await store.getVersions(doomed.id)).toEqual([]);
        expect(await store.wasVersionRemoved(doomed.id, 'v1')).toBe(false);
        expect(await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: true, limit: 10 })).toEqual([kept]);
        expect((await store.getVersions(kept.id)).map((v) => v.versionId)).toEqual(['v2']);
        expect(await store.wasVersionRemoved(kept.id, 'v1')).toBe(true);
      });

      it('frees the name: a new secret with the same name starts with no versions or markers', async () => {
        const old = makeSecret('reborn');
        await insert(old);
        await insertVersions(makeVersion(old.id, 'v1', { stages: [] }), makeVersion(old.id, 'v2'));
        await store.transaction((tx) => tx.removeVersions(old.id, ['v1']));
        await store.transaction((tx) => tx.deleteSecret(old.id));
        const fresh = { ...makeSecret('reborn'), arn: `${arnOf(HOME, 'reborn')}2` };
        await insert(fresh);
        expect(await store.getSecretByName(HOME, 'reborn')).toEqual(fresh);
        expect(await store.getVersions(fresh.id)).toEqual([]);
        expect(await store.wasVersionRemoved(fresh.id, 'v1')).toBe(false);
      });
    });

    describe('versions', () => {
      it('returns versions in insertion order (oldest first), even when created in the same millisecond', async () => {
        const secret = makeSecret('ordered');
        await insert(secret);
        await insertVersions(makeVersion(secret.id, 'zzz-first', { createdAt: 5_000, stages: [] }));
        await insertVersions(makeVersion(secret.id, 'aaa-second', { createdAt: 6_000, stages: [] }));
        await insertVersions(makeVersion(secret.id, 'mmm-third', { createdAt: 6_000, stages: ['AWSPREVIOUS'] }));
        await insertVersions(makeVersion(secret.id, 'bbb-fourth', { createdAt: 6_000, stages: ['AWSCURRENT'] }));
        const versions = await store.getVersions(secret.id);
        expect(versions.map((v) => v.versionId)).toEqual(['zzz-first', 'aaa-second', 'mmm-third', 'bbb-fourth']);
        expect(versions.map((v) => v.createdAt)).toEqual([5_000, 6_000, 6_000, 6_000]);
      });

      it('round-trips every field of a version', async () => {
        const secret = makeSecret('full-version');
        await insert(secret);
        const version = makeVersion(secret.id, 'f3c8a2d4-0000-4000-8000-000000000001', {
          stages: ['AWSCURRENT', 'AWSPENDING', 'custom-label'],
          createdAt: 1_700_000_000_999,
          lastAccessedAt: 1_699_920_000_000,
          valueType: 'binary',
          kmsKeyId: 'alias/my-key',
          sealed: { kekId: 'kek-7f3a', wrappedKey: randomBytes(61), ciphertext: randomBytes(1000) },
        });
        await insertVersions(version);
        const [got] = await store.getVersions(secret.id);
        expect(got).toEqual(version);
        expect(got!.valueType).toBe('binary');
      });

      it('round-trips a version with no optional fields', async () => {
        const secret = makeSecret('bare-version');
        await insert(secret);
        const version = makeVersion(secret.id, 'v1');
        await insertVersions(version);
        const [got] = await store.getVersions(secret.id);
        expect(got).toEqual(version);
        expect(got!.lastAccessedAt).toBeUndefined();
        expect(got!.kmsKeyId).toBeUndefined();
        expect(got!.valueType).toBe('string');
      });

      it('keeps wrappedKey and ciphertext byte-exact, zero bytes included', async () => {
        const secret = makeSecret('bytes');
        await insert(secret);
        const everyByte = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
        const zeros = Buffer.alloc(48);
        const edges = Buffer.from([0x00, 0x00, 0xff, 0x00, 0x7f, 0x80, 0x00]);
        await insertVersions(
          makeVersion(secret.id, 'v-every', { stages: [], sealed: { kekId: 'k', wrappedKey: edges, ciphertext: everyByte } }),
          makeVersion(secret.id, 'v-zeros', { sealed: { kekId: 'k', wrappedKey: zeros, ciphertext: Buffer.concat([zeros, Buffer.of(1)]) } }),
        );
        const [every, zero] = await store.getVersions(secret.id);
        expect(Buffer.isBuffer(every!.sealed.wrappedKey)).toBe(true);
        expect(Buffer.isBuffer(every!.sealed.ciphertext)).toBe(true);
        expect(hex(every!.sealed.wrappedKey)).toBe('0000ff007f8000');
        expect(every!.sealed.ciphertext.length).toBe(512);
        expect(every!.sealed.ciphertext.equals(everyByte)).toBe(true);
        expect(zero!.sealed.wrappedKey.length).toBe(48);
        expect(zero!.sealed.wrappedKey.equals(zeros)).toBe(true);
        expect(hex(zero!.sealed.ciphertext)).toBe(`${'00'.repeat(48)}01`);
      });

      it('round-trips stages in order, including an empty list, and setVersionStages replaces them', async () => {
        const secret = makeSecret('stages');
        await insert(secret);
        await insertVersions(
          makeVersion(secret.id, 'v1', { stages: [] }),
          makeVersion(secret.id, 'v2', { stages: ['AWSPREVIOUS', 'zeta', 'alpha'] }),
          makeVersion(secret.id, 'v3', { stages: ['AWSCURRENT'] }),
        );
        expect((await store.getVersions(secret.id)).map((v) => v.stages)).toEqual([[], ['AWSPREVIOUS', 'zeta', 'alpha'], ['AWSCURRENT']]);

        await store.transaction(async (tx) => {
          await tx.setVersionStages(secret.id, 'v1', ['AWSPENDING', 'label with "quotes", commas']);
          await tx.setVersionStages(secret.id, 'v2', []);
        });
        const after = await store.getVersions(secret.id);
        expect(after.map((v) => v.stages)).toEqual([['AWSPENDING', 'label with "quotes", commas'], [], ['AWSCURRENT']]);
        // Only the stages change; order and the rest of the record stay.
        expect(after.map((v) => v.versionId)).toEqual(['v1', 'v2', 'v3']);
        expect(after[1]!.sealed.ciphertext.length).toBe(45);
      });

      it('scopes version ids by secret: the same id under two secrets is independent', async () => {
        const a = makeSecret('a');
        const b = makeSecret('b');
        await insert(a, b);
        await insertVersions(makeVersion(a.id, 'same-token', { stages: ['AWSCURRENT'] }), makeVersion(b.id, 'same-token', { stages: ['other'] }));
        await store.transaction((tx) => tx.setVersionStages(a.id, 'same-token', ['changed']));
        expect((await store.getVersions(a.id)).map((v) => v.stages)).toEqual([['changed']]);
        expect((await store.getVersions(b.id)).map((v) => v.stages)).toEqual([['other']]);
        await store.transaction((tx) => tx.removeVersions(a.id, ['same-token']));
        expect(await store.getVersions(a.id)).toEqual([]);
        expect(await store.getVersions(b.id)).toHaveLength(1);
        expect(await store.wasVersionRemoved(b.id, 'same-token')).toBe(false);
      });

      it('returns no versions for a secret without any, or an unknown secret id', async () => {
        const secret = makeSecret('empty');
        await insert(secret);
        expect(await store.getVersions(secret.id)).toEqual([]);
        expect(await store.getVersions(newId())).toEqual([]);
      });
    });

    describe('versions: labelled, by id, counted', () => {
      it('getLabelledVersions returns only versions with labels, in insertion order, and follows stage changes', async () => {
        const secret = makeSecret('labelled');
        await insert(secret);
        await insertVersions(
          makeVersion(secret.id, 'v1', { stages: ['AWSPREVIOUS'] }),
          makeVersion(secret.id, 'v2', { stages: [] }),
          makeVersion(secret.id, 'v3', { stages: ['AWSCURRENT', 'custom'] }),
        );
        expect((await store.getLabelledVersions(secret.id)).map((v) => [v.versionId, v.stages])).toEqual([
          ['v1', ['AWSPREVIOUS']],
          ['v3', ['AWSCURRENT', 'custom']],
        ]);
        await store.transaction(async (tx) => {
          await tx.setVersionStages(secret.id, 'v1', []);
          await tx.setVersionStages(secret.id, 'v2', ['AWSPENDING']);
        });
        expect((await store.getLabelledVersions(secret.id)).map((v) => v.versionId)).toEqual(['v2', 'v3']);
        expect(await store.getLabelledVersions('no-such-secret')).toEqual([]);
      });

      it('getVersion finds one version of one secret, labelled or not', async () => {
        const [a, b] = [makeSecret('by-id-a'), makeSecret('by-id-b')];
        await insert(a, b);
        const deprecated = makeVersion(a.id, 'same-id', { stages: [] });
        await insertVersions(deprecated, makeVersion(b.id, 'same-id', { stages: ['AWSCURRENT'] }));
        expect(await store.getVersion(a.id, 'same-id')).toEqual(deprecated);
        expect((await store.getVersion(b.id, 'same-id'))?.stages).toEqual(['AWSCURRENT']);
        expect(await store.getVersion(a.id, 'other')).toBeUndefined();
        await store.transaction((tx) => tx.removeVersions(a.id, ['same-id']));
        expect(await store.getVersion(a.id, 'same-id')).toBeUndefined();
      });

      it('findExpiredVersions names unlabelled versions older than the cutoff beyond the newest N', async () => {
        const secret = makeSecret('retention');
        const other = makeSecret('retention-other');
        await insert(secret, other);
        // v0..v9, oldest first; v2 keeps a label; v7..v9 are newer than the cutoff.
        const versions = Array.from({ length: 10 }, (_, i) =>
          makeVersion(secret.id, `v${i}`, { createdAt: 1_000 + i, stages: i === 2 || i === 9 ? ['L'] : [] }),
        );
        await insertVersions(...versions, makeVersion(other.id, 'v0', { createdAt: 1, stages: [] }));
        expect(await store.findExpiredVersions(secret.id, 4, 1_007)).toEqual(['v0', 'v1', 'v3', 'v4', 'v5']);
        expect(await store.findExpiredVersions(secret.id, 8, 1_007)).toEqual(['v0', 'v1']);
        expect(await store.findExpiredVersions(secret.id, 4, 1_002)).toEqual(['v0', 'v1']);
        expect(await store.findExpiredVersions(secret.id, 10, 2_000)).toEqual([]);
        expect(await store.findExpiredVersions(secret.id, 0, 2_000)).toEqual(['v0', 'v1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']);
      });
    });

    describe('versions: removeVersions and wasVersionRemoved', () => {
      it('removes exactly the listed versions and remembers them', async () => {
        const secret = makeSecret('cleanup');
        await insert(secret);
        await insertVersions(...['v1', 'v2', 'v3', 'v4', 'v5'].map((id) => makeVersion(secret.id, id, { stages: id === 'v5' ? ['AWSCURRENT'] : [] })));
        expect(await store.wasVersionRemoved(secret.id, 'v2')).toBe(false);

        await store.transaction((tx) => tx.removeVersions(secret.id, ['v2', 'v4']));

        expect((await store.getVersions(secret.id)).map((v) => v.versionId)).toEqual(['v1', 'v3', 'v5']);
        expect(await store.wasVersionRemoved(secret.id, 'v2')).toBe(true);
        expect(await store.wasVersionRemoved(secret.id, 'v4')).toBe(true);
        expect(await store.wasVersionRemoved(secret.id, 'v1')).toBe(false);
        expect(await store.wasVersionRemoved(secret.id, 'v5')).toBe(false);
        expect(await store.wasVersionRemoved(secret.id, 'never-existed')).toBe(false);
        expect(await store.wasVersionRemoved(newId(), 'v2')).toBe(false);
      });

      it('accepts an empty list as a no-op', async () => {
        const secret = makeSecret('noop');
        await insert(secret);
        await insertVersions(makeVersion(secret.id, 'v1'));
        await store.transaction((tx) => tx.removeVersions(secret.id, []));
        expect((await store.getVersions(secret.id)).map((v) => v.versionId)).toEqual(['v1']);
        expect(await store.wasVersionRemoved(secret.id, 'v1')).toBe(false);
      });
    });

    describe('scanSecrets', () => {
      // Ties on every sort value except name; never-accessed secrets (sort value 0); deleted secrets; and secrets in
      // other scopes whose values interleave with the home scope's.
      const fixture = (): SecretRecord[] => {
        const rows: Array<[string, number, number, number | undefined, boolean]> = [
          // name, createdAt, lastChangedAt, lastAccessedAt, deleted
          ['s07', 3_000, 9_000, 2 * DAY, false],
          ['s02', 1_000, 9_000, undefined, false],
          ['s11', 2_000, 5_000, 2 * DAY, true],
          ['s05', 2_000, 5_000, DAY, false],
          ['s01', 2_000, 7_000, undefined, false],
          ['s09', 5_000, 5_000, 3 * DAY, false],
          ['s03', 2_000, 9_000, 2 * DAY, false],
          ['s10', 4_000, 1_000, undefined, true],
          ['s04', 1_000, 7_000, DAY, false],
          ['s08', 3_000, 9_000, undefined, false],
          ['s06', 5_000, 2_000, 2 * DAY, true],
          ['s12', 2_000, 9_000, 3 * DAY, false],
          ['S13', 2_000, 5_000, DAY, false], // uppercase: sorts before every lowercase name by code point
        ];
        return rows.map(([name, createdAt, lastChangedAt, lastAccessedAt, deleted]) => {
          const extra: Partial<SecretRecord> = { createdAt, lastChangedAt };
          if (lastAccessedAt !== undefined) extra.lastAccessedAt = lastAccessedAt;
          if (deleted) Object.assign(extra, { deletedAt: 10_000, deletionDate: 10_000 + 30 * DAY });
          return makeSecret(name, extra);
        });
      };
      const elsewhere = (): SecretRecord[] => [
        makeSecret('s05', { createdAt: 2_000, lastChangedAt: 5_000, lastAccessedAt: DAY }, OTHER_REGION),
        makeSecret('s00', { createdAt: 1_500 }, OTHER_REGION),
        makeSecret('s06b', { createdAt: 2_500, lastAccessedAt: 2 * DAY }, OTHER_ACCOUNT),
      ];

      let home: SecretRecord[];
      beforeEach(async () => {
        home = fixture();
        await insert(...home, ...elsewhere());
      });

      for (const sortBy of SORT_KEYS) {
        for (const descending of [false, true]) {
          for (const includeDeleted of [false, true]) {
            const label = `${sortBy} ${descending ? 'descending' : 'ascending'}${includeDeleted ? ', deleted included' : ''}`;
            it(`orders by (value, id) and pages with keyset cursors without duplicates or gaps: ${label}`, async () => {
              const visible = home.filter((s) => includeDeleted || s.deletedAt === undefined);
              const expected = expectedOrder(visible, sortBy, descending);
              expect(expected).toHaveLength(includeDeleted ? 13 : 10);

              const all = await store.scanSecrets(HOME, { sortBy, descending, includeDeleted, limit: 100 });
              expect(all.map((s) => s.id)).toEqual(expected);

              for (const limit of [1, 3, 5]) {
                const { ids, pages } = await pageThrough(store, HOME, { sortBy, descending, includeDeleted, limit });
                expect(ids, `limit ${limit}`).toEqual(expected);
                expect(new Set(ids).size).toBe(ids.length);
                expect(pages.slice(0, -1).every((n) => n === limit), `pages ${pages.join(',')}`).toBe(true);
                expect(pages[pages.length - 1]).toBeLessThan(limit);
              }
            });
          }
        }
      }

      it('returns whole records, equal to what was inserted', async () => {
        const all = await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: true, limit: 100 });
        const byId = new Map(home.map((s) => [s.id, s]));
        expect(all).toHaveLength(13);
        for (const s of all) expect(s).toEqual(byId.get(s.id));
      });

      it('excludes deleted secrets unless asked, and never returns another scope', async () => {
        const live = await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: false, limit: 100 });
        expect(live.map((s) => s.name)).toEqual(['S13', 's01', 's02', 's03', 's04', 's05', 's07', 's08', 's09', 's12']);
        const region = await store.scanSecrets(OTHER_REGION, { sortBy: 'name', descending: false, includeDeleted: true, limit: 100 });
        expect(region.map((s) => [s.name, s.region])).toEqual([
          ['s00', 'eu-west-1'],
          ['s05', 'eu-west-1'],
        ]);
        const account = await store.scanSecrets(OTHER_ACCOUNT, { sortBy: 'created-date', descending: true, includeDeleted: false, limit: 100 });
        expect(account.map((s) => [s.name, s.accountId])).toEqual([['s06b', '222222222222']]);
        expect(await store.scanSecrets({ accountId: '999999999999', region: 'us-east-1' }, { sortBy: 'name', descending: false, includeDeleted: true, limit: 100 })).toEqual([]);
      });

      it('serves the exact page boundaries for name ascending', async () => {
        const first = await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: false, limit: 4 });
        expect(first.map((s) => s.name)).toEqual(['S13', 's01', 's02', 's03']);
        const second = await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: false, limit: 4, after: { value: 's03', id: first[3]!.id } });
        expect(second.map((s) => s.name)).toEqual(['s04', 's05', 's07', 's08']);
      });

      it('treats a never-accessed secret as last accessed at 0, in order and in cursors', async () => {
        const ascending = await store.scanSecrets(HOME, { sortBy: 'last-accessed-date', descending: false, includeDeleted: false, limit: 3 });
        expect(ascending.map((s) => s.name).sort()).toEqual(['s01', 's02', 's08']);
        expect(ascending.every((s) => s.lastAccessedAt === undefined)).toBe(true);
        const rest = await store.scanSecrets(HOME, {
          sortBy: 'last-accessed-date',
          descending: false,
          includeDeleted: false,
          limit: 100,
          after: { value: 0, id: ascending[2]!.id },
        });
        expect(rest.map((s) => s.lastAccessedAt)).toEqual([DAY, DAY, DAY, 2 * DAY, 2 * DAY, 3 * DAY, 3 * DAY]);
      });

      it('continues after a cursor whose row was deleted between pages', async () => {
        const query = { sortBy: 'created-date' as const, descending: false, includeDeleted: false, limit: 4 };
        const expected = expectedOrder(home.filter((s) => s.deletedAt === undefined), 'created-date', false);
        const first = await store.scanSecrets(HOME, query);
        expect(first.map((s) => s.id)).toEqual(expected.slice(0, 4));
        const cursorRow = first[3]!;
        await store.transaction((tx) => tx.deleteSecret(cursorRow.id));
        const second = await store.scanSecrets(HOME, { ...query, limit: 100, after: { value: cursorRow.createdAt, id: cursorRow.id } });
        expect(second.map((s) => s.id)).toEqual(expected.slice(4));
      });

      it('returns nothing after the last row', async () => {
        const all = await store.scanSecrets(HOME, { sortBy: 'last-changed-date', descending: true, includeDeleted: true, limit: 100 });
        const last = all[all.length - 1]!;
        const after = await store.scanSecrets(HOME, {
          sortBy: 'last-changed-date',
          descending: true,
          includeDeleted: true,
          limit: 100,
          after: { value: last.lastChangedAt, id: last.id },
        });
        expect(after).toEqual([]);
      });
    });

    describe('secretsDueForPurge', () => {
      it('returns, across every scope, the secrets whose deletion date is at or before now', async () => {
        const now = 50_000;
        const due1 = makeSecret('due-past', { deletedAt: 1, deletionDate: 10_000 });
        const due2 = makeSecret('due-exact', { deletedAt: 1, deletionDate: now });
        const due3 = makeSecret('due-region', { deletedAt: 1, deletionDate: 20_000 }, OTHER_REGION);
        const due4 = makeSecret('due-account', { deletedAt: 1, deletionDate: 30_000 }, OTHER_ACCOUNT);
        const future = makeSecret('not-yet', { deletedAt: 1, deletionDate: now + 1 });
        const live = makeSecret('live');
        const deletedNoDate = makeSecret('deleted-no-date', { deletedAt: 1 });
        await insert(due1, due2, due3, due4, future, live, deletedNoDate);

        const due = await store.secretsDueForPurge(now, 100);
        expect(due.map((s) => s.name).sort()).toEqual(['due-account', 'due-exact', 'due-past', 'due-region']);
        expect(due.find((s) => s.id === due3.id)).toEqual(due3);

        const limited = await store.secretsDueForPurge(now, 2);
        expect(limited).toHaveLength(2);
        for (const s of limited) expect(['due-account', 'due-exact', 'due-past', 'due-region']).toContain(s.name);

        expect(await store.secretsDueForPurge(9_999, 100)).toEqual([]);
        expect((await store.secretsDueForPurge(now + 1, 100)).map((s) => s.name).sort()).toEqual(['due-account', 'due-exact', 'due-past', 'due-region', 'not-yet']);
      });

      it('lets a purge loop drain every due secret in batches', async () => {
        const secrets = Array.from({ length: 7 }, (_, i) => makeSecret(`purge-${i}`, { deletedAt: 1, deletionDate: 100 + i }));
        await insert(...secrets, makeSecret('survivor'));
        const purged: string[] = [];
        for (let round = 0; round < 10; round++) {
          const due = await store.secretsDueForPurge(1_000, 3);
          if (due.length === 0) break;
          await store.transaction(async (tx) => {
            for (const s of due) await tx.deleteSecret(s.id);
          });
          purged.push(...due.map((s) => s.name));
        }
        expect(purged.sort()).toEqual(secrets.map((s) => s.name).sort());
        expect((await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: true, limit: 100 })).map((s) => s.name)).toEqual(['survivor']);
      });
    });

    describe('meta', () => {
      it('returns undefined for an unknown key', async () => {
        expect(await store.getMeta('no-such-key')).toBeUndefined();
      });

      it('stores, overwrites and keeps keys apart, byte-exact', async () => {
        const sealed = Buffer.from([0x01, 0x00, 0x00, 0xfe, 0xff, 0x00]);
        await store.transaction(async (tx) => {
          await tx.setMeta('keyring', sealed);
          await tx.setMeta('other', Buffer.from('other value'));
          await tx.setMeta('empty', Buffer.alloc(0));
        });
        expect(hex(await store.getMeta('keyring'))).toBe('010000feff00');
        expect((await store.getMeta('other'))?.toString()).toBe('other value');
        expect(hex(await store.getMeta('empty'))).toBe('');

        await store.transaction((tx) => tx.setMeta('keyring', Buffer.from([0x02])));
        expect(hex(await store.getMeta('keyring'))).toBe('02');
        expect((await store.getMeta('other'))?.toString()).toBe('other value');
        expect(Buffer.isBuffer(await store.getMeta('keyring'))).toBe(true);
      });
    });

    describe('transactions', () => {
      it('resolves with the value the function returns', async () => {
        await expect(store.transaction(async () => 42)).resolves.toBe(42);
        await expect(store.transaction(async (tx) => tx.getMeta('absent'))).resolves.toBeUndefined();
      });

      it('shows the transaction its own writes', async () => {
        const secret = makeSecret('read-your-writes');
        const seen = await store.transaction(async (tx) => {
          await tx.insertSecret(secret);
          await tx.insertVersion(makeVersion(secret.id, 'v1'));
          await tx.setVersionStages(secret.id, 'v1', ['AWSCURRENT', 'x']);
          await tx.setMeta('k', Buffer.from('v'));
          return {
            byName: await tx.getSecretByName(HOME, 'read-your-writes'),
            stages: (await tx.getVersions(secret.id)).map((v) => v.stages),
            meta: (await tx.getMeta('k'))?.toString(),
            scanned: (await tx.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: false, limit: 10 })).map((s) => s.id),
          };
        });
        expect(seen).toEqual({ byName: secret, stages: [['AWSCURRENT', 'x']], meta: 'v', scanned: [secret.id] });
      });

      it('keeps concurrent transactions independent: one that throws rolls back alone', async () => {
        const [a, b, c] = [makeSecret('group-a'), makeSecret('group-b'), makeSecret('group-c')];
        const boom = new Error('boom');
        const results = await Promise.allSettled([
          store.transaction((tx) => tx.insertSecret(a)),
          store.transaction(async (tx) => {
            await tx.insertSecret(b);
            await tx.setMeta('group-b', Buffer.from('b'));
            throw boom;
          }),
          store.transaction((tx) => tx.insertSecret(c)),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((results[1] as PromiseRejectedResult).reason).toBe(boom);
        expect(await store.getSecretByName(HOME, 'group-a')).toEqual(a);
        expect(await store.getSecretByName(HOME, 'group-b')).toBeUndefined();
        expect(await store.getMeta('group-b')).toBeUndefined();
        expect(await store.getSecretByName(HOME, 'group-c')).toEqual(c);
      });

      it('makes every one of many concurrent transactions durable before it resolves', async () => {
        const secrets = Array.from({ length: 200 }, (_, i) => makeSecret(`many-${i}`));
        await Promise.all(secrets.map((s) => store.transaction((tx) => tx.insertSecret(s))));
        for (const s of secrets) expect(await store.getSecretByName(HOME, s.name)).toEqual(s);
      });

      it('rolls back every write of a transaction that throws, and rethrows the same error', async () => {
        const existing = fullSecret('existing');
        const victim = makeSecret('victim');
        await insert(existing, victim);
        await insertVersions(makeVersion(existing.id, 'v1', { stages: ['AWSPREVIOUS'] }), makeVersion(existing.id, 'v2'), makeVersion(victim.id, 'v1'));
        await store.transaction((tx) => tx.setMeta('keyring', Buffer.from('old')));
        const fresh = makeSecret('fresh');
        const before = await snapshot(store, [existing, victim, fresh], ['keyring', 'new-key']);

        const boom = new Error('boom');
        const result = store.transaction(async (tx) => {
          await tx.insertSecret(fresh);
          await tx.insertVersion(makeVersion(fresh.id, 'f1'));
          await tx.insertVersion(makeVersion(existing.id, 'v3'));
          await tx.setVersionStages(existing.id, 'v2', ['AWSPREVIOUS']);
          await tx.updateSecret({ ...existing, description: 'changed', tags: [] });
          await tx.removeVersions(existing.id, ['v1']);
          await tx.deleteSecret(victim.id);
          await tx.setMeta('keyring', Buffer.from('new'));
          await tx.setMeta('new-key', Buffer.from('x'));
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw boom;
        });
        await expect(result).rejects.toBe(boom);

        expect(await snapshot(store, [existing, victim, fresh], ['keyring', 'new-key'])).toEqual(before);
        expect(await store.wasVersionRemoved(existing.id, 'v1')).toBe(false);
        expect(await store.getSecretByName(HOME, 'fresh')).toBeUndefined();
        expect((await store.getMeta('keyring'))?.toString()).toBe('old');
      });

      it('rolls back a transaction that fails on a constraint, keeping the store usable', async () => {
        await insert(makeSecret('taken'));
        const before = await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: true, limit: 10 });
        const other = makeSecret('written-first');
        await expect(
          store.transaction(async (tx) => {
            await tx.insertSecret(other);
            await tx.insertSecret({ ...makeSecret('taken'), arn: `${arnOf(HOME, 'taken')}2` });
          }),
        ).rejects.toThrow();
        expect(await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: true, limit: 10 })).toEqual(before);
        await insert(other);
        expect((await store.getSecretByName(HOME, 'written-first'))?.id).toBe(other.id);
      });

      it('does not undo earlier committed transactions when a later one fails', async () => {
        await store.transaction((tx) => tx.setMeta('a', Buffer.from('1')));
        await expect(
          store.transaction(async (tx) => {
            await tx.setMeta('a', Buffer.from('2'));
            throw new Error('nope');
          }),
        ).rejects.toThrow('nope');
        expect((await store.getMeta('a'))?.toString()).toBe('1');
      });

      it('hides an in-progress transaction from readers until it commits', async () => {
        const gate = deferred();
        const written = deferred();
        const secret = makeSecret('in-flight');
        const tx = store.transaction(async (w) => {
          await w.insertSecret(secret);
          await w.setMeta('in-flight', Buffer.from('yes'));
          written.resolve();
          await gate.promise;
        });
        await written.promise;
        expect(await store.getSecretByName(HOME, 'in-flight')).toBeUndefined();
        expect(await store.getMeta('in-flight')).toBeUndefined();
        expect(await store.scanSecrets(HOME, { sortBy: 'name', descending: false, includeDeleted: true, limit: 10 })).toEqual([]);
        gate.resolve();
        await tx;
        expect(await store.getSecretByName(HOME, 'in-flight')).toEqual(secret);
        expect((await store.getMeta('in-flight'))?.toString()).toBe('yes');
      });

      it('runs concurrently started transactions one at a time, in the order they were started', async () => {
        const events: string[] = [];
        const gate = deferred();
        const first = store.transaction(async () => {
          events.push('first:start');
          await gate.promise;
          events.push('first:end');
          return 'first';
        });
        const second = store.transaction(async () => {
          events.push('second:start');
          await new Promise((resolve) => setTimeout(resolve, 1));
          events.push('second:end');
          return 'second';
        });
        const third = store.transaction(async () => {
          events.push('third:start');
          throw new Error('third fails');
        });
        const fourth = store.transaction(async () => {
          events.push('fourth:start');
          return 'fourth';
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(events).toEqual(['first:start']);
        gate.resolve();
        await expect(first).resolves.toBe('first');
        await expect(second).resolves.toBe('second');
        await expect(third).rejects.toThrow('third fails');
        await expect(fourth).resolves.toBe('fourth');
        expect(events).toEqual(['first:start', 'first:end', 'second:start', 'second:end', 'third:start', 'fourth:start']);
      });

      it('loses no update when concurrent transactions read-modify-write the same row', async () => {
        await store.transaction((tx) => tx.setMeta('counter', Buffer.from('0')));
        const increments = Array.from({ length: 12 }, () =>
          store.transaction(async (tx) => {
            const value = Number((await tx.getMeta('counter'))!.toString());
            await new Promise((resolve) => setTimeout(resolve, 1));
            await tx.setMeta('counter', Buffer.from(String(value + 1)));
          }),
        );
        await Promise.all(increments);
        expect((await store.getMeta('counter'))?.toString()).toBe('12');
      });
    });

    describe('recordAccess', () => {
      it('sets the date on the secret and on that version only, and only ever moves it forward', async () => {
        const secret = makeSecret('accessed', { lastChangedAt: 777 });
        await insert(secret);
        await insertVersions(makeVersion(secret.id, 'v1', { stages: ['AWSPREVIOUS'] }), makeVersion(secret.id, 'v2'));
        const state = async () => {
          const s = await store.getSecretByName(HOME, 'accessed');
          const versions = await store.getVersions(secret.id);
          return { secret: s?.lastAccessedAt, changed: s?.lastChangedAt, v1: versions[0]?.lastAccessedAt, v2: versions[1]?.lastAccessedAt };
        };

        await store.recordAccess(secret.id, 'v2', 10 * DAY);
        expect(await state()).toEqual({ secret: 10 * DAY, changed: 777, v1: undefined, v2: 10 * DAY });

        await store.recordAccess(secret.id, 'v2', 12 * DAY);
        expect(await state()).toEqual({ secret: 12 * DAY, changed: 777, v1: undefined, v2: 12 * DAY });

        await store.recordAccess(secret.id, 'v2', 11 * DAY);
        expect(await state()).toEqual({ secret: 12 * DAY, changed: 777, v1: undefined, v2: 12 * DAY });

        // An older version read later: the version gets its first date, the secret keeps its later one.
        await store.recordAccess(secret.id, 'v1', 9 * DAY);
        expect(await state()).toEqual({ secret: 12 * DAY, changed: 777, v1: 9 * DAY, v2: 12 * DAY });

        await store.recordAccess(secret.id, 'v1', 12 * DAY);
        expect(await state()).toEqual({ secret: 12 * DAY, changed: 777, v1: 12 * DAY, v2: 12 * DAY });
      });

      it('does not touch other secrets', async () => {
        const a = makeSecret('a');
        const b = makeSecret('b', { lastAccessedAt: DAY });
        await insert(a, b);
        await insertVersions(makeVersion(a.id, 'v1'), makeVersion(b.id, 'v1'));
        await store.recordAccess(a.id, 'v1', 5 * DAY);
        expect((await store.getSecretByName(HOME, 'b'))?.lastAccessedAt).toBe(DAY);
        expect((await store.getVersions(b.id))[0]!.lastAccessedAt).toBeUndefined();
      });
    });

    describe('durability', () => {
      it('finds everything committed after the database is closed and reopened', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const secrets = [fullSecret('durable-full'), makeSecret('durable-bare', { tags: [] }), makeSecret('durable-elsewhere', {}, OTHER_ACCOUNT)];
        await insert(...secrets);
        await insertVersions(
          makeVersion(secrets[0]!.id, 'v1', { stages: [] }),
          makeVersion(secrets[0]!.id, 'v2', { stages: ['AWSPREVIOUS', 'custom'], kmsKeyId: 'alias/k' }),
          makeVersion(secrets[0]!.id, 'v3', { valueType: 'binary', sealed: { kekId: 'k2', wrappedKey: Buffer.alloc(32), ciphertext: Buffer.from([0, 1, 0, 2, 0]) } }),
          makeVersion(secrets[2]!.id, 'v1'),
        );
        await store.transaction((tx) => tx.removeVersions(secrets[0]!.id, ['v1']));
        await store.transaction((tx) => tx.setMeta('keyring', Buffer.from([0, 0xff, 0])));
        await store.recordAccess(secrets[0]!.id, 'v3', 400 * DAY);
        await expect(
          store.transaction(async (tx) => {
            await tx.setMeta('keyring', Buffer.from('rolled back'));
            throw new Error('rollback');
          }),
        ).rejects.toThrow('rollback');
        const before = await snapshot(store, secrets, ['keyring']);
        const scanBefore = await store.scanSecrets(HOME, { sortBy: 'created-date', descending: false, includeDeleted: true, limit: 10 });

        expect(await reopen()).toBe(true);

        expect(await snapshot(store, secrets, ['keyring'])).toEqual(before);
        expect(await store.wasVersionRemoved(secrets[0]!.id, 'v1')).toBe(true);
        expect(hex(await store.getMeta('keyring'))).toBe('00ff00');
        expect((await store.getVersions(secrets[0]!.id)).map((v) => [v.versionId, v.lastAccessedAt])).toEqual([
          ['v2', undefined],
          ['v3', 400 * DAY],
        ]);
        expect(await store.scanSecrets(HOME, { sortBy: 'created-date', descending: false, includeDeleted: true, limit: 10 })).toEqual(scanBefore);
        expect(await store.secretsDueForPurge(Number.MAX_SAFE_INTEGER, 10)).toEqual([secrets[0]]);
      });

      it('accepts writes after reopening, and keeps inserting versions in order', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const secret = makeSecret('continued');
        await insert(secret);
        await insertVersions(makeVersion(secret.id, 'before-1', { stages: [] }), makeVersion(secret.id, 'before-2'));
        await reopen();
        await insertVersions(makeVersion(secret.id, 'after-1', { stages: [] }));
        await store.transaction((tx) => tx.setMeta('after', Buffer.from('x')));
        await reopen();
        expect((await store.getVersions(secret.id)).map((v) => v.versionId)).toEqual(['before-1', 'before-2', 'after-1']);
        expect((await store.getMeta('after'))?.toString()).toBe('x');
      });
    });

    describe('identities', () => {
      const ACCOUNT = HOME.accountId;
      const OTHER = OTHER_ACCOUNT.accountId;

      function makeUser(userName: string, extra: Partial<IamUserRecord> = {}, accountId: string = ACCOUNT): IamUserRecord {
        return {
          accountId,
          userName,
          userId: `AIDA${newId().toUpperCase().slice(0, 17)}`,
          arn: `arn:aws:iam::${accountId}:user/${userName}`,
          path: '/',
          createdAt: 1_700_000_000_000,
          ...extra,
        };
      }

      function makeKey(userName: string, extra: Partial<AccessKeyRecord> = {}, accountId: string = ACCOUNT): AccessKeyRecord {
        return {
          accessKeyId: `AKIA${newId().toUpperCase().slice(0, 16)}`,
          accountId,
          userName,
          sealedSecret: { kekId: 'kek-1', wrappedKey: randomBytes(61), ciphertext: randomBytes(56) },
          status: 'Active',
          createdAt: 1_700_000_000_000,
          ...extra,
        };
      }

      /** A key with its sealed buffers as hex, for deep comparison independent of Buffer subclassing. */
      function keyView(key: AccessKeyRecord | undefined) {
        if (!key) return key;
        return { ...key, sealedSecret: { kekId: key.sealedSecret.kekId, wrappedKey: hex(key.sealedSecret.wrappedKey), ciphertext: hex(key.sealedSecret.ciphertext) } };
      }

      async function write(fn: (tx: StoreWriter) => Promise<void>): Promise<void> {
        await store.transaction(fn);
      }

      it('round-trips a user with every field, and one with no optional fields', async () => {
        const full = makeUser('alice', {
          path: '/engineering/backend/',
          createdAt: 1_700_000_000_123,
          tags: [
            { Key: 'team', Value: 'payments' },
            { Key: 'env', Value: '' },
            { Key: 'quote"key', Value: 'välue with , and ]' },
          ],
        });
        const bare = makeUser('bob');
        await write(async (tx) => {
          await tx.insertUser(full);
          await tx.insertUser(bare);
        });
        expect(await store.getUser(ACCOUNT, 'alice')).toEqual(full);
        const got = await store.getUser(ACCOUNT, 'bob');
        expect(got).toEqual(bare);
        expect(got !== undefined && 'tags' in got).toBe(false);
        expect(await store.getUser(ACCOUNT, 'carol')).toBeUndefined();
        expect(await store.getUser(ACCOUNT, 'ALICE')).toBeUndefined();
      });

      it('keeps user tags undefined (never tagged) distinct from [] (all tags removed)', async () => {
        await write(async (tx) => {
          await tx.insertUser(makeUser('never-tagged'));
          await tx.insertUser(makeUser('tags-removed', { tags: [] }));
        });
        expect((await store.getUser(ACCOUNT, 'never-tagged'))?.tags).toBeUndefined();
        expect((await store.getUser(ACCOUNT, 'tags-removed'))?.tags).toEqual([]);
      });

      it('lists an account’s users ordered by name (code point order), and only that account’s', async () => {
        const names = ['zed', 'Zed', 'alice', 'Bob', 'bob', 'a_b', 'a-b', 'ä'];
        await write(async (tx) => {
          for (const name of names) await tx.insertUser(makeUser(name));
          await tx.insertUser(makeUser('elsewhere', {}, OTHER));
        });
        const sorted = [...names].sort((a, b) => compare(a, b));
        expect((await store.listUsers(ACCOUNT)).map((u) => u.userName)).toEqual(sorted);
        expect((await store.listUsers(OTHER)).map((u) => u.userName)).toEqual(['elsewhere']);
        expect(await store.listUsers('333333333333')).toEqual([]);
      });

      it('scopes users by account: the same name in two accounts is two users', async () => {
        const home = makeUser('shared', { path: '/home/' });
        const other = makeUser('shared', { path: '/other/' }, OTHER);
        await write(async (tx) => {
          await tx.insertUser(home);
          await tx.insertUser(other);
        });
        expect(await store.getUser(ACCOUNT, 'shared')).toEqual(home);
        expect(await store.getUser(OTHER, 'shared')).toEqual(other);
        await write((tx) => tx.deleteUser(OTHER, 'shared'));
        expect(await store.getUser(OTHER, 'shared')).toBeUndefined();
        expect(await store.getUser(ACCOUNT, 'shared')).toEqual(home);
      });

      it('rejects a second user with the same name in the same account, and keeps the first', async () => {
        const first = makeUser('dup', { path: '/first/' });
        await write((tx) => tx.insertUser(first));
        await expect(write((tx) => tx.insertUser(makeUser('dup', { path: '/second/', tags: [] })))).rejects.toThrow();
        expect(await store.getUser(ACCOUNT, 'dup')).toEqual(first);
        expect(await store.listUsers(ACCOUNT)).toEqual([first]);
      });

      it('updateUser replaces path and tags, and leaves the rest and other users alone', async () => {
        const user = makeUser('mutable', { path: '/a/', tags: [{ Key: 'k', Value: 'v' }] });
        const bystander = makeUser('bystander', { tags: [{ Key: 'b', Value: 'b' }] });
        await write(async (tx) => {
          await tx.insertUser(user);
          await tx.insertUser(bystander);
        });
        const retagged = { ...user, path: '/b/c/', tags: [{ Key: 'new', Value: 'tag' }] };
        await write((tx) => tx.updateUser(retagged));
        expect(await store.getUser(ACCOUNT, 'mutable')).toEqual(retagged);

        const emptied = { ...retagged, tags: [] };
        await write((tx) => tx.updateUser(emptied));
        expect((await store.getUser(ACCOUNT, 'mutable'))?.tags).toEqual([]);

        const { tags: _dropped, ...untagged } = emptied;
        await write((tx) => tx.updateUser(untagged));
        const got = await store.getUser(ACCOUNT, 'mutable');
        expect(got).toEqual(untagged);
        expect(got?.tags).toBeUndefined();
        expect(got?.userId).toBe(user.userId);
        expect(got?.createdAt).toBe(user.createdAt);
        expect(await store.getUser(ACCOUNT, 'bystander')).toEqual(bystander);
      });

      it('deleteUser removes only that user; deleting an unknown user is a no-op', async () => {
        const [a, b] = [makeUser('a'), makeUser('b')];
        await write(async (tx) => {
          await tx.insertUser(a);
          await tx.insertUser(b);
        });
        await write((tx) => tx.deleteUser(ACCOUNT, 'a'));
        await write((tx) => tx.deleteUser(ACCOUNT, 'never-existed'));
        expect(await store.getUser(ACCOUNT, 'a')).toBeUndefined();
        expect(await store.listUsers(ACCOUNT)).toEqual([b]);
        // The name is free again.
        const again = makeUser('a', { path: '/again/' });
        await write((tx) => tx.insertUser(again));
        expect(await store.getUser(ACCOUNT, 'a')).toEqual(again);
      });

      it('round-trips an access key, sealed secret byte-exact, with and without last-use fields', async () => {
        const sealedSecret = { kekId: 'kek-7', wrappedKey: Buffer.from([0x00, 0x01, 0x00, 0xff]), ciphertext: Buffer.from([0xfe, 0x00, 0x00, 0x7f, 0x00]) };
        const bare = makeKey('alice', { sealedSecret, status: 'Inactive' });
        const used = makeKey('alice', { createdAt: 1_700_000_000_001, lastUsedAt: 1_700_000_100_000, lastUsedService: 'secretsmanager', lastUsedRegion: 'eu-west-1' });
        await write(async (tx) => {
          await tx.insertUser(makeUser('alice'));
          await tx.insertAccessKey(bare);
          await tx.insertAccessKey(used);
        });
        const got = await store.getAccessKey(bare.accessKeyId);
        expect(keyView(got)).toEqual(keyView(bare));
        expect(hex(got?.sealedSecret.wrappedKey)).toBe('000100ff');
        expect(hex(got?.sealedSecret.ciphertext)).toBe('fe00007f00');
        expect(Buffer.isBuffer(got?.sealedSecret.wrappedKey)).toBe(true);
        expect(Buffer.isBuffer(got?.sealedSecret.ciphertext)).toBe(true);
        for (const field of ['lastUsedAt', 'lastUsedService', 'lastUsedRegion'] as const) {
          expect(got !== undefined && field in got, field).toBe(false);
        }
        expect(keyView(await store.getAccessKey(used.accessKeyId))).toEqual(keyView(used));
        expect(await store.getAccessKey('AKIANOSUCHKEY0000000')).toBeUndefined();
      });

      it('lists only that user’s access keys, oldest first (ties by key id)', async () => {
        const k3 = makeKey('alice', { accessKeyId: 'AKIA0000000000000003', createdAt: 3000 });
        const k1b = makeKey('alice', { accessKeyId: 'AKIA000000000000001B', createdAt: 1000 });
        const k1a = makeKey('alice', { accessKeyId: 'AKIA000000000000001A', createdAt: 1000 });
        const k2 = makeKey('alice', { accessKeyId: 'AKIA0000000000000002', createdAt: 2000 });
        const bobs = makeKey('bob', { createdAt: 500 });
        const otherAccount = makeKey('alice', { createdAt: 500 }, OTHER);
        await write(async (tx) => {
          for (const k of [k3, k1b, bobs, k1a, otherAccount, k2]) await tx.insertAccessKey(k);
        });
        expect((await store.listAccessKeys(ACCOUNT, 'alice')).map((k) => k.accessKeyId)).toEqual([k1a, k1b, k2, k3].map((k) => k.accessKeyId));
        expect((await store.listAccessKeys(ACCOUNT, 'alice')).map(keyView)).toEqual([k1a, k1b, k2, k3].map(keyView));
        expect((await store.listAccessKeys(ACCOUNT, 'bob')).map((k) => k.accessKeyId)).toEqual([bobs.accessKeyId]);
        expect((await store.listAccessKeys(OTHER, 'alice')).map((k) => k.accessKeyId)).toEqual([otherAccount.accessKeyId]);
        expect(await store.listAccessKeys(ACCOUNT, 'carol')).toEqual([]);
      });

      it('changes an access key’s status and records its use, touching no other key', async () => {
        const key = makeKey('alice');
        const other = makeKey('alice', { createdAt: 1_700_000_000_001 });
        await write(async (tx) => {
          await tx.insertAccessKey(key);
          await tx.insertAccessKey(other);
        });
        await write((tx) => tx.setAccessKeyStatus(key.accessKeyId, 'Inactive'));
        expect((await store.getAccessKey(key.accessKeyId))?.status).toBe('Inactive');
        await write((tx) => tx.setAccessKeyStatus(key.accessKeyId, 'Active'));
        expect((await store.getAccessKey(key.accessKeyId))?.status).toBe('Active');

        await write((tx) => tx.recordAccessKeyUse(key.accessKeyId, 1_700_000_500_000, 'secretsmanager', 'us-east-1'));
        expect(keyView(await store.getAccessKey(key.accessKeyId))).toEqual(
          keyView({ ...key, lastUsedAt: 1_700_000_500_000, lastUsedService: 'secretsmanager', lastUsedRegion: 'us-east-1' }),
        );
        await write((tx) => tx.recordAccessKeyUse(key.accessKeyId, 1_700_000_900_000, 'sts', 'eu-west-1'));
        const got = await store.getAccessKey(key.accessKeyId);
        expect([got?.lastUsedAt, got?.lastUsedService, got?.lastUsedRegion]).toEqual([1_700_000_900_000, 'sts', 'eu-west-1']);
        expect(hex(got?.sealedSecret.ciphertext)).toBe(hex(key.sealedSecret.ciphertext));
        expect(keyView(await store.getAccessKey(other.accessKeyId))).toEqual(keyView(other));
      });

      it('deleteAccessKey removes only that key', async () => {
        const [a, b] = [makeKey('alice'), makeKey('alice', { createdAt: 1_700_000_000_001 })];
        await write(async (tx) => {
          await tx.insertAccessKey(a);
          await tx.insertAccessKey(b);
        });
        await write((tx) => tx.deleteAccessKey(a.accessKeyId));
        expect(await store.getAccessKey(a.accessKeyId)).toBeUndefined();
        expect((await store.listAccessKeys(ACCOUNT, 'alice')).map((k) => k.accessKeyId)).toEqual([b.accessKeyId]);
      });

      it('putUserPolicy creates then replaces; policies are scoped by account and user, listed by name', async () => {
        const doc = (action: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}`;
        const policy: UserPolicyRecord = { accountId: ACCOUNT, userName: 'alice', policyName: 'read', document: doc('secretsmanager:GetSecretValue') };
        await write(async (tx) => {
          await tx.putUserPolicy(policy);
          await tx.putUserPolicy({ ...policy, policyName: 'Admin', document: doc('*') });
          await tx.putUserPolicy({ ...policy, policyName: 'audit', document: doc('secretsmanager:List*') });
          await tx.putUserPolicy({ ...policy, userName: 'bob', document: doc('bob:*') });
          await tx.putUserPolicy({ ...policy, accountId: OTHER, document: doc('other:*') });
        });
        expect(await store.getUserPolicy(ACCOUNT, 'alice', 'read')).toEqual(policy);
        expect(await store.getUserPolicy(ACCOUNT, 'alice', 'READ')).toBeUndefined();
        expect((await store.getUserPolicy(ACCOUNT, 'bob', 'read'))?.document).toBe(doc('bob:*'));
        expect((await store.getUserPolicy(OTHER, 'alice', 'read'))?.document).toBe(doc('other:*'));
        expect((await store.listUserPolicies(ACCOUNT, 'alice')).map((p) => p.policyName)).toEqual(['Admin', 'audit', 'read']);

        const replaced = { ...policy, document: doc('secretsmanager:DescribeSecret') };
        await write((tx) => tx.putUserPolicy(replaced));
        expect(await store.getUserPolicy(ACCOUNT, 'alice', 'read')).toEqual(replaced);
        expect((await store.listUserPolicies(ACCOUNT, 'alice')).map((p) => p.policyName)).toEqual(['Admin', 'audit', 'read']);
        expect((await store.getUserPolicy(ACCOUNT, 'bob', 'read'))?.document).toBe(doc('bob:*'));
        expect((await store.getUserPolicy(OTHER, 'alice', 'read'))?.document).toBe(doc('other:*'));
        expect(await store.listUserPolicies(ACCOUNT, 'carol')).toEqual([]);
      });

      it('deleteUserPolicy removes only that policy', async () => {
        const base: UserPolicyRecord = { accountId: ACCOUNT, userName: 'alice', policyName: 'p1', document: '{}' };
        await write(async (tx) => {
          await tx.putUserPolicy(base);
          await tx.putUserPolicy({ ...base, policyName: 'p2' });
          await tx.putUserPolicy({ ...base, userName: 'bob' });
        });
        await write((tx) => tx.deleteUserPolicy(ACCOUNT, 'alice', 'p1'));
        await write((tx) => tx.deleteUserPolicy(ACCOUNT, 'alice', 'no-such-policy'));
        expect(await store.getUserPolicy(ACCOUNT, 'alice', 'p1')).toBeUndefined();
        expect((await store.listUserPolicies(ACCOUNT, 'alice')).map((p) => p.policyName)).toEqual(['p2']);
        expect(await store.getUserPolicy(ACCOUNT, 'bob', 'p1')).toEqual({ ...base, userName: 'bob' });
      });

      it('shows a transaction its own identity writes, and rolls them all back when it throws', async () => {
        const user = makeUser('kept', { tags: [{ Key: 'a', Value: 'b' }] });
        const key = makeKey('kept');
        const policy: UserPolicyRecord = { accountId: ACCOUNT, userName: 'kept', policyName: 'p', document: '{"v":1}' };
        await write(async (tx) => {
          await tx.insertUser(user);
          await tx.insertAccessKey(key);
          await tx.putUserPolicy(policy);
        });
        const newUser = makeUser('fresh');
        const newKey = makeKey('fresh');
        const boom = new Error('boom');
        const seen: unknown[] = [];
        await expect(
          store.transaction(async (tx) => {
            await tx.insertUser(newUser);
            await tx.insertAccessKey(newKey);
            await tx.putUserPolicy({ ...policy, userName: 'fresh' });
            await tx.updateUser({ ...user, path: '/changed/', tags: [] });
            await tx.setAccessKeyStatus(key.accessKeyId, 'Inactive');
            await tx.recordAccessKeyUse(key.accessKeyId, 1_700_000_999_000, 'iam', 'us-east-1');
            await tx.putUserPolicy({ ...policy, document: '{"v":2}' });
            await tx.deleteUserPolicy(ACCOUNT, 'kept', 'p');
            await tx.deleteAccessKey(key.accessKeyId);
            await tx.deleteUser(ACCOUNT, 'kept');
            seen.push(
              (await tx.getUser(ACCOUNT, 'fresh'))?.userName,
              (await tx.listUsers(ACCOUNT)).map((u) => u.userName),
              (await tx.getAccessKey(newKey.accessKeyId))?.accessKeyId,
              (await tx.listAccessKeys(ACCOUNT, 'fresh')).length,
              (await tx.getUserPolicy(ACCOUNT, 'fresh', 'p'))?.document,
              (await tx.listUserPolicies(ACCOUNT, 'kept')).length,
            );
            // Not committed: the store does not see it yet.
            seen.push(await store.getUser(ACCOUNT, 'fresh'));
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(seen).toEqual(['fresh', ['fresh'], newKey.accessKeyId, 1, '{"v":1}', 0, undefined]);
        expect(await store.getUser(ACCOUNT, 'fresh')).toBeUndefined();
        expect(await store.getAccessKey(newKey.accessKeyId)).toBeUndefined();
        expect(await store.listUserPolicies(ACCOUNT, 'fresh')).toEqual([]);
        expect(await store.listUsers(ACCOUNT)).toEqual([user]);
        expect(keyView(await store.getAccessKey(key.accessKeyId))).toEqual(keyView(key));
        expect(await store.listUserPolicies(ACCOUNT, 'kept')).toEqual([policy]);
      });

      it('keeps identities across close and reopen', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const user = makeUser('durable', { tags: [] });
        const key = makeKey('durable', { sealedSecret: { kekId: 'k', wrappedKey: Buffer.from([0, 0xff, 0]), ciphertext: Buffer.alloc(0) } });
        const policy: UserPolicyRecord = { accountId: ACCOUNT, userName: 'durable', policyName: 'p', document: '{}' };
        await write(async (tx) => {
          await tx.insertUser(user);
          await tx.insertAccessKey(key);
          await tx.putUserPolicy(policy);
          await tx.recordAccessKeyUse(key.accessKeyId, 42, 'sts', 'us-east-1');
        });
        await reopen();
        expect(await store.getUser(ACCOUNT, 'durable')).toEqual(user);
        expect(keyView(await store.getAccessKey(key.accessKeyId))).toEqual(
          keyView({ ...key, lastUsedAt: 42, lastUsedService: 'sts', lastUsedRegion: 'us-east-1' }),
        );
        expect(await store.getUserPolicy(ACCOUNT, 'durable', 'p')).toEqual(policy);
      });
    });

    describe('roles and sessions', () => {
      const ACCOUNT = HOME.accountId;
      const OTHER = OTHER_ACCOUNT.accountId;
      const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}';

      function makeRole(roleName: string, extra: Partial<IamRoleRecord> = {}, accountId: string = ACCOUNT): IamRoleRecord {
        return {
          accountId,
          roleName,
          roleId: `AROA${newId().toUpperCase().slice(0, 17)}`,
          arn: `arn:aws:iam::${accountId}:role/${roleName}`,
          path: '/',
          assumeRolePolicy: TRUST,
          maxSessionDuration: 3600,
          createdAt: 1_700_000_000_000,
          ...extra,
        };
      }

      function makeSession(roleName: string, extra: Partial<RoleSessionRecord> = {}, accountId: string = ACCOUNT): RoleSessionRecord {
        return {
          accessKeyId: `ASIA${newId().toUpperCase().slice(0, 16)}`,
          accountId,
          roleName,
          sessionName: 'session',
          sealedSecret: { kekId: 'kek-1', wrappedKey: randomBytes(61), ciphertext: randomBytes(56) },
          sessionTokenHash: randomBytes(32).toString('hex'),
          createdAt: 1_700_000_000_000,
          expiresAt: 1_700_003_600_000,
          ...extra,
        };
      }

      /** A session with its sealed buffers as hex, for deep comparison independent of Buffer subclassing. */
      function sessionView(session: RoleSessionRecord | undefined) {
        if (!session) return session;
        const { sealedSecret } = session;
        return { ...session, sealedSecret: { kekId: sealedSecret.kekId, wrappedKey: hex(sealedSecret.wrappedKey), ciphertext: hex(sealedSecret.ciphertext) } };
      }

      async function write(fn: (tx: StoreWriter) => Promise<unknown>): Promise<void> {
        await store.transaction(fn);
      }

      it('round-trips a role with every field, and one with no optional fields', async () => {
        const full = makeRole('deployer', {
          path: '/service-role/ci/',
          assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"x":"välue \\" ]"}}}]}',
          maxSessionDuration: 43_200,
          description: 'Deploys things, with "quotes" and ünïcode',
          createdAt: 1_700_000_000_123,
        });
        const bare = makeRole('reader');
        await write(async (tx) => {
          await tx.insertRole(full);
          await tx.insertRole(bare);
        });
        expect(await store.getRole(ACCOUNT, 'deployer')).toEqual(full);
        const got = await store.getRole(ACCOUNT, 'reader');
        expect(got).toEqual(bare);
        expect(got !== undefined && 'description' in got).toBe(false);
        expect(await store.getRole(ACCOUNT, 'writer')).toBeUndefined();
        expect(await store.getRole(ACCOUNT, 'DEPLOYER')).toBeUndefined();
      });

      it('keeps an empty description distinct from no description', async () => {
        await write((tx) => tx.insertRole(makeRole('empty', { description: '' })));
        expect((await store.getRole(ACCOUNT, 'empty'))?.description).toBe('');
      });

      it('round-trips role tags; an empty tag list stays distinct from no tags', async () => {
        const tags: Tag[] = [
          { Key: 'team', Value: 'payments' },
          { Key: 'env', Value: '' },
          { Key: 'quote"key', Value: 'välue with , and ] ✓' },
        ];
        const tagged = makeRole('tagged', { tags });
        const emptied = makeRole('emptied', { tags: [] });
        const untagged = makeRole('untagged');
        await write(async (tx) => {
          for (const role of [tagged, emptied, untagged]) await tx.insertRole(role);
        });
        expect(await store.getRole(ACCOUNT, 'tagged')).toEqual(tagged);
        expect((await store.getRole(ACCOUNT, 'tagged'))?.tags).toEqual(tags);
        expect((await store.getRole(ACCOUNT, 'emptied'))?.tags).toEqual([]);
        const got = await store.getRole(ACCOUNT, 'untagged');
        expect(got).toEqual(untagged);
        expect(got !== undefined && 'tags' in got).toBe(false);
        expect(await store.listRoles(ACCOUNT)).toEqual([emptied, tagged, untagged]);
      });

      it('updateRole replaces the tags too: changed, emptied, removed', async () => {
        const role = makeRole('tagged', { tags: [{ Key: 'a', Value: '1' }] });
        const bystander = makeRole('bystander', { tags: [{ Key: 'keep', Value: 'me' }] });
        await write(async (tx) => {
          await tx.insertRole(role);
          await tx.insertRole(bystander);
        });
        const retagged = { ...role, tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '3' }] };
        await write((tx) => tx.updateRole(retagged));
        expect(await store.getRole(ACCOUNT, 'tagged')).toEqual(retagged);
        await write((tx) => tx.updateRole({ ...role, tags: [] }));
        expect((await store.getRole(ACCOUNT, 'tagged'))?.tags).toEqual([]);
        const { tags: _dropped, ...untagged } = role;
        await write((tx) => tx.updateRole(untagged));
        const got = await store.getRole(ACCOUNT, 'tagged');
        expect(got).toEqual(untagged);
        expect(got !== undefined && 'tags' in got).toBe(false);
        expect(await store.getRole(ACCOUNT, 'bystander')).toEqual(bystander);
      });

      it('lists an account’s roles ordered by name (code point order), and only that account’s', async () => {
        const names = ['zed', 'Zed', 'alice', 'Bob', 'bob', 'a_b', 'a-b', 'ä'];
        await write(async (tx) => {
          for (const name of names) await tx.insertRole(makeRole(name));
          await tx.insertRole(makeRole('elsewhere', {}, OTHER));
        });
        const sorted = [...names].sort((a, b) => compare(a, b));
        expect((await store.listRoles(ACCOUNT)).map((r) => r.roleName)).toEqual(sorted);
        expect((await store.listRoles(OTHER)).map((r) => r.roleName)).toEqual(['elsewhere']);
        expect(await store.listRoles('333333333333')).toEqual([]);
      });

      it('scopes roles by account: the same name in two accounts is two roles', async () => {
        const home = makeRole('shared', { path: '/home/' });
        const other = makeRole('shared', { path: '/other/', description: 'other' }, OTHER);
        await write(async (tx) => {
          await tx.insertRole(home);
          await tx.insertRole(other);
        });
        expect(await store.getRole(ACCOUNT, 'shared')).toEqual(home);
        expect(await store.getRole(OTHER, 'shared')).toEqual(other);
        await write((tx) => tx.deleteRole(OTHER, 'shared'));
        expect(await store.getRole(OTHER, 'shared')).toBeUndefined();
        expect(await store.getRole(ACCOUNT, 'shared')).toEqual(home);
      });

      it('rejects a second role with the same name in the same account, and keeps the first', async () => {
        const first = makeRole('dup', { path: '/first/', maxSessionDuration: 7200 });
        await write((tx) => tx.insertRole(first));
        await expect(write((tx) => tx.insertRole(makeRole('dup', { path: '/second/', description: 'second' })))).rejects.toThrow();
        expect(await store.getRole(ACCOUNT, 'dup')).toEqual(first);
        expect(await store.listRoles(ACCOUNT)).toEqual([first]);
      });

      it('updateRole replaces trust policy, max session duration and description, and nothing else', async () => {
        const role = makeRole('mutable', { path: '/a/', description: 'before' });
        const bystander = makeRole('bystander', { description: 'untouched' });
        await write(async (tx) => {
          await tx.insertRole(role);
          await tx.insertRole(bystander);
        });
        const changed = { ...role, assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}', maxSessionDuration: 10_800, description: 'after' };
        await write((tx) => tx.updateRole(changed));
        expect(await store.getRole(ACCOUNT, 'mutable')).toEqual(changed);

        const { description: _dropped, ...undescribed } = changed;
        await write((tx) => tx.updateRole(undescribed));
        const got = await store.getRole(ACCOUNT, 'mutable');
        expect(got).toEqual(undescribed);
        expect(got !== undefined && 'description' in got).toBe(false);

        // The immutable fields stay as inserted even when the record passed in differs.
        await write((tx) => tx.updateRole({ ...undescribed, roleId: 'AROADIFFERENT', arn: 'arn:other', path: '/z/', createdAt: 1 }));
        expect(await store.getRole(ACCOUNT, 'mutable')).toEqual(undescribed);
        expect(await store.getRole(ACCOUNT, 'bystander')).toEqual(bystander);
      });

      it('updateRole is scoped by account and name', async () => {
        const home = makeRole('same');
        const other = makeRole('same', {}, OTHER);
        await write(async (tx) => {
          await tx.insertRole(home);
          await tx.insertRole(other);
        });
        await write((tx) => tx.updateRole({ ...other, maxSessionDuration: 43_200, description: 'other only' }));
        expect(await store.getRole(ACCOUNT, 'same')).toEqual(home);
        expect(await store.getRole(OTHER, 'same')).toEqual({ ...other, maxSessionDuration: 43_200, description: 'other only' });
        // Updating a role that does not exist creates nothing.
        await write((tx) => tx.updateRole(makeRole('ghost')));
        expect(await store.getRole(ACCOUNT, 'ghost')).toBeUndefined();
      });

      it('deleteRole removes only that role; deleting an unknown role is a no-op', async () => {
        const [a, b] = [makeRole('a'), makeRole('b')];
        await write(async (tx) => {
          await tx.insertRole(a);
          await tx.insertRole(b);
        });
        await write((tx) => tx.deleteRole(ACCOUNT, 'a'));
        await write((tx) => tx.deleteRole(ACCOUNT, 'never-existed'));
        expect(await store.getRole(ACCOUNT, 'a')).toBeUndefined();
        expect(await store.listRoles(ACCOUNT)).toEqual([b]);
        // The name is free again.
        const again = makeRole('a', { path: '/again/' });
        await write((tx) => tx.insertRole(again));
        expect(await store.getRole(ACCOUNT, 'a')).toEqual(again);
      });

      it('putRolePolicy creates then replaces; policies are scoped by account and role, listed by name', async () => {
        const doc = (action: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}`;
        const policy: RolePolicyRecord = { accountId: ACCOUNT, roleName: 'deployer', policyName: 'read', document: doc('secretsmanager:GetSecretValue') };
        await write(async (tx) => {
          await tx.putRolePolicy(policy);
          await tx.putRolePolicy({ ...policy, policyName: 'Admin', document: doc('*') });
          await tx.putRolePolicy({ ...policy, policyName: 'audit', document: doc('secretsmanager:List*') });
          await tx.putRolePolicy({ ...policy, roleName: 'reader', document: doc('reader:*') });
          await tx.putRolePolicy({ ...policy, accountId: OTHER, document: doc('other:*') });
        });
        expect(await store.getRolePolicy(ACCOUNT, 'deployer', 'read')).toEqual(policy);
        expect(await store.getRolePolicy(ACCOUNT, 'deployer', 'READ')).toBeUndefined();
        expect((await store.getRolePolicy(ACCOUNT, 'reader', 'read'))?.document).toBe(doc('reader:*'));
        expect((await store.getRolePolicy(OTHER, 'deployer', 'read'))?.document).toBe(doc('other:*'));
        expect((await store.listRolePolicies(ACCOUNT, 'deployer')).map((p) => p.policyName)).toEqual(['Admin', 'audit', 'read']);

        const replaced = { ...policy, document: doc('secretsmanager:DescribeSecret') };
        await write((tx) => tx.putRolePolicy(replaced));
        expect(await store.getRolePolicy(ACCOUNT, 'deployer', 'read')).toEqual(replaced);
        expect((await store.listRolePolicies(ACCOUNT, 'deployer')).map((p) => p.policyName)).toEqual(['Admin', 'audit', 'read']);
        expect((await store.listRolePolicies(ACCOUNT, 'deployer'))[2]).toEqual(replaced);
        expect((await store.getRolePolicy(ACCOUNT, 'reader', 'read'))?.document).toBe(doc('reader:*'));
        expect((await store.getRolePolicy(OTHER, 'deployer', 'read'))?.document).toBe(doc('other:*'));
        expect(await store.listRolePolicies(ACCOUNT, 'nobody')).toEqual([]);
      });

      it('keeps role policies apart from user policies of the same names', async () => {
        await write(async (tx) => {
          await tx.putRolePolicy({ accountId: ACCOUNT, roleName: 'same', policyName: 'p', document: '{"role":true}' });
          await tx.putUserPolicy({ accountId: ACCOUNT, userName: 'same', policyName: 'p', document: '{"user":true}' });
        });
        expect((await store.getRolePolicy(ACCOUNT, 'same', 'p'))?.document).toBe('{"role":true}');
        expect((await store.getUserPolicy(ACCOUNT, 'same', 'p'))?.document).toBe('{"user":true}');
        await write((tx) => tx.deleteRolePolicy(ACCOUNT, 'same', 'p'));
        expect(await store.getRolePolicy(ACCOUNT, 'same', 'p')).toBeUndefined();
        expect((await store.getUserPolicy(ACCOUNT, 'same', 'p'))?.document).toBe('{"user":true}');
      });

      it('deleteRolePolicy removes only that policy', async () => {
        const base: RolePolicyRecord = { accountId: ACCOUNT, roleName: 'deployer', policyName: 'p1', document: '{}' };
        await write(async (tx) => {
          await tx.putRolePolicy(base);
          await tx.putRolePolicy({ ...base, policyName: 'p2' });
          await tx.putRolePolicy({ ...base, roleName: 'reader' });
          await tx.putRolePolicy({ ...base, accountId: OTHER });
        });
        await write((tx) => tx.deleteRolePolicy(ACCOUNT, 'deployer', 'p1'));
        await write((tx) => tx.deleteRolePolicy(ACCOUNT, 'deployer', 'no-such-policy'));
        expect(await store.getRolePolicy(ACCOUNT, 'deployer', 'p1')).toBeUndefined();
        expect((await store.listRolePolicies(ACCOUNT, 'deployer')).map((p) => p.policyName)).toEqual(['p2']);
        expect(await store.getRolePolicy(ACCOUNT, 'reader', 'p1')).toEqual({ ...base, roleName: 'reader' });
        expect(await store.getRolePolicy(OTHER, 'deployer', 'p1')).toEqual({ ...base, accountId: OTHER });
      });

      it('round-trips a role session, sealed secret byte-exact, with and without a session policy', async () => {
        const sealedSecret = { kekId: 'kek-7', wrappedKey: Buffer.from([0x00, 0x01, 0x00, 0xff]), ciphertext: Buffer.from([0xfe, 0x00, 0x00, 0x7f, 0x00]) };
        const bare = makeSession('deployer', { sealedSecret, sessionName: 'ci@build-42' });
        const narrowed = makeSession('deployer', {
          sessionName: 'narrowed',
          sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}',
          createdAt: 1_700_000_000_001,
          expiresAt: 1_700_043_200_001,
        });
        const elsewhere = makeSession('deployer', {}, OTHER);
        await write(async (tx) => {
          await tx.insertRole(makeRole('deployer'));
          await tx.insertRoleSession(bare);
          await tx.insertRoleSession(narrowed);
          await tx.insertRoleSession(elsewhere);
        });
        const got = await store.getRoleSession(bare.accessKeyId);
        expect(sessionView(got)).toEqual(sessionView(bare));
        expect(hex(got?.sealedSecret.wrappedKey)).toBe('000100ff');
        expect(hex(got?.sealedSecret.ciphertext)).toBe('fe00007f00');
        expect(Buffer.isBuffer(got?.sealedSecret.wrappedKey)).toBe(true);
        expect(Buffer.isBuffer(got?.sealedSecret.ciphertext)).toBe(true);
        expect(got !== undefined && 'sessionPolicy' in got).toBe(false);
        expect(sessionView(await store.getRoleSession(narrowed.accessKeyId))).toEqual(sessionView(narrowed));
        expect(sessionView(await store.getRoleSession(elsewhere.accessKeyId))).toEqual(sessionView(elsewhere));
        expect(await store.getRoleSession('ASIANOSUCHKEY0000000')).toBeUndefined();
      });

      it('keeps an empty sealed secret and an empty session policy intact', async () => {
        const session = makeSession('r', { sealedSecret: { kekId: 'k', wrappedKey: Buffer.alloc(0), ciphertext: Buffer.alloc(0) }, sessionPolicy: '' });
        await write((tx) => tx.insertRoleSession(session));
        const got = await store.getRoleSession(session.accessKeyId);
        expect(sessionView(got)).toEqual(sessionView(session));
        expect(got?.sessionPolicy).toBe('');
      });

      it('round-trips the session policy ARNs, session tags and transitive tag keys, and leaves them absent when unset', async () => {
        const policyArns = ['arn:aws:iam::111111111111:policy/team/ReadProd', 'arn:aws:iam::aws:policy/ReadOnlyAccess'];
        const sessionTags: Tag[] = [
          { Key: 'Project', Value: 'unicorn' },
          { Key: 'cost-center', Value: '' },
          { Key: 'quote"key', Value: 'välue, with ] ✓' },
        ];
        const full = makeSession('deployer', {
          sessionPolicy: '{"Version":"2012-10-17","Statement":[]}',
          policyArns,
          sessionTags,
          transitiveTagKeys: ['Project', 'quote"key'],
        });
        const bare = makeSession('deployer');
        await write(async (tx) => {
          await tx.insertRoleSession(full);
          await tx.insertRoleSession(bare);
        });
        const got = await store.getRoleSession(full.accessKeyId);
        expect(sessionView(got)).toEqual(sessionView(full));
        expect(got?.policyArns).toEqual(policyArns);
        expect(got?.sessionTags).toEqual(sessionTags);
        expect(got?.transitiveTagKeys).toEqual(['Project', 'quote"key']);
        const gotBare = await store.getRoleSession(bare.accessKeyId);
        expect(sessionView(gotBare)).toEqual(sessionView(bare));
        for (const field of ['sessionPolicy', 'policyArns', 'sessionTags', 'transitiveTagKeys']) {
          expect(gotBare !== undefined && field in gotBare).toBe(false);
        }
      });

      it('keeps empty policy ARN, session tag and transitive key lists distinct from unset ones', async () => {
        const session = makeSession('r', { policyArns: [], sessionTags: [], transitiveTagKeys: [] });
        await write((tx) => tx.insertRoleSession(session));
        const got = await store.getRoleSession(session.accessKeyId);
        expect(sessionView(got)).toEqual(sessionView(session));
        expect(got?.policyArns).toEqual([]);
        expect(got?.sessionTags).toEqual([]);
        expect(got?.transitiveTagKeys).toEqual([]);
      });

      it('rejects a second session with the same access key id, and keeps the first', async () => {
        const first = makeSession('r', { sessionName: 'first' });
        await write((tx) => tx.insertRoleSession(first));
        await expect(write((tx) => tx.insertRoleSession({ ...makeSession('r'), accessKeyId: first.accessKeyId, sessionName: 'second' }))).rejects.toThrow();
        expect(sessionView(await store.getRoleSession(first.accessKeyId))).toEqual(sessionView(first));
      });

      it('deleteExpiredRoleSessions removes sessions that expired strictly before now, in every account, and counts them', async () => {
        const now = 1_700_010_000_000;
        const longGone = makeSession('r', { expiresAt: now - DAY });
        const justExpired = makeSession('r', { expiresAt: now - 1 }, OTHER);
        const atNow = makeSession('r', { expiresAt: now });
        const later = makeSession('r', { expiresAt: now + 1 });
        await write(async (tx) => {
          for (const s of [later, longGone, atNow, justExpired]) await tx.insertRoleSession(s);
        });
        let removed = -1;
        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(now);
        });
        expect(removed).toBe(2);
        expect(await store.getRoleSession(longGone.accessKeyId)).toBeUndefined();
        expect(await store.getRoleSession(justExpired.accessKeyId)).toBeUndefined();
        expect(sessionView(await store.getRoleSession(atNow.accessKeyId))).toEqual(sessionView(atNow));
        expect(sessionView(await store.getRoleSession(later.accessKeyId))).toEqual(sessionView(later));

        // Nothing left to expire at the same instant.
        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(now);
        });
        expect(removed).toBe(0);

        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(now + 2);
        });
        expect(removed).toBe(2);
        expect(await store.getRoleSession(atNow.accessKeyId)).toBeUndefined();
        expect(await store.getRoleSession(later.accessKeyId)).toBeUndefined();
      });

      it('deleteExpiredRoleSessions returns 0 on an empty store and leaves roles and policies alone', async () => {
        const role = makeRole('r');
        const policy: RolePolicyRecord = { accountId: ACCOUNT, roleName: 'r', policyName: 'p', document: '{}' };
        let removed = -1;
        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(Number.MAX_SAFE_INTEGER);
        });
        expect(removed).toBe(0);
        await write(async (tx) => {
          await tx.insertRole(role);
          await tx.putRolePolicy(policy);
          await tx.insertRoleSession(makeSession('r', { expiresAt: 5 }));
        });
        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(Number.MAX_SAFE_INTEGER);
        });
        expect(removed).toBe(1);
        expect(await store.getRole(ACCOUNT, 'r')).toEqual(role);
        expect(await store.listRolePolicies(ACCOUNT, 'r')).toEqual([policy]);
      });

      it('shows a transaction its own role and session writes, and rolls them all back when it throws', async () => {
        const role = makeRole('kept', { description: 'kept' });
        const policy: RolePolicyRecord = { accountId: ACCOUNT, roleName: 'kept', policyName: 'p', document: '{"v":1}' };
        const expired = makeSession('kept', { expiresAt: 10 });
        const live = makeSession('kept', { expiresAt: 1_800_000_000_000 });
        await write(async (tx) => {
          await tx.insertRole(role);
          await tx.putRolePolicy(policy);
          await tx.insertRoleSession(expired);
          await tx.insertRoleSession(live);
        });
        const newRole = makeRole('fresh');
        const newSession = makeSession('fresh', { expiresAt: 1_800_000_000_000 });
        const boom = new Error('boom');
        const seen: unknown[] = [];
        await expect(
          store.transaction(async (tx) => {
            await tx.insertRole(newRole);
            await tx.putRolePolicy({ ...policy, roleName: 'fresh' });
            await tx.insertRoleSession(newSession);
            await tx.updateRole({ ...role, maxSessionDuration: 43_200, assumeRolePolicy: '{}', description: 'changed' });
            await tx.putRolePolicy({ ...policy, document: '{"v":2}' });
            seen.push((await tx.getRolePolicy(ACCOUNT, 'kept', 'p'))?.document);
            await tx.deleteRolePolicy(ACCOUNT, 'kept', 'p');
            await tx.deleteRole(ACCOUNT, 'kept');
            seen.push(
              await tx.deleteExpiredRoleSessions(100),
              (await tx.getRole(ACCOUNT, 'fresh'))?.roleName,
              (await tx.listRoles(ACCOUNT)).map((r) => r.roleName),
              (await tx.getRolePolicy(ACCOUNT, 'fresh', 'p'))?.document,
              (await tx.listRolePolicies(ACCOUNT, 'kept')).length,
              (await tx.getRoleSession(newSession.accessKeyId))?.accessKeyId,
              await tx.getRoleSession(expired.accessKeyId),
            );
            // Not committed: the store does not see it yet.
            seen.push(await store.getRole(ACCOUNT, 'fresh'), await store.getRoleSession(newSession.accessKeyId));
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(seen).toEqual(['{"v":2}', 1, 'fresh', ['fresh'], '{"v":1}', 0, newSession.accessKeyId, undefined, undefined, undefined]);
        expect(await store.getRole(ACCOUNT, 'fresh')).toBeUndefined();
        expect(await store.listRolePolicies(ACCOUNT, 'fresh')).toEqual([]);
        expect(await store.getRoleSession(newSession.accessKeyId)).toBeUndefined();
        expect(await store.listRoles(ACCOUNT)).toEqual([role]);
        expect(await store.listRolePolicies(ACCOUNT, 'kept')).toEqual([policy]);
        expect(sessionView(await store.getRoleSession(expired.accessKeyId))).toEqual(sessionView(expired));
        expect(sessionView(await store.getRoleSession(live.accessKeyId))).toEqual(sessionView(live));
      });

      it('keeps roles, role policies and sessions across close and reopen', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const role = makeRole('durable', { description: 'd', maxSessionDuration: 7200, tags: [{ Key: 'team', Value: 'ops' }] });
        const bare = makeRole('durable-bare');
        const policy: RolePolicyRecord = { accountId: ACCOUNT, roleName: 'durable', policyName: 'p', document: '{}' };
        const session = makeSession('durable', {
          sealedSecret: { kekId: 'k', wrappedKey: Buffer.from([0, 0xff, 0]), ciphertext: Buffer.alloc(0) },
          sessionPolicy: '{"narrow":true}',
          policyArns: ['arn:aws:iam::111111111111:policy/p'],
          sessionTags: [{ Key: 'Project', Value: 'unicorn' }],
          transitiveTagKeys: ['Project'],
        });
        await write(async (tx) => {
          await tx.insertRole(role);
          await tx.insertRole(bare);
          await tx.putRolePolicy(policy);
          await tx.insertRoleSession(session);
        });
        await reopen();
        expect(await store.listRoles(ACCOUNT)).toEqual([role, bare]);
        expect(await store.getRolePolicy(ACCOUNT, 'durable', 'p')).toEqual(policy);
        expect(sessionView(await store.getRoleSession(session.accessKeyId))).toEqual(sessionView(session));
      });
    });

    describe('groups', () => {
      const ACCOUNT = HOME.accountId;
      const OTHER = OTHER_ACCOUNT.accountId;

      function makeGroup(groupName: string, extra: Partial<IamGroupRecord> = {}, accountId: string = ACCOUNT): IamGroupRecord {
        return {
          accountId,
          groupName,
          groupId: `AGPA${newId().toUpperCase().slice(0, 17)}`,
          arn: `arn:aws:iam::${accountId}:group/${groupName}`,
          path: '/',
          createdAt: 1_700_000_000_000,
          ...extra,
        };
      }

      async function write(fn: (tx: StoreWriter) => Promise<unknown>): Promise<void> {
        await store.transaction(fn);
      }

      it('round-trips a group; lookups are exact and case-sensitive', async () => {
        const group = makeGroup('admins', { path: '/division/ops/', createdAt: 1_700_000_000_123 });
        await write((tx) => tx.insertGroup(group));
        expect(await store.getGroup(ACCOUNT, 'admins')).toEqual(group);
        expect(await store.getGroup(ACCOUNT, 'ADMINS')).toBeUndefined();
        expect(await store.getGroup(ACCOUNT, 'nobody')).toBeUndefined();
        expect(await store.getGroup(OTHER, 'admins')).toBeUndefined();
      });

      it('lists an account’s groups ordered by name (code point order), and only that account’s', async () => {
        const names = ['zed', 'Zed', 'alice', 'Bob', 'bob', 'a_b', 'a-b', 'ä'];
        await write(async (tx) => {
          for (const name of names) await tx.insertGroup(makeGroup(name));
          await tx.insertGroup(makeGroup('elsewhere', {}, OTHER));
        });
        const sorted = [...names].sort((a, b) => compare(a, b));
        expect((await store.listGroups(ACCOUNT)).map((g) => g.groupName)).toEqual(sorted);
        expect((await store.listGroups(OTHER)).map((g) => g.groupName)).toEqual(['elsewhere']);
        expect(await store.listGroups('333333333333')).toEqual([]);
      });

      it('scopes groups by account: the same name in two accounts is two groups', async () => {
        const home = makeGroup('shared', { path: '/home/' });
        const other = makeGroup('shared', { path: '/other/' }, OTHER);
        await write(async (tx) => {
          await tx.insertGroup(home);
          await tx.insertGroup(other);
        });
        expect(await store.getGroup(ACCOUNT, 'shared')).toEqual(home);
        expect(await store.getGroup(OTHER, 'shared')).toEqual(other);
        await write((tx) => tx.deleteGroup(OTHER, 'shared'));
        expect(await store.getGroup(OTHER, 'shared')).toBeUndefined();
        expect(await store.getGroup(ACCOUNT, 'shared')).toEqual(home);
      });

      it('rejects a second group with the same name in the same account, and keeps the first', async () => {
        const first = makeGroup('dup', { path: '/first/' });
        await write((tx) => tx.insertGroup(first));
        await expect(write((tx) => tx.insertGroup(makeGroup('dup', { path: '/second/' })))).rejects.toThrow();
        expect(await store.getGroup(ACCOUNT, 'dup')).toEqual(first);
        expect(await store.listGroups(ACCOUNT)).toEqual([first]);
      });

      it('deleteGroup removes only that group; deleting an unknown group is a no-op', async () => {
        const [a, b] = [makeGroup('a'), makeGroup('b')];
        await write(async (tx) => {
          await tx.insertGroup(a);
          await tx.insertGroup(b);
        });
        await write((tx) => tx.deleteGroup(ACCOUNT, 'a'));
        await write((tx) => tx.deleteGroup(ACCOUNT, 'never-existed'));
        expect(await store.getGroup(ACCOUNT, 'a')).toBeUndefined();
        expect(await store.listGroups(ACCOUNT)).toEqual([b]);
        // The name is free again.
        const again = makeGroup('a', { path: '/again/' });
        await write((tx) => tx.insertGroup(again));
        expect(await store.getGroup(ACCOUNT, 'a')).toEqual(again);
      });

      it('lists group members ordered by name, scoped by account and group', async () => {
        const names = ['zed', 'Zed', 'alice', 'Bob', 'bob', 'ä'];
        await write(async (tx) => {
          await tx.insertGroup(makeGroup('devs'));
          await tx.insertGroup(makeGroup('ops'));
          await tx.insertGroup(makeGroup('devs', {}, OTHER));
          for (const name of names) await tx.addUserToGroup(ACCOUNT, 'devs', name);
          await tx.addUserToGroup(ACCOUNT, 'ops', 'carol');
          await tx.addUserToGroup(OTHER, 'devs', 'dave');
        });
        expect(await store.listGroupMembers(ACCOUNT, 'devs')).toEqual([...names].sort((a, b) => compare(a, b)));
        expect(await store.listGroupMembers(ACCOUNT, 'ops')).toEqual(['carol']);
        expect(await store.listGroupMembers(OTHER, 'devs')).toEqual(['dave']);
        expect(await store.listGroupMembers(ACCOUNT, 'nobody')).toEqual([]);
      });

      it('addUserToGroup and removeUserFromGroup are idempotent', async () => {
        await write(async (tx) => {
          await tx.insertGroup(makeGroup('devs'));
          await tx.addUserToGroup(ACCOUNT, 'devs', 'alice');
          await tx.addUserToGroup(ACCOUNT, 'devs', 'alice');
        });
        await write((tx) => tx.addUserToGroup(ACCOUNT, 'devs', 'alice'));
        expect(await store.listGroupMembers(ACCOUNT, 'devs')).toEqual(['alice']);

        await write(async (tx) => {
          await tx.addUserToGroup(ACCOUNT, 'devs', 'bob');
          await tx.removeUserFromGroup(ACCOUNT, 'devs', 'alice');
          await tx.removeUserFromGroup(ACCOUNT, 'devs', 'alice');
        });
        await write((tx) => tx.removeUserFromGroup(ACCOUNT, 'devs', 'alice'));
        await write((tx) => tx.removeUserFromGroup(ACCOUNT, 'devs', 'never-a-member'));
        await write((tx) => tx.removeUserFromGroup(ACCOUNT, 'no-such-group', 'bob'));
        expect(await store.listGroupMembers(ACCOUNT, 'devs')).toEqual(['bob']);

        // Re-adding after removal works.
        await write((tx) => tx.addUserToGroup(ACCOUNT, 'devs', 'alice'));
        expect(await store.listGroupMembers(ACCOUNT, 'devs')).toEqual(['alice', 'bob']);
      });

      it('removeUserFromGroup is scoped by account, group and user', async () => {
        await write(async (tx) => {
          for (const [accountId, groupName] of [[ACCOUNT, 'devs'], [ACCOUNT, 'ops'], [OTHER, 'devs']] as const) {
            await tx.insertGroup(makeGroup(groupName, {}, accountId));
            await tx.addUserToGroup(accountId, groupName, 'alice');
            await tx.addUserToGroup(accountId, groupName, 'bob');
          }
        });
        await write((tx) => tx.removeUserFromGroup(ACCOUNT, 'devs', 'alice'));
        expect(await store.listGroupMembers(ACCOUNT, 'devs')).toEqual(['bob']);
        expect(await store.listGroupMembers(ACCOUNT, 'ops')).toEqual(['alice', 'bob']);
        expect(await store.listGroupMembers(OTHER, 'devs')).toEqual(['alice', 'bob']);
      });

      it('listGroupsForUser returns the user’s groups ordered by name, only in that account', async () => {
        const names = ['zeta', 'Zeta', 'alpha', 'Beta', 'beta', 'ä'];
        const groups = names.map((name) => makeGroup(name, { path: `/${name}/` }));
        const otherGroup = makeGroup('alpha', {}, OTHER);
        await write(async (tx) => {
          for (const group of groups) await tx.insertGroup(group);
          await tx.insertGroup(makeGroup('not-joined'));
          await tx.insertGroup(otherGroup);
          for (const name of names) await tx.addUserToGroup(ACCOUNT, name, 'alice');
          await tx.addUserToGroup(ACCOUNT, 'alpha', 'bob');
          await tx.addUserToGroup(OTHER, 'alpha', 'alice');
        });
        const sorted = [...groups].sort((a, b) => compare(a.groupName, b.groupName));
        expect(await store.listGroupsForUser(ACCOUNT, 'alice')).toEqual(sorted);
        expect(await store.listGroupsForUser(ACCOUNT, 'bob')).toEqual([groups[2]]);
        expect(await store.listGroupsForUser(OTHER, 'alice')).toEqual([otherGroup]);
        expect(await store.listGroupsForUser(OTHER, 'bob')).toEqual([]);
        expect(await store.listGroupsForUser(ACCOUNT, 'ALICE')).toEqual([]);
        expect(await store.listGroupsForUser(ACCOUNT, 'nobody')).toEqual([]);

        await write((tx) => tx.removeUserFromGroup(ACCOUNT, 'alpha', 'alice'));
        expect((await store.listGroupsForUser(ACCOUNT, 'alice')).map((g) => g.groupName)).toEqual(
          sorted.map((g) => g.groupName).filter((n) => n !== 'alpha'),
        );
        expect(await store.listGroupsForUser(ACCOUNT, 'bob')).toEqual([groups[2]]);
      });

      it('putGroupPolicy creates then replaces; policies are scoped by account and group, listed by name', async () => {
        const doc = (action: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}`;
        const policy: GroupPolicyRecord = { accountId: ACCOUNT, groupName: 'devs', policyName: 'read', document: doc('secretsmanager:GetSecretValue') };
        await write(async (tx) => {
          await tx.putGroupPolicy(policy);
          await tx.putGroupPolicy({ ...policy, policyName: 'Admin', document: doc('*') });
          await tx.putGroupPolicy({ ...policy, policyName: 'audit', document: doc('secretsmanager:List*') });
          await tx.putGroupPolicy({ ...policy, groupName: 'ops', document: doc('ops:*') });
          await tx.putGroupPolicy({ ...policy, accountId: OTHER, document: doc('other:*') });
        });
        expect(await store.getGroupPolicy(ACCOUNT, 'devs', 'read')).toEqual(policy);
        expect(await store.getGroupPolicy(ACCOUNT, 'devs', 'READ')).toBeUndefined();
        expect((await store.getGroupPolicy(ACCOUNT, 'ops', 'read'))?.document).toBe(doc('ops:*'));
        expect((await store.getGroupPolicy(OTHER, 'devs', 'read'))?.document).toBe(doc('other:*'));
        expect((await store.listGroupPolicies(ACCOUNT, 'devs')).map((p) => p.policyName)).toEqual(['Admin', 'audit', 'read']);

        const replaced = { ...policy, document: doc('secretsmanager:DescribeSecret') };
        await write((tx) => tx.putGroupPolicy(replaced));
        expect(await store.getGroupPolicy(ACCOUNT, 'devs', 'read')).toEqual(replaced);
        expect((await store.listGroupPolicies(ACCOUNT, 'devs')).map((p) => p.policyName)).toEqual(['Admin', 'audit', 'read']);
        expect((await store.listGroupPolicies(ACCOUNT, 'devs'))[2]).toEqual(replaced);
        expect((await store.getGroupPolicy(ACCOUNT, 'ops', 'read'))?.document).toBe(doc('ops:*'));
        expect((await store.getGroupPolicy(OTHER, 'devs', 'read'))?.document).toBe(doc('other:*'));
        expect(await store.listGroupPolicies(ACCOUNT, 'nobody')).toEqual([]);
      });

      it('deleteGroupPolicy removes only that policy, and keeps group policies apart from user and role policies', async () => {
        const base: GroupPolicyRecord = { accountId: ACCOUNT, groupName: 'devs', policyName: 'p1', document: '{}' };
        await write(async (tx) => {
          await tx.putGroupPolicy(base);
          await tx.putGroupPolicy({ ...base, policyName: 'p2' });
          await tx.putGroupPolicy({ ...base, groupName: 'ops' });
          await tx.putGroupPolicy({ ...base, accountId: OTHER });
          await tx.putUserPolicy({ accountId: ACCOUNT, userName: 'devs', policyName: 'p1', document: '{"user":true}' });
          await tx.putRolePolicy({ accountId: ACCOUNT, roleName: 'devs', policyName: 'p1', document: '{"role":true}' });
        });
        await write((tx) => tx.deleteGroupPolicy(ACCOUNT, 'devs', 'p1'));
        await write((tx) => tx.deleteGroupPolicy(ACCOUNT, 'devs', 'no-such-policy'));
        expect(await store.getGroupPolicy(ACCOUNT, 'devs', 'p1')).toBeUndefined();
        expect((await store.listGroupPolicies(ACCOUNT, 'devs')).map((p) => p.policyName)).toEqual(['p2']);
        expect(await store.getGroupPolicy(ACCOUNT, 'ops', 'p1')).toEqual({ ...base, groupName: 'ops' });
        expect(await store.getGroupPolicy(OTHER, 'devs', 'p1')).toEqual({ ...base, accountId: OTHER });
        expect((await store.getUserPolicy(ACCOUNT, 'devs', 'p1'))?.document).toBe('{"user":true}');
        expect((await store.getRolePolicy(ACCOUNT, 'devs', 'p1'))?.document).toBe('{"role":true}');
      });

      it('shows a transaction its own group writes, and rolls them all back when it throws', async () => {
        const group = makeGroup('kept');
        const policy: GroupPolicyRecord = { accountId: ACCOUNT, groupName: 'kept', policyName: 'p', document: '{"v":1}' };
        await write(async (tx) => {
          await tx.insertGroup(group);
          await tx.addUserToGroup(ACCOUNT, 'kept', 'alice');
          await tx.putGroupPolicy(policy);
        });
        const fresh = makeGroup('fresh');
        const boom = new Error('boom');
        const seen: unknown[] = [];
        await expect(
          store.transaction(async (tx) => {
            await tx.insertGroup(fresh);
            await tx.addUserToGroup(ACCOUNT, 'fresh', 'bob');
            await tx.addUserToGroup(ACCOUNT, 'kept', 'bob');
            await tx.removeUserFromGroup(ACCOUNT, 'kept', 'alice');
            await tx.putGroupPolicy({ ...policy, groupName: 'fresh' });
            await tx.putGroupPolicy({ ...policy, document: '{"v":2}' });
            seen.push((await tx.getGroupPolicy(ACCOUNT, 'kept', 'p'))?.document);
            await tx.deleteGroupPolicy(ACCOUNT, 'kept', 'p');
            await tx.deleteGroup(ACCOUNT, 'kept');
            seen.push(
              (await tx.getGroup(ACCOUNT, 'fresh'))?.groupName,
              (await tx.listGroups(ACCOUNT)).map((g) => g.groupName),
              await tx.listGroupMembers(ACCOUNT, 'fresh'),
              (await tx.listGroupsForUser(ACCOUNT, 'bob')).map((g) => g.groupName),
              (await tx.getGroupPolicy(ACCOUNT, 'fresh', 'p'))?.document,
              (await tx.listGroupPolicies(ACCOUNT, 'kept')).length,
            );
            // Not committed: the store does not see it yet.
            seen.push(await store.getGroup(ACCOUNT, 'fresh'), await store.listGroupMembers(ACCOUNT, 'fresh'));
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(seen).toEqual(['{"v":2}', 'fresh', ['fresh'], ['bob'], ['fresh'], '{"v":1}', 0, undefined, []]);
        expect(await store.getGroup(ACCOUNT, 'fresh')).toBeUndefined();
        expect(await store.listGroups(ACCOUNT)).toEqual([group]);
        expect(await store.listGroupMembers(ACCOUNT, 'fresh')).toEqual([]);
        expect(await store.listGroupMembers(ACCOUNT, 'kept')).toEqual(['alice']);
        expect(await store.listGroupsForUser(ACCOUNT, 'bob')).toEqual([]);
        expect(await store.listGroupsForUser(ACCOUNT, 'alice')).toEqual([group]);
        expect(await store.listGroupPolicies(ACCOUNT, 'fresh')).toEqual([]);
        expect(await store.listGroupPolicies(ACCOUNT, 'kept')).toEqual([policy]);
      });

      it('keeps groups, memberships and group policies across close and reopen', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const group = makeGroup('durable', { path: '/d/' });
        const policy: GroupPolicyRecord = { accountId: ACCOUNT, groupName: 'durable', policyName: 'p', document: '{}' };
        await write(async (tx) => {
          await tx.insertGroup(group);
          await tx.addUserToGroup(ACCOUNT, 'durable', 'alice');
          await tx.putGroupPolicy(policy);
        });
        await reopen();
        expect(await store.listGroups(ACCOUNT)).toEqual([group]);
        expect(await store.listGroupMembers(ACCOUNT, 'durable')).toEqual(['alice']);
        expect(await store.listGroupsForUser(ACCOUNT, 'alice')).toEqual([group]);
        expect(await store.getGroupPolicy(ACCOUNT, 'durable', 'p')).toEqual(policy);
      });
    });

    describe('user sessions', () => {
      const ACCOUNT = HOME.accountId;
      const OTHER = OTHER_ACCOUNT.accountId;

      function makeUserSession(userName: string | undefined, extra: Partial<UserSessionRecord> = {}, accountId: string = ACCOUNT): UserSessionRecord {
        return {
          accessKeyId: `ASIA${newId().toUpperCase().slice(0, 16)}`,
          accountId,
          ...(userName === undefined ? {} : { userName }),
          sealedSecret: { kekId: 'kek-1', wrappedKey: randomBytes(61), ciphertext: randomBytes(56) },
          sessionTokenHash: randomBytes(32).toString('hex'),
          createdAt: 1_700_000_000_000,
          expiresAt: 1_700_043_200_000,
          ...extra,
        };
      }

      /** A session with its sealed buffers as hex, for deep comparison independent of Buffer subclassing. */
      function userSessionView(session: UserSessionRecord | undefined) {
        if (!session) return session;
        const { sealedSecret } = session;
        return { ...session, sealedSecret: { kekId: sealedSecret.kekId, wrappedKey: hex(sealedSecret.wrappedKey), ciphertext: hex(sealedSecret.ciphertext) } };
      }

      async function write(fn: (tx: StoreWriter) => Promise<unknown>): Promise<void> {
        await store.transaction(fn);
      }

      it('round-trips a user’s session and the root’s (no user name), sealed secret byte-exact', async () => {
        const sealedSecret = { kekId: 'kek-7', wrappedKey: Buffer.from([0x00, 0x01, 0x00, 0xff]), ciphertext: Buffer.from([0xfe, 0x00, 0x00, 0x7f, 0x00]) };
        const alice = makeUserSession('alice', { sealedSecret, createdAt: 1_700_000_000_123, expiresAt: 1_700_129_600_123 });
        const root = makeUserSession(undefined);
        const elsewhere = makeUserSession('alice', {}, OTHER);
        await write(async (tx) => {
          for (const session of [alice, root, elsewhere]) await tx.insertUserSession(session);
        });
        const got = await store.getUserSession(alice.accessKeyId);
        expect(userSessionView(got)).toEqual(userSessionView(alice));
        expect(hex(got?.sealedSecret.wrappedKey)).toBe('000100ff');
        expect(hex(got?.sealedSecret.ciphertext)).toBe('fe00007f00');
        expect(Buffer.isBuffer(got?.sealedSecret.wrappedKey)).toBe(true);
        expect(Buffer.isBuffer(got?.sealedSecret.ciphertext)).toBe(true);
        const gotRoot = await store.getUserSession(root.accessKeyId);
        expect(userSessionView(gotRoot)).toEqual(userSessionView(root));
        expect(gotRoot !== undefined && 'userName' in gotRoot).toBe(false);
        expect(userSessionView(await store.getUserSession(elsewhere.accessKeyId))).toEqual(userSessionView(elsewhere));
        expect(await store.getUserSession('ASIANOSUCHKEY0000000')).toBeUndefined();
        expect(await store.getUserSession(alice.accessKeyId.toLowerCase())).toBeUndefined();
      });

      it('keeps an empty sealed secret intact', async () => {
        const session = makeUserSession('bob', { sealedSecret: { kekId: 'k', wrappedKey: Buffer.alloc(0), ciphertext: Buffer.alloc(0) } });
        await write((tx) => tx.insertUserSession(session));
        expect(userSessionView(await store.getUserSession(session.accessKeyId))).toEqual(userSessionView(session));
      });

      it('keeps user sessions apart from role sessions and access keys', async () => {
        const session = makeUserSession('alice');
        await write((tx) => tx.insertUserSession(session));
        expect(await store.getRoleSession(session.accessKeyId)).toBeUndefined();
        expect(await store.getAccessKey(session.accessKeyId)).toBeUndefined();
        expect(userSessionView(await store.getUserSession(session.accessKeyId))).toEqual(userSessionView(session));
      });

      it('rejects a second user session with the same access key id, and keeps the first', async () => {
        const first = makeUserSession('alice');
        await write((tx) => tx.insertUserSession(first));
        await expect(write((tx) => tx.insertUserSession({ ...makeUserSession('mallory'), accessKeyId: first.accessKeyId }))).rejects.toThrow();
        expect(userSessionView(await store.getUserSession(first.accessKeyId))).toEqual(userSessionView(first));
      });

      it('deleteExpiredRoleSessions removes user sessions that expired strictly before now, in every account, counted with role sessions', async () => {
        const now = 1_700_010_000_000;
        const longGone = makeUserSession('alice', { expiresAt: now - DAY });
        const justExpired = makeUserSession(undefined, { expiresAt: now - 1 }, OTHER);
        const atNow = makeUserSession('bob', { expiresAt: now });
        const later = makeUserSession('carol', { expiresAt: now + 1 });
        const expiredRoleSession: RoleSessionRecord = {
          accessKeyId: `ASIA${newId().toUpperCase().slice(0, 16)}`,
          accountId: ACCOUNT,
          roleName: 'r',
          sessionName: 's',
          sealedSecret: { kekId: 'k', wrappedKey: randomBytes(8), ciphertext: randomBytes(8) },
          sessionTokenHash: randomBytes(32).toString('hex'),
          createdAt: now - DAY,
          expiresAt: now - 5,
        };
        await write(async (tx) => {
          for (const s of [later, longGone, atNow, justExpired]) await tx.insertUserSession(s);
          await tx.insertRoleSession(expiredRoleSession);
        });
        let removed = -1;
        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(now);
        });
        expect(removed).toBe(3);
        expect(await store.getUserSession(longGone.accessKeyId)).toBeUndefined();
        expect(await store.getUserSession(justExpired.accessKeyId)).toBeUndefined();
        expect(await store.getRoleSession(expiredRoleSession.accessKeyId)).toBeUndefined();
        expect(userSessionView(await store.getUserSession(atNow.accessKeyId))).toEqual(userSessionView(atNow));
        expect(userSessionView(await store.getUserSession(later.accessKeyId))).toEqual(userSessionView(later));

        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(now);
        });
        expect(removed).toBe(0);
        await write(async (tx) => {
          removed = await tx.deleteExpiredRoleSessions(now + 2);
        });
        expect(removed).toBe(2);
        expect(await store.getUserSession(atNow.accessKeyId)).toBeUndefined();
        expect(await store.getUserSession(later.accessKeyId)).toBeUndefined();
      });

      it('shows a transaction its own user session writes, and rolls them back when it throws', async () => {
        const kept = makeUserSession('alice', { expiresAt: 10 });
        await write((tx) => tx.insertUserSession(kept));
        const fresh = makeUserSession('bob');
        const boom = new Error('boom');
        const seen: unknown[] = [];
        await expect(
          store.transaction(async (tx) => {
            await tx.insertUserSession(fresh);
            seen.push((await tx.getUserSession(fresh.accessKeyId))?.userName, await tx.deleteExpiredRoleSessions(100), await tx.getUserSession(kept.accessKeyId));
            // Not committed: the store does not see it yet.
            seen.push(await store.getUserSession(fresh.accessKeyId), (await store.getUserSession(kept.accessKeyId))?.userName);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(seen).toEqual(['bob', 1, undefined, undefined, 'alice']);
        expect(await store.getUserSession(fresh.accessKeyId)).toBeUndefined();
        expect(userSessionView(await store.getUserSession(kept.accessKeyId))).toEqual(userSessionView(kept));
      });

      it('keeps user sessions across close and reopen', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const alice = makeUserSession('alice', { sealedSecret: { kekId: 'k', wrappedKey: Buffer.from([0, 0xff, 0]), ciphertext: Buffer.alloc(0) } });
        const root = makeUserSession(undefined);
        await write(async (tx) => {
          await tx.insertUserSession(alice);
          await tx.insertUserSession(root);
        });
        await reopen();
        expect(userSessionView(await store.getUserSession(alice.accessKeyId))).toEqual(userSessionView(alice));
        const gotRoot = await store.getUserSession(root.accessKeyId);
        expect(userSessionView(gotRoot)).toEqual(userSessionView(root));
        expect(gotRoot !== undefined && 'userName' in gotRoot).toBe(false);
      });
    });

    describe('managed policies', () => {
      const ACCOUNT = HOME.accountId;
      const OTHER = OTHER_ACCOUNT.accountId;
      const doc = (action: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}`;

      function policyArn(policyName: string, path = '/', accountId: string = ACCOUNT): string {
        return `arn:aws:iam::${accountId}:policy${path}${policyName}`;
      }

      function makePolicy(policyName: string, extra: Partial<ManagedPolicyRecord> = {}, accountId: string = ACCOUNT): ManagedPolicyRecord {
        const path = extra.path ?? '/';
        return {
          accountId,
          policyName,
          policyId: `ANPA${newId().toUpperCase().slice(0, 17)}`,
          arn: policyArn(policyName, path, accountId),
          path,
          defaultVersionId: 'v1',
          nextVersion: 2,
          createdAt: 1_700_000_000_000,
          updatedAt: 1_700_000_000_000,
          ...extra,
        };
      }

      function makePolicyVersion(arn: string, versionId: string, extra: Partial<PolicyVersionRecord> = {}): PolicyVersionRecord {
        return { policyArn: arn, versionId, document: doc(`secretsmanager:${versionId}`), createdAt: 1_700_000_000_000, ...extra };
      }

      function attachment(entityType: PolicyAttachmentRecord['entityType'], entityName: string, arn: string, accountId: string = ACCOUNT): PolicyAttachmentRecord {
        return { accountId, entityType, entityName, policyArn: arn };
      }

      async function write(fn: (tx: StoreWriter) => Promise<unknown>): Promise<void> {
        await store.transaction(fn);
      }

      it('round-trips a policy with every field, and one with no optional fields; lookups by ARN are exact', async () => {
        const full = makePolicy('ReadProd', {
          path: '/team/payments/',
          description: 'Reads "prod" secrets — ünïcode ✓',
          defaultVersionId: 'v7',
          nextVersion: 9,
          tags: [
            { Key: 'team', Value: 'payments' },
            { Key: 'env', Value: '' },
            { Key: 'quote"key', Value: 'välue with , and ]' },
          ],
          createdAt: 1_700_000_000_123,
          updatedAt: 1_700_000_500_456,
        });
        const bare = makePolicy('bare');
        await write(async (tx) => {
          await tx.insertManagedPolicy(full);
          await tx.insertManagedPolicy(bare);
        });
        expect(full.arn).toBe('arn:aws:iam::111111111111:policy/team/payments/ReadProd');
        expect(await store.getManagedPolicy(full.arn)).toEqual(full);
        const got = await store.getManagedPolicy(bare.arn);
        expect(got).toEqual(bare);
        expect(got !== undefined && 'description' in got).toBe(false);
        expect(got !== undefined && 'tags' in got).toBe(false);
        expect(await store.getManagedPolicy(policyArn('ReadProd'))).toBeUndefined();
        expect(await store.getManagedPolicy(full.arn.toLowerCase())).toBeUndefined();
        expect(await store.getManagedPolicy(policyArn('bare', '/', OTHER))).toBeUndefined();
      });

      it('keeps an empty description and an empty tag list distinct from none', async () => {
        const policy = makePolicy('empty', { description: '', tags: [] });
        await write((tx) => tx.insertManagedPolicy(policy));
        const got = await store.getManagedPolicy(policy.arn);
        expect(got).toEqual(policy);
        expect(got?.description).toBe('');
        expect(got?.tags).toEqual([]);
      });

      it('lists an account’s policies ordered by name (code point order), and only that account’s', async () => {
        const names = ['zed', 'Zed', 'alice', 'Bob', 'bob', 'a_b', 'a-b', 'ä'];
        await write(async (tx) => {
          // Paths that order differently from the names: the list is by name, not by ARN.
          for (const [i, name] of names.entries()) await tx.insertManagedPolicy(makePolicy(name, { path: `/${String.fromCharCode(0x7a - i)}/` }));
          await tx.insertManagedPolicy(makePolicy('elsewhere', {}, OTHER));
        });
        const sorted = [...names].sort((a, b) => compare(a, b));
        expect((await store.listManagedPolicies(ACCOUNT)).map((p) => p.policyName)).toEqual(sorted);
        expect((await store.listManagedPolicies(OTHER)).map((p) => p.policyName)).toEqual(['elsewhere']);
        expect(await store.listManagedPolicies('333333333333')).toEqual([]);
      });

      it('rejects a policy whose name is taken in the account (whatever its path), and keeps the first; the same name in another account is fine', async () => {
        const first = makePolicy('dup', { path: '/first/', description: 'first' });
        await write((tx) => tx.insertManagedPolicy(first));
        await expect(write((tx) => tx.insertManagedPolicy(makePolicy('dup', { path: '/first/', description: 'second' })))).rejects.toThrow();
        await expect(write((tx) => tx.insertManagedPolicy(makePolicy('dup', { path: '/second/' })))).rejects.toThrow();
        expect(await store.getManagedPolicy(first.arn)).toEqual(first);
        expect(await store.getManagedPolicy(policyArn('dup', '/second/'))).toBeUndefined();
        expect(await store.listManagedPolicies(ACCOUNT)).toEqual([first]);

        const other = makePolicy('dup', { path: '/first/', description: 'other' }, OTHER);
        await write((tx) => tx.insertManagedPolicy(other));
        expect(await store.getManagedPolicy(other.arn)).toEqual(other);
        expect(await store.getManagedPolicy(first.arn)).toEqual(first);
      });

      it('updateManagedPolicy replaces description, default version, next version, tags and updatedAt, and nothing else', async () => {
        const policy = makePolicy('mutable', { path: '/a/', description: 'before', tags: [{ Key: 'a', Value: '1' }] });
        const bystander = makePolicy('bystander', { description: 'untouched' });
        await write(async (tx) => {
          await tx.insertManagedPolicy(policy);
          await tx.insertManagedPolicy(bystander);
        });
        const changed = { ...policy, description: 'after', defaultVersionId: 'v3', nextVersion: 4, tags: [{ Key: 'b', Value: '2' }], updatedAt: 1_700_000_999_000 };
        await write((tx) => tx.updateManagedPolicy(changed));
        expect(await store.getManagedPolicy(policy.arn)).toEqual(changed);

        const { description: _description, tags: _tags, ...plain } = changed;
        await write((tx) => tx.updateManagedPolicy(plain));
        const got = await store.getManagedPolicy(policy.arn);
        expect(got).toEqual(plain);
        expect(got !== undefined && ('description' in got || 'tags' in got)).toBe(false);

        // The immutable fields stay as inserted even when the record passed in differs.
        await write((tx) => tx.updateManagedPolicy({ ...plain, policyName: 'renamed', policyId: 'ANPADIFFERENT', path: '/z/', createdAt: 1, accountId: OTHER }));
        expect(await store.getManagedPolicy(policy.arn)).toEqual(plain);
        expect(await store.listManagedPolicies(OTHER)).toEqual([]);
        expect(await store.getManagedPolicy(bystander.arn)).toEqual(bystander);

        // Updating a policy that does not exist creates nothing.
        const ghost = makePolicy('ghost');
        await write((tx) => tx.updateManagedPolicy(ghost));
        expect(await store.getManagedPolicy(ghost.arn)).toBeUndefined();
      });

      it('round-trips policy versions; version ids are scoped by policy', async () => {
        const [a, b] = [makePolicy('a'), makePolicy('b')];
        const v1 = makePolicyVersion(a.arn, 'v1', { document: '{"Statement":[{"Effect":"Allow","Action":"x","Condition":{"s":"välue \\" ]"}}]}', createdAt: 1_700_000_000_123 });
        const bv1 = makePolicyVersion(b.arn, 'v1', { document: doc('other:*') });
        await write(async (tx) => {
          await tx.insertManagedPolicy(a);
          await tx.insertManagedPolicy(b);
          await tx.insertPolicyVersion(v1);
          await tx.insertPolicyVersion(bv1);
        });
        expect(await store.getPolicyVersion(a.arn, 'v1')).toEqual(v1);
        expect(await store.getPolicyVersion(b.arn, 'v1')).toEqual(bv1);
        expect(await store.getPolicyVersion(a.arn, 'v2')).toBeUndefined();
        expect(await store.getPolicyVersion(a.arn, 'V1')).toBeUndefined();
        expect(await store.getPolicyVersion(policyArn('nobody'), 'v1')).toBeUndefined();
        expect(await store.listPolicyVersions(a.arn)).toEqual([v1]);
        expect(await store.listPolicyVersions(policyArn('nobody'))).toEqual([]);

        await write((tx) => tx.deletePolicyVersion(a.arn, 'v1'));
        expect(await store.getPolicyVersion(a.arn, 'v1')).toBeUndefined();
        expect(await store.listPolicyVersions(a.arn)).toEqual([]);
        expect(await store.getPolicyVersion(b.arn, 'v1')).toEqual(bv1);
      });

      it('rejects a second version with the same id under the same policy, and keeps the first', async () => {
        const policy = makePolicy('p');
        const first = makePolicyVersion(policy.arn, 'v1', { document: '{"first":true}' });
        await write(async (tx) => {
          await tx.insertManagedPolicy(policy);
          await tx.insertPolicyVersion(first);
        });
        await expect(write((tx) => tx.insertPolicyVersion({ ...first, document: '{"second":true}' }))).rejects.toThrow();
        expect(await store.listPolicyVersions(policy.arn)).toEqual([first]);
      });

      it('lists versions oldest first, also among versions created in the same millisecond', async () => {
        const policy = makePolicy('p');
        const other = makePolicy('q');
        // Ids that sort differently as text (v1, v10, v2, …): the order must be insertion order, not the id's.
        const ids = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10', 'v11'];
        await write(async (tx) => {
          await tx.insertManagedPolicy(policy);
          await tx.insertManagedPolicy(other);
          for (const id of ids.slice(0, 6)) {
            await tx.insertPolicyVersion(makePolicyVersion(policy.arn, id));
            await tx.insertPolicyVersion(makePolicyVersion(other.arn, id));
          }
        });
        for (const id of ids.slice(6)) await write((tx) => tx.insertPolicyVersion(makePolicyVersion(policy.arn, id)));
        expect((await store.listPolicyVersions(policy.arn)).map((v) => v.versionId)).toEqual(ids);

        // Deleting versions (oldest, middle, newest) keeps the rest in order; later versions still come last.
        await write(async (tx) => {
          await tx.deletePolicyVersion(policy.arn, 'v1');
          await tx.deletePolicyVersion(policy.arn, 'v5');
          await tx.deletePolicyVersion(policy.arn, 'v11');
          await tx.insertPolicyVersion(makePolicyVersion(policy.arn, 'v12'));
        });
        await write((tx) => tx.insertPolicyVersion(makePolicyVersion(policy.arn, 'v13')));
        expect((await store.listPolicyVersions(policy.arn)).map((v) => v.versionId)).toEqual(['v2', 'v3', 'v4', 'v6', 'v7', 'v8', 'v9', 'v10', 'v12', 'v13']);
        expect((await store.listPolicyVersions(other.arn)).map((v) => v.versionId)).toEqual(ids.slice(0, 6));
      });

      it('deleteManagedPolicy removes the policy and all its versions, and nothing else; deleting an unknown policy is a no-op', async () => {
        const [gone, kept] = [makePolicy('gone', { path: '/x/' }), makePolicy('kept')];
        const keptVersion = makePolicyVersion(kept.arn, 'v1');
        await write(async (tx) => {
          await tx.insertManagedPolicy(gone);
          await tx.insertManagedPolicy(kept);
          for (const id of ['v1', 'v2', 'v3']) await tx.insertPolicyVersion(makePolicyVersion(gone.arn, id));
          await tx.insertPolicyVersion(keptVersion);
        });
        await write((tx) => tx.deleteManagedPolicy(gone.arn));
        await write((tx) => tx.deleteManagedPolicy(policyArn('never-existed')));
        expect(await store.getManagedPolicy(gone.arn)).toBeUndefined();
        expect(await store.getPolicyVersion(gone.arn, 'v1')).toBeUndefined();
        expect(await store.listPolicyVersions(gone.arn)).toEqual([]);
        expect(await store.listManagedPolicies(ACCOUNT)).toEqual([kept]);
        expect(await store.listPolicyVersions(kept.arn)).toEqual([keptVersion]);

        // The name and the ARN are free again, with no versions left over from before.
        const again = makePolicy('gone', { path: '/x/', description: 'again' });
        await write(async (tx) => {
          await tx.insertManagedPolicy(again);
          await tx.insertPolicyVersion(makePolicyVersion(again.arn, 'v4'));
        });
        expect(await store.getManagedPolicy(gone.arn)).toEqual(again);
        expect((await store.listPolicyVersions(gone.arn)).map((v) => v.versionId)).toEqual(['v4']);
      });

      it('listAttachedPolicies returns the entity’s policy ARNs ordered, scoped by account, entity type and entity name', async () => {
        const arns = [
          policyArn('zeta'),
          policyArn('Alpha'),
          policyArn('beta', '/team/'),
          'arn:aws:iam::aws:policy/ReadOnlyAccess',
          'arn:aws:iam::aws:policy/AdministratorAccess',
        ];
        await write(async (tx) => {
          for (const arn of arns) await tx.attachPolicy(attachment('user', 'alice', arn));
          await tx.attachPolicy(attachment('user', 'bob', policyArn('zeta')));
          await tx.attachPolicy(attachment('group', 'alice', policyArn('group-only')));
          await tx.attachPolicy(attachment('role', 'alice', policyArn('role-only')));
          await tx.attachPolicy(attachment('user', 'alice', policyArn('other', '/', OTHER), OTHER));
        });
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'alice')).toEqual([...arns].sort((a, b) => compare(a, b)));
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'bob')).toEqual([policyArn('zeta')]);
        expect(await store.listAttachedPolicies(ACCOUNT, 'group', 'alice')).toEqual([policyArn('group-only')]);
        expect(await store.listAttachedPolicies(ACCOUNT, 'role', 'alice')).toEqual([policyArn('role-only')]);
        expect(await store.listAttachedPolicies(OTHER, 'user', 'alice')).toEqual([policyArn('other', '/', OTHER)]);
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'ALICE')).toEqual([]);
        expect(await store.listAttachedPolicies(ACCOUNT, 'group', 'nobody')).toEqual([]);
      });

      it('listPolicyAttachments returns every entity the policy is attached to, ordered by type, then name', async () => {
        const arn = policyArn('shared');
        const attached = [
          attachment('user', 'alice', arn),
          attachment('role', 'deployer', arn),
          attachment('group', 'ops', arn),
          attachment('user', 'Bob', arn),
          attachment('group', 'devs', arn),
          attachment('role', 'Auditor', arn),
        ];
        await write(async (tx) => {
          for (const a of attached) await tx.attachPolicy(a);
          await tx.attachPolicy(attachment('user', 'alice', policyArn('unrelated')));
        });
        const typeOrder = (a: PolicyAttachmentRecord, b: PolicyAttachmentRecord) => compare(a.entityType, b.entityType) || compare(a.entityName, b.entityName);
        const expected = [...attached].sort(typeOrder);
        expect(expected.map((a) => `${a.entityType}:${a.entityName}`)).toEqual(['group:devs', 'group:ops', 'role:Auditor', 'role:deployer', 'user:Bob', 'user:alice']);
        expect(await store.listPolicyAttachments(arn)).toEqual(expected);
        expect(await store.listPolicyAttachments(policyArn('unrelated'))).toEqual([attachment('user', 'alice', policyArn('unrelated'))]);
        expect(await store.listPolicyAttachments(policyArn('nowhere'))).toEqual([]);
      });

      it('attachPolicy and detachPolicy are idempotent; detach removes only that attachment', async () => {
        const [p, q] = [policyArn('p'), policyArn('q')];
        await write(async (tx) => {
          await tx.attachPolicy(attachment('user', 'alice', p));
          await tx.attachPolicy(attachment('user', 'alice', p));
        });
        await write((tx) => tx.attachPolicy(attachment('user', 'alice', p)));
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'alice')).toEqual([p]);
        expect(await store.listPolicyAttachments(p)).toEqual([attachment('user', 'alice', p)]);

        await write(async (tx) => {
          await tx.attachPolicy(attachment('user', 'alice', q));
          await tx.attachPolicy(attachment('group', 'alice', p));
          await tx.attachPolicy(attachment('user', 'alice', p, OTHER));
          await tx.detachPolicy(attachment('user', 'alice', p));
          await tx.detachPolicy(attachment('user', 'alice', p));
        });
        await write((tx) => tx.detachPolicy(attachment('user', 'alice', p)));
        await write((tx) => tx.detachPolicy(attachment('user', 'never-attached', p)));
        await write((tx) => tx.detachPolicy(attachment('role', 'alice', p)));
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'alice')).toEqual([q]);
        expect(await store.listAttachedPolicies(ACCOUNT, 'group', 'alice')).toEqual([p]);
        expect(await store.listAttachedPolicies(OTHER, 'user', 'alice')).toEqual([p]);
        expect(await store.listPolicyAttachments(p)).toEqual([attachment('group', 'alice', p), attachment('user', 'alice', p, OTHER)]);

        // Re-attaching after detaching works.
        await write((tx) => tx.attachPolicy(attachment('user', 'alice', p)));
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'alice')).toEqual([p, q]);
      });

      it('shows a transaction its own policy writes, and rolls them all back when it throws', async () => {
        const kept = makePolicy('kept', { description: 'kept' });
        const keptVersion = makePolicyVersion(kept.arn, 'v1');
        await write(async (tx) => {
          await tx.insertManagedPolicy(kept);
          await tx.insertPolicyVersion(keptVersion);
          await tx.attachPolicy(attachment('user', 'alice', kept.arn));
        });
        const fresh = makePolicy('fresh');
        const boom = new Error('boom');
        const seen: unknown[] = [];
        await expect(
          store.transaction(async (tx) => {
            await tx.insertManagedPolicy(fresh);
            await tx.insertPolicyVersion(makePolicyVersion(fresh.arn, 'v1'));
            await tx.attachPolicy(attachment('role', 'deployer', fresh.arn));
            await tx.updateManagedPolicy({ ...kept, description: 'changed', defaultVersionId: 'v2', nextVersion: 3 });
            await tx.insertPolicyVersion(makePolicyVersion(kept.arn, 'v2'));
            seen.push((await tx.getManagedPolicy(kept.arn))?.description, (await tx.listPolicyVersions(kept.arn)).map((v) => v.versionId));
            await tx.detachPolicy(attachment('user', 'alice', kept.arn));
            await tx.deletePolicyVersion(kept.arn, 'v1');
            await tx.deleteManagedPolicy(kept.arn);
            seen.push(
              (await tx.getManagedPolicy(fresh.arn))?.policyName,
              (await tx.listManagedPolicies(ACCOUNT)).map((p) => p.policyName),
              (await tx.getPolicyVersion(fresh.arn, 'v1'))?.versionId,
              await tx.listAttachedPolicies(ACCOUNT, 'role', 'deployer'),
              await tx.listPolicyAttachments(kept.arn),
              await tx.listPolicyVersions(kept.arn),
            );
            // Not committed: the store does not see it yet.
            seen.push(await store.getManagedPolicy(fresh.arn), await store.listAttachedPolicies(ACCOUNT, 'role', 'deployer'));
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(seen).toEqual(['changed', ['v1', 'v2'], 'fresh', ['fresh'], 'v1', [fresh.arn], [], [], undefined, []]);
        expect(await store.getManagedPolicy(fresh.arn)).toBeUndefined();
        expect(await store.listPolicyVersions(fresh.arn)).toEqual([]);
        expect(await store.listAttachedPolicies(ACCOUNT, 'role', 'deployer')).toEqual([]);
        expect(await store.listPolicyAttachments(fresh.arn)).toEqual([]);
        expect(await store.listManagedPolicies(ACCOUNT)).toEqual([kept]);
        expect(await store.listPolicyVersions(kept.arn)).toEqual([keptVersion]);
        expect(await store.listPolicyAttachments(kept.arn)).toEqual([attachment('user', 'alice', kept.arn)]);
      });

      it('keeps policies, versions and attachments across close and reopen', async (ctx) => {
        if (!backend.reopen) return ctx.skip();
        const policy = makePolicy('durable', { path: '/d/', description: 'd', tags: [{ Key: 'k', Value: 'v' }], defaultVersionId: 'v2', nextVersion: 3 });
        const bare = makePolicy('durable-bare');
        const versions = ['v2', 'v1'].map((id) => makePolicyVersion(policy.arn, id));
        await write(async (tx) => {
          await tx.insertManagedPolicy(policy);
          await tx.insertManagedPolicy(bare);
          for (const v of versions) await tx.insertPolicyVersion(v);
          await tx.attachPolicy(attachment('user', 'alice', policy.arn));
          await tx.attachPolicy(attachment('group', 'devs', policy.arn));
        });
        await reopen();
        expect(await store.listManagedPolicies(ACCOUNT)).toEqual([policy, bare]);
        expect(await store.listPolicyVersions(policy.arn)).toEqual(versions);
        expect(await store.listAttachedPolicies(ACCOUNT, 'user', 'alice')).toEqual([policy.arn]);
        expect(await store.listPolicyAttachments(policy.arn)).toEqual([attachment('group', 'devs', policy.arn), attachment('user', 'alice', policy.arn)]);
        // Versions inserted after the reopen still list after the ones before it.
        await write((tx) => tx.insertPolicyVersion(makePolicyVersion(policy.arn, 'v0')));
        expect((await store.listPolicyVersions(policy.arn)).map((v) => v.versionId)).toEqual(['v2', 'v1', 'v0']);
      });
    });
  });
}
