import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { AuditEventRecord } from '../../storage/store.js';
import { Envelope } from '../crypto/envelope.js';
import { Keyring } from '../crypto/keyring.js';
import { AuditLog } from './audit-log.js';
import { GENESIS_HASH } from './chain.js';
import { digestText, DigestWriter } from './digests.js';
import { AuditSigner, verifySignature } from './signer.js';
import { verifyStore } from './verify.js';

const DAY = 86_400_000;
let dir: string;
let store: SqliteStore;
let keyring: Keyring;
let clock: number;
let counter: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coffer-digests-'));
  store = SqliteStore.open({ path: join(dir, 'coffer.db') });
  keyring = Keyring.create();
  clock = 100 * DAY;
  counter = 0;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function writer(): { digests: DigestWriter; signer: () => Promise<AuditSigner> } {
  const signer = () => AuditSigner.open(store, new Envelope(keyring));
  return { digests: new DigestWriter(store, signer, () => clock), signer };
}

/** Appends one event through the real AuditLog, `ageDays` old. */
async function append(region = 'us-east-1', ageDays = 0): Promise<string> {
  const eventId = `event-${++counter}`;
  const eventTime = clock - ageDays * DAY;
  await new AuditLog(store, [], pino({ level: 'silent' })).append(
    { eventID: eventId, eventName: 'GetSecretValue', awsRegion: region, eventTime: new Date(eventTime).toISOString() },
    { region, eventTime, eventName: 'GetSecretValue', eventSource: 'secretsmanager.amazonaws.com', readOnly: true, resources: [] },
  );
  return eventId;
}

async function events(region = 'us-east-1'): Promise<AuditEventRecord[]> {
  return store.auditEventsAfter(region, 0, 1_000);
}

async function publicKey(): Promise<string> {
  return (await writer().signer()).publicKeyPem;
}

describe('DigestWriter.writeDigests', () => {
  it('signs one digest per region covering exactly the events since that region’s last digest', async () => {
    const { digests } = writer();
    for (let i = 0; i < 3; i++) await append('us-east-1');
    for (let i = 0; i < 2; i++) await append('eu-west-1');
    expect(await digests.writeDigests()).toBe(2);

    const east = await events('us-east-1');
    const [first] = await store.listAuditDigests('us-east-1');
    expect(first).toMatchObject({
      kind: 'interval',
      fromSeq: east[0]!.seq,
      toSeq: east[2]!.seq,
      eventCount: 3,
      previousHash: GENESIS_HASH,
      lastHash: east[2]!.hash,
      createdAt: clock,
    });
    expect(verifySignature(await publicKey(), digestText(first!), first!.signature)).toBe(true);
    expect(await store.listAuditDigests('eu-west-1')).toEqual([expect.objectContaining({ eventCount: 2 })]);

    await append('us-east-1');
    await append('us-east-1');
    expect(await digests.writeDigests()).toBe(1);
    const after = await events('us-east-1');
    const second = (await store.listAuditDigests('us-east-1'))[1]!;
    expect(second).toMatchObject({ fromSeq: after[3]!.seq, toSeq: after[4]!.seq, eventCount: 2, previousHash: first!.lastHash, lastHash: after[4]!.hash });
    expect(await digests.writeDigests()).toBe(0);
    expect(await verifyStore(store, await publicKey())).toEqual({
      regions: [
        { region: 'eu-west-1', events: 2, digests: 1 },
        { region: 'us-east-1', events: 5, digests: 2 },
      ],
      problems: [],
    });
  });

  it('signs nothing while no signer is available (a sealed server)', async () => {
    await append();
    expect(await new DigestWriter(store, async () => undefined, () => clock).writeDigests()).toBe(0);
    expect(await store.listAuditDigests('us-east-1')).toEqual([]);
  });

  it('a digest signed by another key fails verification as bad-signature', async () => {
    await append();
    await writer().digests.writeDigests();
    const otherStore = SqliteStore.open({ path: join(dir, 'other', 'coffer.db') });
    const other = await AuditSigner.open(otherStore, new Envelope(Keyring.create()));
    await otherStore.close();
    expect(other.publicKeyPem).not.toBe(await publicKey());
    const report = await verifyStore(store, other.publicKeyPem);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'bad-signature', region: 'us-east-1' })]);
  });
});

