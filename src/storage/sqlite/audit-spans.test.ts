import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditEvent } from '../store.js';
import { SqliteStore } from './sqlite-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coffer-audit-spans-'));
  store = SqliteStore.open({ path: join(dir, 'coffer.db') });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (region: string, eventTime: number, eventId: string): NewAuditEvent => ({
  region,
  eventId,
  eventTime,
  eventName: 'GetSecretValue',
  eventSource: 'secretsmanager.amazonaws.com',
  readOnly: true,
  resources: [],
  json: JSON.stringify({ eventID: eventId }),
});

/** Appends events given as [region, eventTime]; returns their seqs. */
async function append(...events: [string, number][]): Promise<number[]> {
  const written = await store.appendAuditEvents(events.map(([region, time], i) => event(region, time, `e-${region}-${time}-${i}`)));
  return written.map((w) => w.seq);
}

const seqs = (span: { count: number; first?: { seq?: number }; last?: { seq?: number } }) => [span.count, span.first?.seq, span.last?.seq];

describe('audit spans (digests and retention)', () => {
  it('counts a region’s events after a seq, interleaved with another region’s, and nothing past the region’s head', async () => {
    const [a1, , a2, , a3] = await append(['us-east-1', 1], ['eu-west-1', 1], ['us-east-1', 2], ['eu-west-1', 2], ['us-east-1', 3]);
    expect(seqs(await store.auditEventSpan('us-east-1', 0))).toEqual([3, a1, a3]);
    expect(seqs(await store.auditEventSpan('us-east-1', a1!))).toEqual([2, a2, a3]);
    expect(seqs(await store.auditEventSpan('us-east-1', a3!))).toEqual([0, undefined, undefined]);
    expect(seqs(await store.auditEventSpan('ap-south-1', 0))).toEqual([0, undefined, undefined]);
  });

  it('offers for pruning the old prefix, up to the first young event', async () => {
    const [o1, o2, , young] = await append(['us-east-1', 10], ['us-east-1', 20], ['eu-west-1', 5], ['us-east-1', 100], ['us-east-1', 30], ['us-east-1', 200]);
    expect(seqs(await store.prunableAuditSpan('us-east-1', 0, 50))).toEqual([2, o1, o2]);
    expect(young).toBeGreaterThan(o2!);
    expect(seqs(await store.prunableAuditSpan('us-east-1', o2!, 50))).toEqual([0, undefined, undefined]);
  });

  it('never offers the region’s newest event, even when every event is old', async () => {
    const [o1, o2, newest] = await append(['us-east-1', 10], ['us-east-1', 20], ['us-east-1', 30]);
    expect(seqs(await store.prunableAuditSpan('us-east-1', 0, 1_000))).toEqual([2, o1, o2]);
    expect(newest).toBeGreaterThan(o2!);
    // Young events appended afterwards are never part of an old span (the span is read in one snapshot).
    const [y1] = await append(['us-east-1', 5_000], ['us-east-1', 5_001]);
    expect(seqs(await store.prunableAuditSpan('us-east-1', 0, 1_000))).toEqual([3, o1, newest]);
    expect(y1).toBeGreaterThan(newest!);
  });
});
