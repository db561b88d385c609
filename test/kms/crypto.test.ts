/** Encrypt, Decrypt, ReEncrypt, data keys and random bytes through the real KMS client. */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  KMSClient,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  CancelKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { Clients, keyArnOf } from './kms-support.js';

let coffer: TestCoffer;
let clients: Clients;
let kms: KMSClient;

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

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes!).toString('utf8');

describe('Encrypt and Decrypt', () => {
  it('round-trips without an encryption context; Decrypt finds the key in the ciphertext', async () => {
    const keyId = await newKey();
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('attack at dawn') }));
    expect(enc.KeyId).toBe(keyArnOf(keyId));
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(Buffer.from(enc.CiphertextBlob!).includes(Buffer.from('attack at dawn'))).toBe(false);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    expect(text(dec.Plaintext)).toBe('attack at dawn');
    expect(dec.KeyId).toBe(keyArnOf(keyId));
    expect(dec.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
  });

  it('authenticates the encryption context: the same context decrypts, any other gives InvalidCiphertextException', async () => {
    const keyId = await newKey();
    const context = { SecretARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db', SecretVersionId: 'v1' };
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('s3cr3t'), EncryptionContext: context }));
    const reordered = { SecretVersionId: 'v1', SecretARN: context.SecretARN };
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: reordered }))).Plaintext)).toBe('s3cr3t');
    const invalid = { name: 'InvalidCiphertextException', message: 'UnknownError', status: 400 };
    for (const wrong of [undefined, { ...context, SecretVersionId: 'v2' }, { SecretARN: context.SecretARN }, { ...context, extra: 'x' }]) {
      expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: wrong })))).toEqual(invalid);
    }
    const plain = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: plain.CiphertextBlob, EncryptionContext: { a: 'b' } })))).toEqual(invalid);
  });

  it('rejects a tampered or foreign ciphertext with InvalidCiphertextException', async () => {
    const keyId = await newKey();
    const blob = Buffer.from((await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('payload') }))).CiphertextBlob!);
    const invalid = { name: 'InvalidCiphertextException', message: 'UnknownError', status: 400 };
    for (const at of [0, 5, 20, blob.length - 1, Math.floor(blob.length / 2)]) {
      const tampered = Buffer.from(blob);
      tampered[at] = tampered[at]! ^ 0x01;
      const error = await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: tampered })));
      expect(error, `byte ${at}`).toEqual(invalid);
    }
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, 30) })))).toEqual(invalid);
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: randomBytes(64) })))).toEqual(invalid);
  });

  it('checks a given KeyId against the key in the ciphertext (IncorrectKeyException)', async () => {
    const keyA = await newKey();
    const keyB = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto-b', TargetKeyId: keyB }));
    const enc = await kms.send(new EncryptCommand({ KeyId: keyA, Plaintext: Buffer.from('for A') }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: keyArnOf(keyA) }))).Plaintext)).toBe('for A');
    const incorrect = { name: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.', status: 400 };
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: keyB })))).toEqual(incorrect);
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: 'alias/crypto-b' })))).toEqual(incorrect);
  });

  it('encrypts through an alias and accepts 1 to 4096 bytes of plaintext', async () => {
    const keyId = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto-sizes', TargetKeyId: keyId }));
    const max = randomBytes(4096);
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/crypto-sizes', Plaintext: max }));
    expect(enc.KeyId).toBe(keyArnOf(keyId));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext!)).toEqual(max);
    expect(await awsError(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: randomBytes(4097) })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      status: 400,
    });
    expect(await awsError(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(0) })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
      status: 400,
    });
  });

  it('refuses asymmetric algorithms on a symmetric key, and answers a dry run', async () => {
    const keyId = await newKey();
    expect(await awsError(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toEqual({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
      status: 400,
    });
    expect(await awsError(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), DryRun: true })))).toEqual({
      name: 'DryRunOperationException',
      message: 'The request would have succeeded, but the DryRun option is set.',
      status: 400,
    });
  });

  it('fails on a disabled key with DisabledException and works again once enabled', async () => {
    const keyId = await newKey();
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('kept') }));
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    const disabled = { name: 'DisabledException', message: `${keyArnOf(keyId)} is disabled.`, status: 400 };
    expect(await awsError(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })))).toEqual(disabled);
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual(disabled);
    expect(await awsError(() => kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })))).toEqual(disabled);
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext)).toBe('kept');
  });

  it('fails on a key pending deletion with KMSInvalidStateException; cancelling leaves it disabled', async () => {
    const keyId = await newKey();
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('kept') }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const pending = { name: 'KMSInvalidStateException', message: `${keyArnOf(keyId)} is pending deletion.`, status: 400 };
    expect(await awsError(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })))).toEqual(pending);
    expect(await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual(pending);
    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect((await awsError(() => kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).name).toBe('DisabledException');
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext)).toBe('kept');
  });

  it('requires CiphertextBlob for Decrypt', async () => {
    expect(await awsError(() => kms.send(new DecryptCommand({} as never)))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
      status: 400,
    });
  });
});

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context without revealing the plaintext', async () => {
    const source = await newKey();
    const destination = await newKey();
    const enc = await kms.send(new EncryptCommand({ KeyId: source, Plaintext: Buffer.from('moving'), EncryptionContext: { from: 'a' } }));
    const re = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: destination,
        DestinationEncryptionContext: { to: 'b' },
      }),
    );
    expect([re.SourceKeyId, re.KeyId]).toEqual([keyArnOf(source), keyArnOf(destination)]);
    expect([re.SourceEncryptionAlgorithm, re.DestinationEncryptionAlgorithm]).toEqual(['SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT']);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { to: 'b' } }));
    expect([text(dec.Plaintext), dec.KeyId]).toEqual(['moving', keyArnOf(destination)]);
  });

  it('fails with the source context wrong, or a SourceKeyId that is not the ciphertext’s key', async () => {
    const source = await newKey();
    const other = await newKey();
    const enc = await kms.send(new EncryptCommand({ KeyId: source, Plaintext: Buffer.from('x'), EncryptionContext: { k: 'v' } }));
    expect((await awsError(() => kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: other })))).name).toBe(
      'InvalidCiphertextException',
    );
    expect(
      await awsError(() =>
        kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { k: 'v' }, SourceKeyId: other, DestinationKeyId: other })),
      ),
    ).toEqual({ name: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.', status: 400 });
    await kms.send(new DisableKeyCommand({ KeyId: other }));
    expect(
      await awsError(() => kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { k: 'v' }, DestinationKeyId: other }))),
    ).toEqual({ name: 'DisabledException', message: `${keyArnOf(other)} is disabled.`, status: 400 });
  });
});

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  it('returns a usable AES-256 data key and its ciphertext, which Decrypt opens', async () => {
    const keyId = await newKey();
    const context = { purpose: 'test' };
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
    expect(dk.KeyId).toBe(keyArnOf(keyId));
    expect(dk.Plaintext!.length).toBe(32);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: context }));
    expect(Buffer.from(opened.Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));
    // The data key is a real AES key: it decrypts what it encrypted.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(dk.Plaintext!), iv);
    const sealed = Buffer.concat([cipher.update('data'), cipher.final()]);
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(opened.Plaintext!), iv);
    decipher.setAuthTag(cipher.getAuthTag());
    expect(Buffer.concat([decipher.update(sealed), decipher.final()]).toString()).toBe('data');
  });

  it('sizes the key by KeySpec AES_128 or NumberOfBytes, and insists on exactly one of them', async () => {
    const keyId = await newKey();
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_128' }))).Plaintext!.length).toBe(16);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1024 }))).Plaintext!.length).toBe(1024);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1 }))).Plaintext!.length).toBe(1);
    const unclear = { name: 'ValidationException', message: 'Please specify either number of bytes or key spec.', status: 400 };
    expect(await awsError(() => kms.send(new GenerateDataKeyCommand({ KeyId: keyId })))).toEqual(unclear);
    expect(await awsError(() => kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 })))).toEqual(unclear);
    expect(await awsError(() => kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId })))).toEqual(unclear);
    expect(await awsError(() => kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1025 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      status: 400,
    });
  });

  it('returns only the ciphertext without plaintext, and Decrypt recovers a key of the asked size', async () => {
    const keyId = await newKey();
    const out = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { a: '1' } }));
    expect(out.KeyId).toBe(keyArnOf(keyId));
    expect(Object.keys(out).sort()).toEqual(['$metadata', 'CiphertextBlob', 'KeyId']);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { a: '1' } }));
    expect(opened.Plaintext!.length).toBe(32);
  });
});

describe('GenerateRandom', () => {
  it('returns 1 to 1024 random bytes', async () => {
    const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    expect(a.Plaintext!.length).toBe(1024);
    expect(Buffer.from(a.Plaintext!).equals(Buffer.from(b.Plaintext!))).toBe(false);
    expect((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1 }))).Plaintext!.length).toBe(1);
  });

  it('validates NumberOfBytes as KMS does', async () => {
    expect(await awsError(() => kms.send(new GenerateRandomCommand({})))).toEqual({ name: 'ValidationException', message: 'NumberOfBytes is required.', status: 400 });
    expect(await awsError(() => kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
      status: 400,
    });
    expect(await awsError(() => kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      status: 400,
    });
  });
});
