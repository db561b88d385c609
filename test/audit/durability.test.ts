/**
 * The trail under load and under failure: concurrent callers get exactly one event per request with the chain
 * intact, and a request whose event cannot be written fails instead of answering (fail closed).
 */
import { GetSecretValueCommand, CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyStore } from '../../src/domain/audit/verify.js';
import { PUBLIC_META } from '../../src/domain/audit/signer.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { signedRequest } from '../support/raw.js';
import { AuditClients, lookupAll, recordOf, type Creds } from './audit-support.js';

describe('8 clients hammering GetSecretValue', () => {
  let coffer: TestCoffer;
  let clients: AuditClients;
  beforeAll(async () => {
    coffer = await startTestCoffer({ audit: { digestIntervalMs: 100 } });
    clients = new AuditClients(coffer);
  });
  afterAll(async () => {
    clients.destroy();
    await coffer.destroy();
  });

  it('leave exactly one event per request, per outcome, and a chain that verifies', async () => {
    const arn = (await clients.sm().send(new CreateSecretCommand({ Name: 'hot', SecretString: 'hot-value' }))).ARN!;
    const reader = await clients.user('reader', [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn }]);
    const outsider = await clients.user('outsider');
    const callers: Creds[] = [reader, reader, reader, reader, reader, outsider, outsider, outsider];
    const outcomes = new Map<string, { ok: Set<string>; denied: Set<string> }>([
      [reader.accessKeyId, { ok: new Set(), denied: new Set() }],
      [outsider.accessKeyId, { ok: new Set(), denied: new Set() }],
    ]);
    await Promise.all(
      callers.map(async (creds) => {
        const sm = clients.sm(creds);
        const mine = outcomes.get(creds.accessKeyId)!;
        for (let i = 0; i < 50; i++) {
          try {
            const out = await sm.send(new GetSecretValueCommand({ SecretId: 'hot' }));
            expect(out.SecretString).toBe('hot-value');
            mine.ok.add(out.$metadata.requestId!);
          } catch (error) {
            const e = error as { name: string; $metadata: { requestId?: string } };
            expect(e.name).toBe('AccessDeniedException');
            mine.denied.add(e.$metadata.requestId!);
          }
        }
      }),
    );
    expect(outcomes.get(reader.accessKeyId)!.ok.size).toBe(250);
    expect(outcomes.get(outsider.accessKeyId)!.denied.size).toBe(150);

    const trail = clients.trail();
    for (const [accessKeyId, expected] of outcomes) {
      const events = (await lookupAll(trail, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }] })).filter(
        (e) => e.EventName === 'GetSecretValue',
      );
      const records = events.map(recordOf);
      const ok = records.filter((r) => r.errorCode === undefined).map((r) => r.requestID as string);
      const denied = records.filter((r) => r.errorCode === 'AccessDeniedException').map((r) => r.requestID as string);
      expect(records).toHaveLength(expected.ok.size + expected.denied.size);
      expect(new Set(ok)).toEqual(expected.ok);
      expect(new Set(denied)).toEqual(expected.denied);
    }
    const all = await lookupAll(trail, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' }] });
    expect(all).toHaveLength(400);

    // Digests are signed every 100 ms meanwhile; wait for one that covers the hammering, then check everything.
    const store = SqliteStore.open({ path: join(coffer.dataDir, 'coffer.db') });
    try {
      const newest = (await store.lookupAuditEvents({ region: 'us-east-1', limit: 1 }))[0]!;
      for (let i = 0; i < 100; i++) {
        const digests = await store.listAuditDigests('us-east-1');
        if ((digests[digests.length - 1]?.toSeq ?? 0) >= newest.seq!) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const digests = await store.listAuditDigests('us-east-1');
      expect(digests[digests.length - 1]!.toSeq).toBeGreaterThanOrEqual(newest.seq!);
      const publicKey = (await store.getMeta(PUBLIC_META))!.toString('utf8');
      const report = await verifyStore(store, publicKey);
      expect(report.problems).toEqual([]);
      const [region] = report.regions;
      expect(region).toMatchObject({ region: 'us-east-1' });
      expect(region!.events).toBeGreaterThan(400);
      expect(region!.digests).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});

describe('when the audit store cannot write', () => {
  let coffer: TestCoffer;
  let clients: AuditClients;
  beforeAll(async () => {
    coffer = await startTestCoffer();
    clients = new AuditClients(coffer);
  });
  afterAll(async () => {
    clients.destroy();
    await coffer.destroy();
  });

  const health = async () => {
    const response = await fetch(`${coffer.endpoint}/health`);
    return { status: response.status, body: (await response.json()) as { status: string; audit: { store: string; index: string } } };
  };

  it('a GetSecretValue fails with a 500 and without its value, /health reports it, and all recovers with the store', async () => {
    await clients.sm().send(new CreateSecretCommand({ Name: 'guarded', SecretString: 'guarded-value-91c4' }));
    expect((await health()).body).toMatchObject({ status: 'ok', audit: { store: 'ok' } });

    // Another connection holds the audit database's write lock for longer than the server's busy timeout (5 s).
    const blocker = new Database(join(coffer.dataDir, 'audit.db'));
    blocker.pragma('busy_timeout = 5000');
    blocker.exec('BEGIN EXCLUSIVE');
    let refused;
    try {
      refused = await signedRequest({
        endpoint: coffer.endpoint,
        ...coffer.rootCredentials,
        target: 'secretsmanager.GetSecretValue',
        body: JSON.stringify({ SecretId: 'guarded' }),
      });
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect(refused.status).toBe(500);
    expect(refused.json).toEqual({ __type: 'InternalFailure', message: 'The request could not be recorded in the audit trail, so it was refused.' });
    expect(refused.text).not.toContain('guarded-value-91c4');
    const failing = await health();
    expect(failing.status).toBe(503);
    expect(failing.body.status).toBe('degraded');
    expect(failing.body.audit.store).toMatch(/^failing: /);

    // The store writes again: the next call is answered and recorded, and /health is ok once more.
    const got = await clients.sm().send(new GetSecretValueCommand({ SecretId: 'guarded' }));
    expect(got.SecretString).toBe('guarded-value-91c4');
    expect((await health())).toMatchObject({ status: 200, body: { status: 'ok', audit: { store: 'ok' } } });
    const reads = await lookupAll(clients.trail(), { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' }] });
    expect(reads.map((e) => recordOf(e).requestID)).toEqual([got.$metadata.requestId]);
  }, 30_000);

  it('a lookup index that cannot be written leaves lookups complete, shows on /health, and catches up afterwards', async () => {
    await clients.sm().send(new CreateSecretCommand({ Name: 'indexed', SecretString: 'indexed-value' }));
    expect((await health()).body.audit.index).toBe('ok');
    const index = new Database(join(coffer.dataDir, 'audit-index.db'));
    try {
      // Every write of a posting fails, as it would on a full disk.
      index.exec("CREATE TRIGGER refuse_postings BEFORE INSERT ON audit_postings BEGIN SELECT RAISE(ABORT, 'index write refused (test)'); END");
      const reads = [];
      for (let i = 0; i < 3; i++) reads.push((await clients.sm().send(new GetSecretValueCommand({ SecretId: 'indexed' }))).$metadata.requestId);
      // The indexer tries within about a second of the calls, and fails.
      await vi.waitFor(async () => expect((await health()).body.audit.index).toBe('failing: index write refused (test)'), { timeout: 10_000, interval: 100 });
      const failing = await health();
      expect(failing).toMatchObject({ status: 200, body: { status: 'ok', audit: { store: 'ok' } } });
      const secretArn = (await clients.sm().send(new GetSecretValueCommand({ SecretId: 'indexed' }))).ARN!;
      const byResource = async () =>
        (await lookupAll(clients.trail(), { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: secretArn }] }))
          .filter((e) => e.EventName === 'GetSecretValue')
          .map((e) => recordOf(e).requestID);
      expect((await byResource()).slice(1)).toEqual(reads.reverse());

      index.exec('DROP TRIGGER refuse_postings');
      await vi.waitFor(async () => expect((await health()).body.audit.index).toBe('ok'), { timeout: 10_000, interval: 100 });
      const lastSeq = () => {
        const trail = new Database(join(coffer.dataDir, 'audit.db'), { readonly: true });
        try {
          return trail.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck().get();
        } finally {
          trail.close();
        }
      };
      await vi.waitFor(() => expect(index.prepare('SELECT indexed_through FROM audit_index_state').pluck().get()).toBe(lastSeq()), { timeout: 10_000, interval: 100 });
      expect((await byResource()).slice(1)).toEqual(reads);
    } finally {
      index.close();
    }
  }, 30_000);
});
