/**
 * No secret ever enters the trail: values, passwords, secret access keys, session tokens, plaintexts and ciphertext
 * blobs are kept out of every event — read back through LookupEvents and straight from the audit database's rows —
 * while the non-secret parts of requests and responses stay.
 */
import type { Event } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { ACCOUNT, AuditClients, lookupAll, recordOf } from './audit-support.js';

let coffer: TestCoffer;
let clients: AuditClients;
/** Every secret the calls below sent or received, by what it is (for failure messages). */
const secrets = new Map<string, string>();
let events: Event[];

const text = (label: string) => {
  const value = `${label}-${randomBytes(9).toString('hex')}`;
  secrets.set(value, label);
  return value;
};
const bytes = (label: string) => {
  const value = randomBytes(48);
  keepBytes(label, value);
  return value;
};
function keepBytes(label: string, value: Uint8Array): void {
  const buffer = Buffer.from(value);
  secrets.set(buffer.toString('base64'), `${label} (base64)`);
  secrets.set(buffer.toString('base64url'), `${label} (base64url)`);
  secrets.set(buffer.toString('hex'), `${label} (hex)`);
}
function keepText(label: string, value: string | undefined): void {
  expect(value).toEqual(expect.any(String));
  secrets.set(value!, label);
}

let createdSecret: { ARN?: string; Name?: string; VersionId?: string };
let accessKey: { AccessKeyId?: string };

beforeAll(async () => {
  coffer = await startTestCoffer();
  clients = new AuditClients(coffer);
  const sm = clients.sm();

  // Secrets Manager: values in, values out.
  createdSecret = await sm.send(new CreateSecretCommand({ Name: 'redact/string', SecretString: text('create SecretString') }));
  await sm.send(new CreateSecretCommand({ Name: 'redact/binary', SecretBinary: bytes('create SecretBinary') }));
  await sm.send(new PutSecretValueCommand({ SecretId: 'redact/string', SecretString: text('put SecretString') }));
  await sm.send(new PutSecretValueCommand({ SecretId: 'redact/binary', SecretBinary: bytes('put SecretBinary') }));
  await sm.send(new UpdateSecretCommand({ SecretId: 'redact/string', SecretString: text('update SecretString'), Description: 'kept description' }));
  await sm.send(new UpdateSecretCommand({ SecretId: 'redact/binary', SecretBinary: bytes('update SecretBinary') }));
  await sm.send(new GetSecretValueCommand({ SecretId: 'redact/string' }));
  await sm.send(new GetSecretValueCommand({ SecretId: 'redact/binary' }));
  await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['redact/string', 'redact/binary'] }));
  keepText('GetRandomPassword', (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 40 }))).RandomPassword);
  // Failed calls whose requests carried a value.
  await awsError(() => sm.send(new CreateSecretCommand({ Name: 'redact/string', SecretString: text('refused duplicate SecretString') })));
  await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: 'redact/missing', SecretString: text('not-found SecretString') })));
  await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: 'redact/string', SecretString: text('invalid SecretString'), VersionStages: [''] })));
  const stranger = { accessKeyId: 'AKIAUNKNOWNREDACT001', secretAccessKey: text('unknown caller secret key') };
  await awsError(() => clients.sm(stranger).send(new CreateSecretCommand({ Name: 'redact/x', SecretString: text('unauthenticated SecretString') })));

  // IAM and STS: secret access keys and session tokens.
  const iam = clients.iam();
  await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
  accessKey = key.AccessKey!;
  keepText('CreateAccessKey SecretAccessKey', key.AccessKey!.SecretAccessKey);
  const carol = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/carol` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'redact-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const assumed = await clients.sts(carol).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/redact-role`, RoleSessionName: 'redact-session' }));
  keepText('AssumeRole SecretAccessKey', assumed.Credentials!.SecretAccessKey);
  keepText('AssumeRole SessionToken', assumed.Credentials!.SessionToken);
  const session = await clients.sts(carol).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
  keepText('GetSessionToken SecretAccessKey', session.Credentials!.SecretAccessKey);
  keepText('GetSessionToken SessionToken', session.Credentials!.SessionToken);
  // A call signed with the session token itself (carol has no policy: denied, and recorded).
  const withToken = {
    accessKeyId: session.Credentials!.AccessKeyId!,
    secretAccessKey: session.Credentials!.SecretAccessKey!,
    sessionToken: session.Credentials!.SessionToken!,
  };
  expect((await awsError(() => clients.sm(withToken).send(new GetRandomPasswordCommand({})))).name).toBe('AccessDeniedException');

  // KMS: plaintexts and ciphertext blobs in both directions.
  const kms = clients.kms();
  const keyId = (await kms.send(new CreateKeyCommand({ Description: 'redaction' }))).KeyMetadata!.KeyId!;
  const context = { SecretARN: 'arn-in-context', Purpose: 'redaction' };
  const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('Encrypt Plaintext'), EncryptionContext: context }));
  keepBytes('Encrypt CiphertextBlob', encrypted.CiphertextBlob!);
  await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, EncryptionContext: context }));
  const reEncrypted = await kms.send(new ReEncryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, SourceEncryptionContext: context, DestinationKeyId: keyId }));
  keepBytes('ReEncrypt CiphertextBlob', reEncrypted.CiphertextBlob!);
  const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
  keepBytes('GenerateDataKey Plaintext', dataKey.Plaintext!);
  keepBytes('GenerateDataKey CiphertextBlob', dataKey.CiphertextBlob!);
  const withoutPlaintext = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 32 }));
  keepBytes('GenerateDataKeyWithoutPlaintext CiphertextBlob', withoutPlaintext.CiphertextBlob!);
  keepBytes('GenerateRandom Plaintext', (await kms.send(new GenerateRandomCommand({ NumberOfBytes: 48 }))).Plaintext!);
  await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: bytes('garbage CiphertextBlob') })));

  events = await lookupAll(clients.trail());
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

