import { describe, expect, it } from 'vitest';
import { IntegrityError, KEY_BYTES, newKey, open, seal } from './aead.js';
import { DecryptionError, Envelope, type EncryptionContext, type SealedValue } from './envelope.js';
import { Keyring } from './keyring.js';

const HEADER_BYTES = 1 + 12 + 16; // version | IV | tag

describe('aead (AES-256-GCM)', () => {
  const key = newKey();
  const aad = Buffer.from('context');
  const plaintext = Buffer.from('correct horse battery staple');

  it('makes 32-byte random keys', () => {
    expect(KEY_BYTES).toBe(32);
    const a = newKey();
    expect(a.length).toBe(32);
    expect(a.equals(newKey())).toBe(false);
  });

  it('opens what it sealed', () => {
    const sealed = seal(key, plaintext, aad);
    expect(sealed.length).toBe(HEADER_BYTES + plaintext.length);
    expect(sealed[0]).toBe(1);
    expect(open(key, sealed, aad).toString()).toBe('correct horse battery staple');
  });

  it('round-trips empty and binary plaintexts', () => {
    expect(open(key, seal(key, Buffer.alloc(0), aad), aad).length).toBe(0);
    const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    expect(open(key, seal(key, binary, aad), aad).equals(binary)).toBe(true);
  });

  it('uses a fresh IV every time: sealing the same plaintext twice differs', () => {
    const a = seal(key, plaintext, aad);
    const b = seal(key, plaintext, aad);
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
  });

  it('does not leak the plaintext into the sealed blob', () => {
    const sealed = seal(key, plaintext, aad);
    expect(sealed.includes(plaintext)).toBe(false);
    expect(sealed.includes(Buffer.from('battery'))).toBe(false);
  });

  it('fails on tampering with any single byte (version, IV, tag or ciphertext)', () => {
    const sealed = seal(key, plaintext, aad);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(() => open(key, tampered, aad), `byte ${i}`).toThrow(IntegrityError);
    }
  });

  it('fails on truncated or extended blobs', () => {
    const sealed = seal(key, plaintext, aad);
    expect(() => open(key, sealed.subarray(0, sealed.length - 1), aad)).toThrow(IntegrityError);
    expect(() => open(key, sealed.subarray(0, HEADER_BYTES - 1), aad)).toThrow(IntegrityError);
    expect(() => open(key, Buffer.alloc(0), aad)).toThrow(IntegrityError);
    expect(() => open(key, Buffer.concat([sealed, Buffer.of(0)]), aad)).toThrow(IntegrityError);
  });

  it('fails with the wrong additional authenticated data', () => {
    const sealed = seal(key, plaintext, aad);
    expect(() => open(key, sealed, Buffer.from('contexu'))).toThrow(IntegrityError);
    expect(() => open(key, sealed, Buffer.alloc(0))).toThrow(IntegrityError);
    expect(() => open(key, sealed, Buffer.concat([aad, Buffer.of(0)]))).toThrow(IntegrityError);
  });

  it('fails with the wrong key, and says so without detail', () => {
    const sealed = seal(key, plaintext, aad);
    const wrong = Buffer.from(key);
    wrong[31] = wrong[31]! ^ 0x80;
    expect(() => open(wrong, sealed, aad)).toThrow(IntegrityError);
    expect(() => open(newKey(), sealed, aad)).toThrow('ciphertext failed authentication');
  });
});

