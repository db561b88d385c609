/** KMS key lifecycle through the real KMS client: create, describe, list, enable/disable, deletion, errors. */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { Clients, UUID, keyArnOf } from './kms-support.js';

let coffer: TestCoffer;
let clients: Clients;
let kms: KMSClient;
const DAY = 86_400_000;

beforeAll(async () => {
  coffer = await startTestCoffer();
  clients = new Clients(coffer);
  kms = clients.kms();
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

async function newKey(description = 'test key'): Promise<string> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: description }));
  return KeyMetadata!.KeyId!;
}

describe('CreateKey and DescribeKey', () => {
  it('creates a symmetric encryption key with the metadata KMS reports', async () => {
    const before = Date.now();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'orders database' }));
    expect(KeyMetadata!.KeyId).toMatch(UUID);
    const { CreationDate, ...rest } = KeyMetadata!;
    expect(rest).toEqual({
      AWSAccountId: '000000000000',
      KeyId: KeyMetadata!.KeyId,
      Arn: keyArnOf(KeyMetadata!.KeyId!),
      Enabled: true,
      Description: 'orders database',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(CreationDate!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('accepts explicit SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT / AWS_KMS and an empty description', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS' }));
    expect(KeyMetadata!.Description).toBe('');
    expect(KeyMetadata!.KeySpec).toBe('SYMMETRIC_DEFAULT');
  });

  it('describes a key by key id, key ARN, alias name and alias ARN alike', async () => {
    const keyId = await newKey('described');
    const arn = keyArnOf(keyId);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/described', TargetKeyId: keyId }));
    for (const id of [keyId, arn, 'alias/described', 'arn:aws:kms:us-east-1:000000000000:alias/described']) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: id }));
      expect(KeyMetadata!.Arn).toBe(arn);
    }
  });

  it('refuses key kinds Coffer does not make with UnsupportedOperationException', async () => {
    const cases: [CreateKeyCommandInput, string][] = [
      [{ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, 'KeySpec RSA_2048 is not supported by Coffer: only SYMMETRIC_DEFAULT keys can be created.'],
      [{ CustomerMasterKeySpec: 'HMAC_256' }, 'KeySpec HMAC_256 is not supported by Coffer: only SYMMETRIC_DEFAULT keys can be created.'],
      [{ KeyUsage: 'SIGN_VERIFY' }, 'KeyUsage SIGN_VERIFY is not supported by Coffer: only ENCRYPT_DECRYPT keys can be created.'],
      [{ Origin: 'EXTERNAL' }, 'Origin EXTERNAL is not supported by Coffer: only AWS_KMS keys can be created.'],
      [{ CustomKeyStoreId: 'cks-1234567890abcdef0' }, 'Custom key stores are not supported by Coffer.'],
      [{ MultiRegion: true }, 'Multi-Region keys are not supported by Coffer.'],
    ];
    for (const [input, message] of cases) {
      expect(await awsError(() => kms.send(new CreateKeyCommand(input)))).toEqual({ name: 'UnsupportedOperationException', message, status: 400 });
    }
  });

  it('validates enums and lengths as the model does', async () => {
    expect(await awsError(() => kms.send(new CreateKeyCommand({ KeySpec: 'AES_512' as never })))).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]",
      status: 400,
    });
    const long = 'd'.repeat(8193);
    expect(await awsError(() => kms.send(new CreateKeyCommand({ Description: long })))).toEqual({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192`,
      status: 400,
    });
  });

  it('answers a missing or malformed key id as KMS does', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    expect(await awsError(() => kms.send(new DescribeKeyCommand({ KeyId: missing })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArnOf(missing)}' does not exist`,
      status: 400,
    });
    expect(await awsError(() => kms.send(new DescribeKeyCommand({ KeyId: keyArnOf(missing) })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArnOf(missing)}' does not exist`,
      status: 400,
    });
    expect(await awsError(() => kms.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })))).toEqual({
      name: 'NotFoundException',
      message: "Invalid keyId 'fake-key-id'",
      status: 400,
    });
    expect(await awsError(() => kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:s3:::bucket' })))).toEqual({
      name: 'InvalidArnException',
      message: 'arn:aws:s3:::bucket is not a valid ARN.',
      status: 400,
    });
    expect(await awsError(() => kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })))).toEqual({
      name: 'NotFoundException',
      message: 'Alias arn:aws:kms:us-east-1:000000000000:alias/none is not found.',
      status: 400,
    });
  });

  it('keeps keys per region: another region does not see the key, by id or by ARN', async () => {
    const keyId = await newKey();
    const west = clients.kms(coffer.rootCredentials, 'us-west-2');
    expect(await awsError(() => west.send(new DescribeKeyCommand({ KeyId: keyId })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArnOf(keyId, 'us-west-2')}' does not exist`,
      status: 400,
    });
    expect(await awsError(() => west.send(new DescribeKeyCommand({ KeyId: keyArnOf(keyId) })))).toEqual({
      name: 'NotFoundException',
      message: 'Invalid arn us-east-1',
      status: 400,
    });
  });

  it('answers KMS operations Coffer does not offer with a clear error', async () => {
    const keyId = await newKey();
    const error = await awsError(() => kms.send(new GetPublicKeyCommand({ KeyId: keyId })));
    expect(error).toEqual({ name: 'UnsupportedOperationException', message: 'GetPublicKey is not available in this version of Coffer.', status: 400 });
    expect((await awsError(() => kms.send(new SignCommand({ KeyId: keyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })))).name).toBe(
      'UnsupportedOperationException',
    );
  });
});

