/** Key rotation through the real KMS client: automatic rotation settings, on-demand rotation, rotation history. */
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { Clients, keyArnOf } from './kms-support.js';

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

async function newKey(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}

/** The material version a ciphertext names: bytes 17..20 of Coffer's blob header (format byte, 16-byte key id). */
function materialVersionOf(blob: Uint8Array): number {
  return Buffer.from(blob).readUInt32BE(17);
}

describe('automatic rotation settings', () => {
  it('is off for a new key; enabling sets the period (default 365 days) and the next rotation date', async () => {
    const keyId = await newKey();
    const off = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect([off.KeyRotationEnabled, off.KeyId, off.RotationPeriodInDays, off.NextRotationDate]).toEqual([false, keyArnOf(keyId), undefined, undefined]);

    const before = Date.now();
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    const on = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect([on.KeyRotationEnabled, on.RotationPeriodInDays]).toEqual([true, 365]);
    expect(on.NextRotationDate!.getTime()).toBeGreaterThanOrEqual(before + 365 * DAY - 1000);
    expect(on.NextRotationDate!.getTime()).toBeLessThanOrEqual(Date.now() + 365 * DAY + 1000);

    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).RotationPeriodInDays).toBe(90);

    await kms.send(new DisableKeyRotationCommand({ KeyId: keyArnOf(keyId) }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
  });

  it('validates the rotation period and the key state', async () => {
    const keyId = await newKey();
    expect(await awsError(() => kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 89 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
      status: 400,
    });
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    const disabled = { name: 'DisabledException', message: `${keyArnOf(keyId)} is disabled.`, status: 400 };
    expect(await awsError(() => kms.send(new EnableKeyRotationCommand({ KeyId: keyId })))).toEqual(disabled);
    expect(await awsError(() => kms.send(new DisableKeyRotationCommand({ KeyId: keyId })))).toEqual(disabled);
    expect(await awsError(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })))).toEqual(disabled);
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(await awsError(() => kms.send(new EnableKeyRotationCommand({ KeyId: keyId })))).toEqual({
      name: 'KMSInvalidStateException',
      message: `${keyArnOf(keyId)} is pending deletion.`,
      status: 400,
    });
  });

  it('reports the AWS managed key as rotating yearly and refuses to change it', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: KeyMetadata!.KeyId }));
    expect([status.KeyRotationEnabled, status.RotationPeriodInDays]).toEqual([true, 365]);
    expect(await awsError(() => kms.send(new DisableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId })))).toEqual({
      name: 'AccessDeniedException',
      message: `You cannot perform DisableKeyRotation on AWS managed key ${KeyMetadata!.Arn}.`,
      status: 400,
    });
  });
});

describe('RotateKeyOnDemand and ListKeyRotations', () => {
  it('rotates: old ciphertexts still decrypt, new ones use the new material, and the rotation is listed', async () => {
    const keyId = await newKey();
    const oldBlob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('before rotation'), EncryptionContext: { v: '1' } }))).CiphertextBlob!;
    expect(materialVersionOf(oldBlob)).toBe(1);
    expect((await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations).toEqual([]);

    const before = Date.now();
    const rotated = await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyArnOf(keyId) }));
    expect(rotated.KeyId).toBe(keyId);

    const newBlob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('after rotation') }))).CiphertextBlob!;
    expect(materialVersionOf(newBlob)).toBe(2);
    const oldPlain = await kms.send(new DecryptCommand({ CiphertextBlob: oldBlob, EncryptionContext: { v: '1' } }));
    expect(Buffer.from(oldPlain.Plaintext!).toString()).toBe('before rotation');
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: newBlob }))).Plaintext!).toString()).toBe('after rotation');

    const { Rotations, Truncated } = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    expect(Truncated).toBe(false);
    expect(Rotations!.map((r) => [r.KeyId, r.RotationType])).toEqual([[keyId, 'ON_DEMAND']]);
    expect(Rotations![0]!.RotationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // Rotating does not turn on automatic rotation.
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
  });

  it('lists every material with ALL_KEY_MATERIAL, and pages the rotations', async () => {
    const keyId = await newKey();
    for (let i = 0; i < 3; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    const all = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    expect(all.Rotations!.map((r) => [r.RotationType, r.KeyMaterialState])).toEqual([
      [undefined, 'NON_CURRENT'],
      ['ON_DEMAND', 'NON_CURRENT'],
      ['ON_DEMAND', 'NON_CURRENT'],
      ['ON_DEMAND', 'CURRENT'],
    ]);
    const first = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 2 }));
    expect([first.Rotations!.length, first.Truncated]).toEqual([2, true]);
    const second = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 2, Marker: first.NextMarker }));
    expect([second.Rotations!.length, second.Truncated, second.NextMarker]).toEqual([1, false, undefined]);
  });

  it('refuses on-demand rotation of the AWS managed key', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    expect(await awsError(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: KeyMetadata!.KeyId })))).toEqual({
      name: 'AccessDeniedException',
      message: `You cannot perform RotateKeyOnDemand on AWS managed key ${KeyMetadata!.Arn}.`,
      status: 400,
    });
  });

  it('takes a key id or key ARN, not an alias', async () => {
    expect(await awsError(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: 'alias/aws/secretsmanager' })))).toEqual({
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/aws/secretsmanager'",
      status: 400,
    });
  });
});