describe('DigestWriter.prune', () => {
  it('removes events past retention, keeps the young ones, and leaves a signed pruned digest; the trail still verifies', async () => {
    const { digests } = writer();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await append('us-east-1', 100));
    await digests.writeDigests();
    // The retention cut falls inside the next digest's range.
    ids.push(await append('us-east-1', 95));
    ids.push(await append('us-east-1', 10));
    ids.push(await append('us-east-1', 1));
    await digests.writeDigests();
    const before = await events();

    expect(await digests.prune(clock - 90 * DAY)).toBe(4);
    const left = await events();
    expect(left.map((e) => e.eventId)).toEqual(ids.slice(4));
    const pruned = (await store.listAuditDigests('us-east-1')).filter((d) => d.kind === 'pruned');
    expect(pruned).toEqual([
      expect.objectContaining({ fromSeq: before[0]!.seq, toSeq: before[3]!.seq, eventCount: 4, previousHash: GENESIS_HASH, lastHash: before[3]!.hash }),
    ]);
    expect(verifySignature(await publicKey(), digestText(pruned[0]!), pruned[0]!.signature)).toBe(true);
    expect((await verifyStore(store, await publicKey())).problems).toEqual([]);

    // Nothing more is old enough; new events after the prune chain on and verify.
    expect(await digests.prune(clock - 90 * DAY)).toBe(0);
    await append('us-east-1');
    await digests.writeDigests();
    expect((await verifyStore(store, await publicKey())).problems).toEqual([]);
  });

  it('keeps a region’s newest event even when every event is old, so the chain continues from it', async () => {
    const { digests } = writer();
    for (let i = 0; i < 4; i++) await append('eu-west-1', 200);
    const newest = (await events('eu-west-1'))[3]!;
    expect(await digests.prune(clock - 90 * DAY)).toBe(3);
    expect(await events('eu-west-1')).toEqual([newest]);
    await append('eu-west-1');
    expect((await events('eu-west-1'))[1]!.prevHash).toBe(newest.hash);
    await digests.writeDigests();
    expect((await verifyStore(store, await publicKey())).problems).toEqual([]);
  });

  it('a second prune continues from the first pruned digest', async () => {
    const { digests } = writer();
    for (let i = 0; i < 3; i++) await append('us-east-1', 200);
    await append('us-east-1', 50);
    await append('us-east-1', 0);
    expect(await digests.prune(clock - 90 * DAY)).toBe(3);
    clock += 60 * DAY;
    expect(await digests.prune(clock - 90 * DAY)).toBe(1);
    const pruned = (await store.listAuditDigests('us-east-1')).filter((d) => d.kind === 'pruned');
    expect(pruned).toHaveLength(2);
    expect(pruned[1]!.previousHash).toBe(pruned[0]!.lastHash);
    expect((await verifyStore(store, await publicKey())).problems).toEqual([]);
  });

  it('deleting an event that survived the prune is still named', async () => {
    const { digests } = writer();
    for (let i = 0; i < 2; i++) await append('us-east-1', 200);
    const ids = [await append('us-east-1', 1), await append('us-east-1', 1), await append('us-east-1', 1)];
    await digests.prune(clock - 90 * DAY);
    const survivors = await events();
    expect(survivors.map((e) => e.eventId)).toEqual(ids);
    const raw = new Database(join(dir, 'audit.db'));
    raw.prepare('DELETE FROM audit_events WHERE seq = ?').run(survivors[0]!.seq!);
    raw.close();
    expect((await verifyStore(store, await publicKey())).problems).toEqual([
      expect.objectContaining({ kind: 'deleted', seq: survivors[1]!.seq, eventId: ids[1] }),
    ]);
  });
});

describe('the chain across restarts', () => {
  it('continues from the last stored event, with the same signing key, and verifies end to end', async () => {
    await append();
    await append();
    await writer().digests.writeDigests();
    const keyBefore = await publicKey();
    const lastBefore = (await events()).at(-1)!;
    await store.close();

    store = SqliteStore.open({ path: join(dir, 'coffer.db') });
    await append();
    const all = await events();
    expect(all).toHaveLength(3);
    expect(all[2]!.prevHash).toBe(lastBefore.hash);
    expect(await publicKey()).toBe(keyBefore);
    await writer().digests.writeDigests();
    const digests = await store.listAuditDigests('us-east-1');
    expect(digests.map((d) => d.eventCount)).toEqual([2, 1]);
    expect(digests[1]!.previousHash).toBe(digests[0]!.lastHash);
    expect((await verifyStore(store, keyBefore)).problems).toEqual([]);
  });
});