describe('ListKeys', () => {
  it('lists the region’s keys oldest first and pages with Limit/Marker', async () => {
    const region = 'eu-central-1';
    const client = clients.kms(coffer.rootCredentials, region);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
    const all = await client.send(new ListKeysCommand({}));
    expect(all.Keys).toEqual(created.map((id) => ({ KeyId: id, KeyArn: keyArnOf(id, region) })));
    expect(all.Truncated).toBe(false);
    expect(all.NextMarker).toBeUndefined();

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      pages++;
      seen.push(...page.Keys!.map((k) => k.KeyId!));
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    expect(seen).toEqual(created);
    expect(pages).toBe(3);
  });

  it('rejects a marker it did not make and a Limit out of range', async () => {
    expect(await awsError(() => kms.send(new ListKeysCommand({ Marker: 'not-a-marker' })))).toEqual({
      name: 'InvalidMarkerException',
      message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
      status: 400,
    });
    expect(await awsError(() => kms.send(new ListKeysCommand({ Limit: 0 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      status: 400,
    });
  });
});

describe('EnableKey and DisableKey', () => {
  it('disables and enables a key, reflected in DescribeKey', async () => {
    const keyId = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    let { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect([KeyMetadata!.KeyState, KeyMetadata!.Enabled]).toEqual(['Disabled', false]);
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    await kms.send(new EnableKeyCommand({ KeyId: keyArnOf(keyId) }));
    ({ KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId })));
    expect([KeyMetadata!.KeyState, KeyMetadata!.Enabled]).toEqual(['Enabled', true]);
  });

  it('takes a key id or key ARN only, not an alias', async () => {
    expect(await awsError(() => kms.send(new DisableKeyCommand({ KeyId: 'alias/described' })))).toEqual({
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/described'",
      status: 400,
    });
  });
});

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  it('schedules deletion in 30 days by default, blocks use, and cancels to Disabled', async () => {
    const keyId = await newKey();
    const before = Date.now();
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }));
    expect(scheduled.KeyId).toBe(keyArnOf(keyId));
    expect(scheduled.KeyState).toBe('PendingDeletion');
    expect(scheduled.PendingWindowInDays).toBe(30);
    expect(scheduled.DeletionDate!.getTime()).toBeGreaterThanOrEqual(before + 30 * DAY - 1000);
    expect(scheduled.DeletionDate!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY + 1000);

    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect([KeyMetadata!.KeyState, KeyMetadata!.Enabled]).toEqual(['PendingDeletion', false]);
    expect(KeyMetadata!.DeletionDate).toEqual(scheduled.DeletionDate);

    const pending = { name: 'KMSInvalidStateException', message: `${keyArnOf(keyId)} is pending deletion.`, status: 400 };
    expect(await awsError(() => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })))).toEqual(pending);
    expect(await awsError(() => kms.send(new EnableKeyCommand({ KeyId: keyId })))).toEqual(pending);
    expect(await awsError(() => kms.send(new DisableKeyCommand({ KeyId: keyId })))).toEqual(pending);

    const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect(cancelled.KeyId).toBe(keyArnOf(keyId));
    const after = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    expect([after.KeyState, after.Enabled, after.DeletionDate]).toEqual(['Disabled', false, undefined]);
    expect(await awsError(() => kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })))).toEqual({
      name: 'KMSInvalidStateException',
      message: `${keyArnOf(keyId)} is not pending deletion.`,
      status: 400,
    });
  });

  it('accepts a waiting period of 7 to 30 days only', async () => {
    const keyId = await newKey();
    for (const days of [6, 31]) {
      expect(await awsError(() => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days })))).toEqual({
        name: 'ValidationException',
        message: 'PendingWindowInDays must be between 7 and 30',
        status: 400,
      });
    }
    expect(await awsError(() => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 0 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
      status: 400,
    });
    const seven = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(seven.PendingWindowInDays).toBe(7);
    expect(Math.round((seven.DeletionDate!.getTime() - Date.now()) / DAY)).toBe(7);
  });
});