/** The labels of the secrets `haystack` contains. */
function leaks(haystack: string): string[] {
  return [...secrets].filter(([secret]) => haystack.includes(secret)).map(([, label]) => label);
}

const eventsNamed = (name: string) => events.filter((e) => e.EventName === name).map(recordOf);

describe('the trail holds no secret', () => {
  it('every call above left its event', () => {
    const names = new Set(events.map((e) => e.EventName));
    for (const name of [
      'CreateSecret',
      'PutSecretValue',
      'UpdateSecret',
      'GetSecretValue',
      'BatchGetSecretValue',
      'GetRandomPassword',
      'CreateAccessKey',
      'AssumeRole',
      'GetSessionToken',
      'Encrypt',
      'Decrypt',
      'ReEncrypt',
      'GenerateDataKey',
      'GenerateDataKeyWithoutPlaintext',
      'GenerateRandom',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
    expect(secrets.size).toBeGreaterThan(40);
  });

  it('in any event LookupEvents returns', () => {
    for (const event of events) expect(leaks(JSON.stringify(event)), `${event.EventName} ${event.EventId}`).toEqual([]);
  });

  it('in any row of the audit database and of its lookup index', async () => {
    const indexPath = join(coffer.dataDir, 'audit-index.db');
    // The index follows the trail within about a second: wait until it holds every event.
    await vi.waitFor(
      () => {
        const index = new Database(indexPath, { readonly: true, fileMustExist: true });
        const trail = new Database(join(coffer.dataDir, 'audit.db'), { readonly: true, fileMustExist: true });
        try {
          const last = trail.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck().get();
          expect(index.prepare('SELECT indexed_through FROM audit_index_state').pluck().get()).toBe(last);
        } finally {
          index.close();
          trail.close();
        }
      },
      { timeout: 10_000, interval: 200 },
    );
    const db = new Database(join(coffer.dataDir, 'audit.db'), { readonly: true, fileMustExist: true });
    try {
      db.prepare('ATTACH DATABASE ? AS idx').run(indexPath);
      const jsons = db.prepare('SELECT json FROM audit_events').pluck().all() as string[];
      expect(jsons.length).toBeGreaterThanOrEqual(events.length);
      for (const json of jsons) expect(leaks(json), json.slice(0, 200)).toEqual([]);
      const tables = ['main', 'idx'].flatMap((schema) =>
        (db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table'`).pluck().all() as string[]).map((name) => `${schema}.${name}`),
      );
      expect(tables).toEqual(expect.arrayContaining(['main.audit_events', 'main.audit_chain_heads', 'main.audit_digests', 'idx.audit_postings']));
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM ${table}`).all()) expect(leaks(JSON.stringify(row)), table).toEqual([]);
      }
    } finally {
      db.close();
    }
  });
});

describe('what stays', () => {
  it('CreateSecret keeps its non-secret request members and its whole response', () => {
    const create = eventsNamed('CreateSecret').find((r) => r.requestParameters?.name === 'redact/string' && !r.errorCode)!;
    expect(create.requestParameters).toEqual({ name: 'redact/string', clientRequestToken: createdSecret.VersionId });
    expect(create.responseElements).toEqual({ arn: createdSecret.ARN, name: 'redact/string', versionId: createdSecret.VersionId });
  });

  it('PutSecretValue and UpdateSecret keep versions and descriptions, not values', () => {
    const puts = eventsNamed('PutSecretValue').filter((r) => !r.errorCode);
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(Object.keys(put.requestParameters).sort()).toEqual(['clientRequestToken', 'secretId']);
      expect(Object.keys(put.responseElements).sort()).toEqual(['arn', 'name', 'versionId', 'versionStages']);
    }
    const update = eventsNamed('UpdateSecret').find((r) => r.requestParameters.secretId === 'redact/string')!;
    expect(update.requestParameters).toMatchObject({ secretId: 'redact/string', description: 'kept description' });
    expect(Object.keys(update.requestParameters).sort()).toEqual(['clientRequestToken', 'description', 'secretId']);
  });

  it('reads keep their request and no response', () => {
    const batch = eventsNamed('BatchGetSecretValue')[0]!;
    expect(batch.requestParameters).toEqual({ secretIdList: ['redact/string', 'redact/binary'] });
    expect(batch.responseElements).toBeNull();
    const password = eventsNamed('GetRandomPassword').find((r) => !r.errorCode)!;
    expect(password).toMatchObject({ requestParameters: { passwordLength: 40 }, responseElements: null });
  });

  it('CreateAccessKey keeps the access key id but not the secret access key', () => {
    const created = eventsNamed('CreateAccessKey').find((r) => r.requestParameters.userName === 'carol')!;
    expect(created.responseElements).toEqual({
      accessKey: { userName: 'carol', accessKeyId: accessKey.AccessKeyId, status: 'Active', createDate: expect.any(String) },
    });
  });

  it('AssumeRole keeps the temporary access key id and the assumed role, not its secret key or token', () => {
    const assume = eventsNamed('AssumeRole')[0]!;
    expect(assume.responseElements.credentials).toEqual({ accessKeyId: expect.stringMatching(/^ASIA/), expiration: expect.any(String) });
    expect(assume.responseElements.assumedRoleUser).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/redact-role/redact-session` });
  });

  it('KMS keeps key ids and encryption contexts (their keys as written), not plaintexts or blobs', () => {
    const encrypt = eventsNamed('Encrypt')[0]!;
    expect(encrypt.requestParameters).toEqual({ keyId: expect.any(String), encryptionContext: { SecretARN: 'arn-in-context', Purpose: 'redaction' } });
    const decrypt = eventsNamed('Decrypt').find((r) => !r.errorCode)!;
    expect(decrypt.requestParameters).toEqual({ encryptionContext: { SecretARN: 'arn-in-context', Purpose: 'redaction' } });
    const dataKey = eventsNamed('GenerateDataKey')[0]!;
    expect(dataKey.requestParameters).toEqual({ keyId: expect.any(String), keySpec: 'AES_256', encryptionContext: { SecretARN: 'arn-in-context', Purpose: 'redaction' } });
    expect(eventsNamed('GenerateRandom')[0]!.requestParameters).toEqual({ numberOfBytes: 48 });
  });
});
