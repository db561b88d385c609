import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { AuditLog } from '../src/domain/audit/audit-log.js';
import { apiCallRecord } from '../src/domain/audit/cloudtrail-event.js';

it('audit append throughput', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ab-'));
  const store = SqliteStore.open({ path: join(dir, 'coffer.db') });
  const log = new AuditLog(store as any, [], pino({ level: 'silent' }));
  const make = () => apiCallRecord({ requestId: 'r', eventTime: Date.now(), eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', region: 'us-east-1', accountId: '000000000000', sourceIp: '127.0.0.1', userAgent: 'ua', requestParameters: { secretId: 'bench/secret-000001' }, responseElements: null, readOnly: true, resources: [{ type: 'AWS::SecretsManager::Secret', name: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/secret-000001-AbCdEf' }] });
  const idx = { region: 'us-east-1', eventTime: Date.now(), eventName: 'GetSecretValue', eventSource: 'secretsmanager.amazonaws.com', readOnly: true, username: 'root', accessKeyId: 'AKIA', resources: [{ type: 'AWS::SecretsManager::Secret', name: 'arn:x' }] };
  for (const conc of [1, 32]) {
    const total = conc === 1 ? 500 : 5000;
    const t0 = performance.now();
    let done = 0;
    const worker = async () => { while (done < total) { done++; await log.append(make(), idx); } };
    await Promise.all(Array.from({ length: conc }, worker));
    const ms = performance.now() - t0;
    console.log(`conc ${conc}: ${Math.round(total / (ms / 1000))} appends/s`);
  }
  const t1 = performance.now();
  for (let i = 0; i < 5000; i++) JSON.stringify(make());
  console.log(`build+stringify: ${((performance.now() - t1) / 5000 * 1000).toFixed(1)} µs`);
  await store.close();
});
