/**
 * The key service's background task, driven by a fake clock: a key past its deletion date is deleted (with its
 * aliases), a key whose automatic rotation is due gets new material. The clients sign with the same clock offset.
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { keyArnOf } from './kms-support.js';

const DAY = 86_400_000;
let offset = 0;
let coffer: TestCoffer;

/**
 * A fresh client whose clock runs with the server's fake clock. Fresh for every call: the SDK corrects its clock
 * offset from each response's (real-time) Date header, which would undo the fake offset on the next request.
 */
const made: KMSClient[] = [];
function kms(): KMSClient {
  const c = new KMSClient({ endpoint: coffer.endpoint, region: 'us-east-1', credentials: coffer.rootCredentials, maxAttempts: 1, systemClockOffset: offset });
  made.push(c);
  return c;
}

beforeAll(async () => {
  coffer = await startTestCoffer({ now: () => Date.now() + offset, purgeIntervalMs: 25 });
});
afterAll(async () => {
  for (const c of made) c.destroy();
  await coffer.destroy();
});

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('KMS background maintenance', () => {
  it('deletes a key (and its aliases) once its waiting period has passed, and only then', async () => {
    const doomed = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const later = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms().send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: doomed }));
    const blob = (await kms().send(new EncryptCommand({ KeyId: doomed, Plaintext: Buffer.from('lost forever') }))).CiphertextBlob!;
    await kms().send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    await kms().send(new ScheduleKeyDeletionCommand({ KeyId: later, PendingWindowInDays: 30 }));

    // Six days on, nothing is deleted yet.
    offset = 6 * DAY;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await kms().send(new DescribeKeyCommand({ KeyId: doomed }))).KeyMetadata!.KeyState).toBe('PendingDeletion');

    offset = 7 * DAY + 60_000;
    const gone = () => kms().send(new DescribeKeyCommand({ KeyId: doomed })).then(() => false, (e: Error) => e.name === 'NotFoundException');
    await eventually(gone, 'the key to be deleted');
    expect(await awsError(() => kms().send(new DescribeKeyCommand({ KeyId: doomed })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArnOf(doomed)}' does not exist`,
      status: 400,
    });
    expect((await kms().send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName)).not.toContain('alias/doomed');
    expect((await awsError(() => kms().send(new DecryptCommand({ CiphertextBlob: blob })))).name).toBe('InvalidCiphertextException');
    expect((await kms().send(new DescribeKeyCommand({ KeyId: later }))).KeyMetadata!.KeyState).toBe('PendingDeletion');
  });

  it('rotates a key whose automatic rotation is due; older ciphertexts still decrypt', async () => {
    const keyId = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const blob = (await kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('before the yearly rotation') }))).CiphertextBlob!;
    await kms().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    const next = (await kms().send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).NextRotationDate!;

    offset += 91 * DAY;
    await eventually(async () => (await kms().send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!.length === 1, 'the automatic rotation');
    const [rotation] = (await kms().send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!;
    expect(rotation!.RotationType).toBe('AUTOMATIC');
    const status = await kms().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(status.NextRotationDate!.getTime()).toBeGreaterThan(next.getTime() + 89 * DAY);
    expect(Buffer.from((await kms().send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString()).toBe('before the yearly rotation');
    const fresh = (await kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('after') }))).CiphertextBlob!;
    expect(Buffer.from(fresh).readUInt32BE(17)).toBe(2);
  });
});
