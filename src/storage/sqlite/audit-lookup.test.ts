import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../domain/audit/chain.js';
import type { AuditDigestRecord, AuditQuery, NewAuditEvent } from '../store.js';
import { AUDIT_MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

type Stored = NewAuditEvent & { seq: number };

const USERS = ['alice', 'bob', 'carol', undefined];
const NAMES = ['GetSecretValue', 'DescribeSecret', 'PutSecretValue', 'CreateKey', 'LookupEvents'];
const SOURCES = ['secretsmanager.amazonaws.com', 'secretsmanager.amazonaws.com', 'secretsmanager.amazonaws.com', 'kms.amazonaws.com', 'cloudtrail.amazonaws.com'];
const secretArn = (n: number) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:app/${n}-AbCdEf`;

let dir: string;
let store: SqliteStore;
let stored: Stored[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coffer-audit-lookup-'));
  store = SqliteStore.open({ path: join(dir, 'coffer.db') });
  stored = [];
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A varied event: every attribute takes several values, some events have two resources, a few another region. */
function event(i: number): NewAuditEvent {
  const kind = i % NAMES.length;
  const user = USERS[i % USERS.length];
  const resources = kind === 3 ? [{ type: 'AWS::KMS::Key', name: `arn:aws:kms:us-east-1:123456789012:key/${i % 3}` }] : [{ type: 'AWS::SecretsManager::Secret', name: secretArn(i % 7) }];
  if (i % 11 === 0) resources.push({ type: 'AWS::KMS::Key', name: 'arn:aws:kms:us-east-1:123456789012:key/shared' });
  const record = { eventID: `id-${i}`, eventName: NAMES[kind] };
  return {
    region: i % 13 === 0 ? 'eu-west-1' : 'us-east-1',
    eventId: `id-${i}`,
    eventTime: 1_000_000 + i * 1000,
    eventName: NAMES[kind]!,
    eventSource: SOURCES[kind]!,
    readOnly: kind !== 2 && kind !== 3,
    ...(user ? { username: user, accessKeyId: `AKIA${user.toUpperCase()}` } : {}),
    resources: kind === 4 ? [] : resources,
    json: JSON.stringify(record),
  };
}

async function appendEvents(from: number, count: number, batch = 50): Promise<void> {
  for (let start = from; start < from + count; start += batch) {
    const events = Array.from({ length: Math.min(batch, from + count - start) }, (_, k) => event(start + k));
    const written = await store.appendAuditEvents(events);
    events.forEach((e, k) => stored.push({ ...e, seq: written[k]!.seq }));
  }
}

/** What LookupEvents must answer, computed from the events as appended. */
function expected(q: AuditQuery): string[] {
  const matches = (e: Stored): boolean => {
    if (!q.attribute) return true;
    const v = q.attribute.value;
    switch (q.attribute.key) {
      case 'EventId':
        return e.eventId === v;
      case 'EventName':
        return e.eventName === v;
      case 'EventSource':
        return e.eventSource === v;
      case 'ReadOnly':
        return e.readOnly === (v === 'true');
      case 'Username':
        return e.username === v;
      case 'AccessKeyId':
        return e.accessKeyId === v;
      case 'ResourceName':
        return e.resources.some((r) => r.name === v);
      case 'ResourceType':
        return e.resources.some((r) => r.type === v);
    }
  };
  return stored
    .filter((e) => e.region === q.region && matches(e))
    .filter((e) => (q.startTime === undefined || e.eventTime >= q.startTime) && (q.endTime === undefined || e.eventTime <= q.endTime))
    .filter((e) => q.beforeSeq === undefined || e.seq < q.beforeSeq)
    .sort((a, b) => b.seq - a.seq)
    .slice(0, q.limit)
    .map((e) => e.eventId);
}

const QUERIES: Omit<AuditQuery, 'limit'>[] = [
  { region: 'us-east-1' },
  { region: 'eu-west-1' },
  { region: 'ap-south-1' },
  { region: 'us-east-1', attribute: { key: 'EventId', value: 'id-17' } },
  { region: 'us-east-1', attribute: { key: 'EventId', value: 'id-13' } },
  { region: 'us-east-1', attribute: { key: 'EventName', value: 'PutSecretValue' } },
  { region: 'us-east-1', attribute: { key: 'EventSource', value: 'kms.amazonaws.com' } },
  { region: 'us-east-1', attribute: { key: 'ReadOnly', value: 'false' } },
  { region: 'us-east-1', attribute: { key: 'ReadOnly', value: 'true' } },
  { region: 'us-east-1', attribute: { key: 'ReadOnly', value: 'anything else' } },
  { region: 'us-east-1', attribute: { key: 'Username', value: 'carol' } },
  { region: 'eu-west-1', attribute: { key: 'Username', value: 'alice' } },
  { region: 'us-east-1', attribute: { key: 'AccessKeyId', value: 'AKIABOB' } },
  { region: 'us-east-1', attribute: { key: 'ResourceName', value: secretArn(3) } },
  { region: 'us-east-1', attribute: { key: 'ResourceName', value: 'arn:aws:kms:us-east-1:123456789012:key/shared' } },
  { region: 'us-east-1', attribute: { key: 'ResourceType', value: 'AWS::KMS::Key' } },
  { region: 'us-east-1', attribute: { key: 'Username', value: 'nobody' } },
  { region: 'us-east-1', attribute: { key: 'EventName', value: 'GetSecretValue' }, startTime: 1_000_000 + 300_000, endTime: 1_000_000 + 900_000 },
  { region: 'us-east-1', startTime: 1_000_000 + 1_000_000 },
];

/** Every query, at several page sizes, walked page by page the way LookupEvents' NextToken does. */
async function expectAllQueriesMatch(limits = [1, 7, 50], maxPages = 400): Promise<void> {
  for (const query of QUERIES) {
    for (const limit of limits) {
      let beforeSeq: number | undefined;
      for (let page = 0; page < maxPages; page++) {
        const q: AuditQuery = { ...query, limit, ...(beforeSeq !== undefined ? { beforeSeq } : {}) };
        const got = await store.lookupAuditEvents(q);
        expect(got.map((e) => e.eventId), JSON.stringify(q)).toEqual(expected(q));
        if (got.length < limit) break;
        beforeSeq = got.at(-1)!.seq;
      }
    }
  }
}

/** One value read from the lookup index database. */
function fromIndex<T>(sql: string): T {
  const db = new Database(join(dir, 'audit-index.db'), { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as T;
  } finally {
    db.close();
  }
}

const indexedThrough = () => fromIndex<number>('SELECT indexed_through FROM audit_index_state');
const countPostings = () => fromIndex<number>("SELECT COUNT(*) FROM audit_postings WHERE region = 'us-east-1'");

/** Opens the store again: lookups must match at once (from the events), and again once the index has caught up. */
async function reopenAndExpectRebuilt(): Promise<void> {
  store = SqliteStore.open({ path: join(dir, 'coffer.db') });
  await expectAllQueriesMatch([7, 50]);
  await store.auditIndexCaughtUp();
  expect(indexedThrough()).toBe(stored.at(-1)!.seq);
  await expectAllQueriesMatch([7, 50]);
}

describe('LookupEvents over the lookup index and the events past it', () => {
  it('finds the same events whether they are indexed, not yet indexed, or some of each', async () => {
    await appendEvents(0, 700);
    await expectAllQueriesMatch();

    await store.auditIndexCaughtUp();
    expect(indexedThrough()).toBe(stored.at(-1)!.seq);
    await expectAllQueriesMatch();

    await appendEvents(700, 130, 13);
    expect(indexedThrough()).toBeLessThan(stored.at(-1)!.seq);
    await expectAllQueriesMatch();
  });

  it('indexes a large backlog in several batches, with one posting per value per batch', async () => {
    await appendEvents(0, 12_000, 500);
    await store.auditIndexCaughtUp();
    expect(indexedThrough()).toBe(stored.at(-1)!.seq);
    const batches = fromIndex<number>('SELECT COUNT(*) FROM audit_index_batches');
    expect(batches).toBeGreaterThanOrEqual(3);
    // One posting per (region, attribute, value) in each batch: 'alice' has exactly one per batch.
    expect(fromIndex("SELECT COUNT(*) FROM audit_postings WHERE region = 'us-east-1' AND attribute = 'Username' AND value = 'alice'")).toBe(batches);
    await expectAllQueriesMatch([50], 30);
  });

  it('rebuilds a deleted index from the events', async () => {
    await appendEvents(0, 300);
    await store.auditIndexCaughtUp();
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `audit-index.db${suffix}`), { force: true });
    await reopenAndExpectRebuilt();
  });

  it('rebuilds an index that was built from another trail (audit.db restored or replaced)', async () => {
    await appendEvents(0, 300);
    await store.auditIndexCaughtUp();
    await store.close();
    const keptIndex = readFileSync(join(dir, 'audit-index.db'));
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'coffer-audit-lookup-'));
    store = SqliteStore.open({ path: join(dir, 'coffer.db') });
    stored = [];
    // A new trail, shorter than the old one: its seqs are all within the old index's reach.
    await appendEvents(1_000, 120);
    await store.auditIndexCaughtUp();
    await store.close();
    for (const suffix of ['-wal', '-shm']) rmSync(join(dir, `audit-index.db${suffix}`), { force: true });
    writeFileSync(join(dir, 'audit-index.db'), keptIndex);

    await reopenAndExpectRebuilt();
  });

  it('drops the postings of pruned events, and lookups no longer return those events', async () => {
    await appendEvents(0, 400);
    await store.auditIndexCaughtUp();
    const cut = stored.filter((e) => e.region === 'us-east-1')[250]!;
    const digest: AuditDigestRecord = {
      region: 'us-east-1',
      fromSeq: 1,
      toSeq: cut.seq,
      previousHash: GENESIS_HASH,
      lastHash: 'pruned',
      eventCount: 251,
      createdAt: 0,
      signature: 'test',
      kind: 'pruned',
    };
    const postingsBefore = countPostings();
    await store.pruneAuditEvents('us-east-1', cut.seq, digest);
    await appendEvents(400, 1);
    await store.auditIndexCaughtUp();
    expect(countPostings()).toBeLessThan(postingsBefore);
    stored = stored.filter((e) => e.region !== 'us-east-1' || e.seq > cut.seq);
    await expectAllQueriesMatch();
  });
});

describe('an audit database from before the lookup index', () => {
  it('keeps its events, seqs and chains, and indexes them for lookups', async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'coffer-audit-upgrade-'));
    const old = new Database(join(dir, 'audit.db'));
    old.exec(AUDIT_MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    const insert = old.prepare(`INSERT INTO audit_events (region, event_id, event_time, event_name, event_source, read_only, username,
      access_key_id, resources, json, prev_hash, hash) VALUES (@region, @eventId, @eventTime, @eventName, @eventSource, @readOnly,
      @username, @accessKeyId, @resources, @json, @prevHash, @hash)`);
    const insertResource = old.prepare('INSERT INTO audit_event_resources (seq, region, type, name) VALUES (?, ?, ?, ?)');
    const heads = new Map<string, string>();
    for (let i = 0; i < 60; i++) {
      const e = event(i);
      const prevHash = heads.get(e.region) ?? GENESIS_HASH;
      const hash = chainHash(prevHash, e.json);
      heads.set(e.region, hash);
      const seq = Number(
        insert.run({ ...e, readOnly: e.readOnly ? 1 : 0, username: e.username ?? null, accessKeyId: e.accessKeyId ?? null, resources: JSON.stringify(e.resources), prevHash, hash }).lastInsertRowid,
      );
      for (const r of e.resources) insertResource.run(seq, e.region, r.type, r.name);
      stored.push({ ...e, seq });
    }
    // The newest event was deleted (pruned or lost): its seq must still not be reused.
    old.prepare('DELETE FROM audit_events WHERE seq = ?').run(stored.pop()!.seq);
    old.close();

    store = SqliteStore.open({ path: join(dir, 'coffer.db') });
    await expectAllQueriesMatch();
    await store.auditIndexCaughtUp();
    await expectAllQueriesMatch();

    const lastUs = stored.filter((e) => e.region === 'us-east-1').at(-1)!;
    const [appended] = await store.appendAuditEvents([{ ...event(1), eventId: 'after-upgrade' }]);
    expect(appended!.seq).toBe(61);
    expect(appended!.prevHash).toBe((await store.auditEventsAfter('us-east-1', lastUs.seq - 1, 1))[0]!.hash);
  });
});
