/**
 * Envelope encryption of secret values: every value gets its own random 256-bit data key; the data key is stored
 * only wrapped by the keyring's active key-encryption key. Both layers authenticate the value's context (account,
 * region, secret ARN, version id), so a ciphertext copied to another row or secret fails to decrypt.
 */
import { newKey, open, seal } from './aead.js';
import type { Keyring } from './keyring.js';

export interface EncryptionContext {
  accountId: string;
  region: string;
  secretArn: string;
  versionId: string;
}

export interface SealedValue {
  kekId: string;
  wrappedKey: Buffer;
  ciphertext: Buffer;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

export class Envelope {
  constructor(private readonly keyring: Keyring) {}

  encrypt(context: EncryptionContext, plaintext: Buffer): SealedValue {
    const dataKey = newKey();
    const kek = this.keyring.active();
    const aad = contextBytes(context);
    const sealed = {
      kekId: kek.id,
      wrappedKey: seal(kek.key, dataKey, Buffer.concat([Buffer.from(`${kek.id}\n`), aad])),
      ciphertext: seal(dataKey, plaintext, aad),
    };
    dataKey.fill(0);
    return sealed;
  }

  decrypt(context: EncryptionContext, value: SealedValue): Buffer {
    const kek = this.keyring.key(value.kekId);
    if (!kek) throw new DecryptionError(`key-encryption key ${value.kekId} is not in the keyring`);
    const aad = contextBytes(context);
    let dataKey: Buffer | undefined;
    try {
      dataKey = open(kek, value.wrappedKey, Buffer.concat([Buffer.from(`${value.kekId}\n`), aad]));
      return open(dataKey, value.ciphertext, aad);
    } catch {
      throw new DecryptionError('the stored value failed authentication under its encryption context');
    } finally {
      dataKey?.fill(0);
    }
  }
}

function contextBytes(context: EncryptionContext): Buffer {
  return Buffer.from(JSON.stringify(['coffer/secret-value/v1', context.accountId, context.region, context.secretArn, context.versionId]));
}
