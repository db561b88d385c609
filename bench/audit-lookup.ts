/**
 * `npm run bench:audit-lookup [-- --events N]`: how fast LookupEvents' store query answers over a large audit trail.
 * Appends N events (default 300,000) through the store's audit writer — 50 users, 2,000 secrets, 3 event names, one
 * event in 1,000 from a rare source — waits for the lookup index, then times each kind of lookup (median of 5).
 * In-process (no HTTP, no SigV4): it measures the trail's storage, not the request path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { AuditQuery, NewAuditEvent } from '../src/storage/store.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '300000' } } });
const total = Number(values.events);
if (!Number.isInteger(total) || total < 1_000) throw new Error(`--events must be a whole number ≥ 1000, got '${values.events}'`);

const T0 = 1_700_000_000_000;
const secretArn = (n: number) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:bench/s-${n}-AbCdEf`;

function event(i: number): NewAuditEvent {
  const eventName = ['GetSecretValue', 'DescribeSecret', 'PutSecretValue'][i % 3]!;
  return {
    region: 'us-east-1',
    eventId: `bench-${i}`,
    eventTime: T0 + i * 10,
    eventName,
    eventSource: i % 1000 === 0 ? 'sts.amazonaws.com' : 'secretsmanager.amazonaws.com',
    readOnly: eventName !== 'PutSecretValue',
    username: `user-${i % 50}`,
    accessKeyId: `AKIABENCH${String(i % 50).padStart(11, '0')}`,
    resources: [{ type: 'AWS::SecretsManager::Secret', name: secretArn(i % 2000) }],
    json: JSON.stringify({ eventID: `bench-${i}`, eventName, padding: 'x'.repeat(1200) }),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'coffer-bench-lookup-'));
const store = SqliteStore.open({ path: join(dir, 'coffer.db') });
try {
  let started = performance.now();
  for (let from = 0; from < total; from += 500) {
    await store.appendAuditEvents(Array.from({ length: Math.min(500, total - from) }, (_, k) => event(from + k)));
  }
  const appendS = (performance.now() - started) / 1000;
  started = performance.now();
  await store.auditIndexCaughtUp();
  console.log(`${total.toLocaleString('en-US')} events appended in ${appendS.toFixed(1)} s (batches of 500); index caught up ${((performance.now() - started) / 1000).toFixed(2)} s after the last`);

  const lookups: [string, Omit<AuditQuery, 'region' | 'limit'>][] = [
    ['newest 50, no attribute', {}],
    ['EventId', { attribute: { key: 'EventId', value: `bench-${Math.floor(total / 3)}` } }],
    ['Username (1 event in 50)', { attribute: { key: 'Username', value: 'user-7' } }],
    ['AccessKeyId (1 in 50)', { attribute: { key: 'AccessKeyId', value: 'AKIABENCH00000000007' } }],
    ['ResourceName (1 in 2,000)', { attribute: { key: 'ResourceName', value: secretArn(17) } }],
    ['EventSource, rare (1 in 1,000)', { attribute: { key: 'EventSource', value: 'sts.amazonaws.com' } }],
    ['ReadOnly=false (1 in 3)', { attribute: { key: 'ReadOnly', value: 'false' } }],
    ['Username, a page deep in the past', { attribute: { key: 'Username', value: 'user-7' }, beforeSeq: Math.floor(total / 10) }],
    ['EventName in the oldest 20 s', { attribute: { key: 'EventName', value: 'PutSecretValue' }, startTime: T0, endTime: T0 + 20_000 }],
    ['Username that never called', { attribute: { key: 'Username', value: 'nobody' } }],
  ];
  console.log('lookup (MaxResults 50)                 events   median ms');
  for (const [label, query] of lookups) {
    const times: number[] = [];
    let found = 0;
    for (let run = 0; run < 5; run++) {
      const t = performance.now();
      found = (await store.lookupAuditEvents({ region: 'us-east-1', limit: 50, ...query })).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(38)} ${String(found).padStart(6)}   ${times[2]!.toFixed(2).padStart(9)}`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