describe('Keyring', () => {
  it('creates a keyring with one active 32-byte key', () => {
    const keyring = Keyring.create();
    const active = keyring.active();
    expect(active.id).toBe(keyring.activeKeyId);
    expect(active.key.length).toBe(32);
    expect(keyring.key(active.id)!.equals(active.key)).toBe(true);
    expect(keyring.key('no-such-key')).toBeUndefined();
    expect(Keyring.create().activeKeyId).not.toBe(keyring.activeKeyId);
  });

  it('seals under the root key and unseals to the same keys', () => {
    const rootKey = newKey();
    const keyring = Keyring.create();
    const sealed = keyring.seal(rootKey);
    expect(sealed.includes(keyring.active().key)).toBe(false);
    expect(sealed.includes(Buffer.from(keyring.active().key.toString('base64')))).toBe(false);

    const unsealed = Keyring.unseal(rootKey, sealed);
    expect(unsealed.activeKeyId).toBe(keyring.activeKeyId);
    expect(unsealed.active().key.equals(keyring.active().key)).toBe(true);
  });

  it('fails to unseal with a wrong root key or a tampered blob', () => {
    const rootKey = newKey();
    const sealed = Keyring.create().seal(rootKey);
    expect(() => Keyring.unseal(newKey(), sealed)).toThrow(IntegrityError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    expect(() => Keyring.unseal(rootKey, tampered)).toThrow(IntegrityError);
  });

  it('binds the sealed keyring to its purpose: a value sealed under the root key with other AAD is rejected', () => {
    const rootKey = newKey();
    const impostor = seal(rootKey, Buffer.from(JSON.stringify({ active: 'x', keys: { x: newKey().toString('base64') } })), Buffer.from('other'));
    expect(() => Keyring.unseal(rootKey, impostor)).toThrow(IntegrityError);
  });

  it('lets values encrypted before a seal/unseal cycle be decrypted after it', () => {
    const rootKey = newKey();
    const keyring = Keyring.create();
    const context: EncryptionContext = { accountId: '111111111111', region: 'us-east-1', secretArn: 'arn:x', versionId: 'v1' };
    const sealedValue = new Envelope(keyring).encrypt(context, Buffer.from('survives restarts'));
    const restored = new Envelope(Keyring.unseal(rootKey, keyring.seal(rootKey)));
    expect(restored.decrypt(context, sealedValue).toString()).toBe('survives restarts');
  });
});

describe('Envelope', () => {
  const keyring = Keyring.create();
  const envelope = new Envelope(keyring);
  const context: EncryptionContext = {
    accountId: '111111111111',
    region: 'us-east-1',
    secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbCdEf',
    versionId: 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1',
  };
  const plaintext = Buffer.from('{"username":"admin","password":"hunter2-very-secret"}');

  it('decrypts what it encrypted, under the active key', () => {
    const sealed = envelope.encrypt(context, plaintext);
    expect(sealed.kekId).toBe(keyring.activeKeyId);
    expect(sealed.wrappedKey.length).toBe(HEADER_BYTES + 32);
    expect(sealed.ciphertext.length).toBe(HEADER_BYTES + plaintext.length);
    expect(envelope.decrypt(context, sealed).equals(plaintext)).toBe(true);
  });

  it('round-trips empty and binary values', () => {
    expect(envelope.decrypt(context, envelope.encrypt(context, Buffer.alloc(0))).length).toBe(0);
    const binary = Buffer.from([0, 255, 0, 1, 0]);
    expect(envelope.decrypt(context, envelope.encrypt(context, binary)).equals(binary)).toBe(true);
  });

  it('gives two encryptions of the same plaintext different data keys and ciphertexts', () => {
    const a = envelope.encrypt(context, plaintext);
    const b = envelope.encrypt(context, plaintext);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('keeps the plaintext bytes out of the sealed value', () => {
    const sealed = envelope.encrypt(context, plaintext);
    for (const part of [sealed.wrappedKey, sealed.ciphertext, Buffer.concat([sealed.wrappedKey, sealed.ciphertext])]) {
      expect(part.includes(plaintext)).toBe(false);
      expect(part.includes(Buffer.from('hunter2'))).toBe(false);
    }
    expect(sealed.kekId.includes('hunter2')).toBe(false);
  });

  const otherContexts: Array<[string, EncryptionContext]> = [
    ['another version id', { ...context, versionId: 'EXAMPLE2-90ab-cdef-fedc-ba987SECRET2' }],
    ['another secret ARN', { ...context, secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-ZzZzZz' }],
    ['another account', { ...context, accountId: '222222222222' }],
    ['another region', { ...context, region: 'eu-west-1' }],
    // Field boundaries are part of the context: moving characters between fields must not collide.
    ['fields shifted', { ...context, accountId: `${context.accountId}"`, region: context.region.slice(1) }],
  ];
  for (const [label, other] of otherContexts) {
    it(`refuses to decrypt under ${label}`, () => {
      const sealed = envelope.encrypt(context, plaintext);
      expect(() => envelope.decrypt(other, sealed)).toThrow(DecryptionError);
      expect(() => envelope.decrypt(other, sealed)).toThrow('the stored value failed authentication under its encryption context');
      // The original context still works: the failure is the context's, not the value's.
      expect(envelope.decrypt(context, sealed).equals(plaintext)).toBe(true);
    });
  }

  it('refuses a wrappedKey or ciphertext swapped in from another sealed value', () => {
    const other: EncryptionContext = { ...context, versionId: 'EXAMPLE2-90ab-cdef-fedc-ba987SECRET2' };
    const a = envelope.encrypt(context, plaintext);
    const b = envelope.encrypt(other, Buffer.from('another value'));
    const sameContext = envelope.encrypt(context, Buffer.from('same context, other value'));
    const swaps: Array<[string, EncryptionContext, SealedValue]> = [
      ['wrappedKey from another context', context, { ...a, wrappedKey: b.wrappedKey }],
      ['ciphertext from another context', context, { ...a, ciphertext: b.ciphertext }],
      ['wrappedKey from the same context', context, { ...a, wrappedKey: sameContext.wrappedKey }],
      ['ciphertext from the same context', context, { ...a, ciphertext: sameContext.ciphertext }],
      ['wrappedKey of a, ciphertext of b, under b', other, { ...b, wrappedKey: a.wrappedKey }],
    ];
    for (const [label, ctx, swapped] of swaps) {
      expect(() => envelope.decrypt(ctx, swapped), label).toThrow(DecryptionError);
    }
  });

  it('refuses a tampered wrappedKey or ciphertext', () => {
    const sealed = envelope.encrypt(context, plaintext);
    for (const field of ['wrappedKey', 'ciphertext'] as const) {
      for (const index of [0, 5, 20, sealed[field].length - 1]) {
        const tampered = Buffer.from(sealed[field]);
        tampered[index] = tampered[index]! ^ 0x04;
        expect(() => envelope.decrypt(context, { ...sealed, [field]: tampered }), `${field}[${index}]`).toThrow(DecryptionError);
      }
    }
  });

  it('refuses a value whose key-encryption key is not in the keyring, or is relabelled', () => {
    const sealed = envelope.encrypt(context, plaintext);
    expect(() => envelope.decrypt(context, { ...sealed, kekId: 'gone' })).toThrow(new DecryptionError('key-encryption key gone is not in the keyring'));
    const stranger = new Envelope(Keyring.create());
    expect(() => stranger.decrypt(context, sealed)).toThrow(DecryptionError);
    // Same key id but different key material (e.g. a keyring from another installation).
    const foreign = stranger.encrypt(context, plaintext);
    expect(() => envelope.decrypt(context, { ...foreign, kekId: sealed.kekId })).toThrow(
      new DecryptionError('the stored value failed authentication under its encryption context'),
    );
  });
});
