/**
 * Envelope encryption of secret values: every value gets its own random 256-bit data key; the data key is stored
 * only wrapped by the keyring's active key-encryption key. Both layers authenticate the value's context (account,
 * region, secret ARN, version id), so a ciphertext copied to another row or secret fails to decrypt.
 */
import { newKey, open, seal } from './aead.js';
import { KeyCache } from './key-cache.js';
import type { Keyring, KeyringSource } from './keyring.js';

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

/** Unwrapped data keys kept for reuse: unwrapping is half the cost of a read. Bounded; oldest forgotten first. */
const DATA_KEY_CACHE_ENTRIES = 10_000;

export class Envelope {
  private readonly dataKeys = new KeyCache(DATA_KEY_CACHE_ENTRIES);

  /** `keyrings.current()` is asked on every operation, so a sealed server refuses (SealedError) instead of using stale keys. */
  constructor(private readonly keyrings: KeyringSource) {}

  encrypt(context: EncryptionContext, plaintext: Buffer): SealedValue {
    const dataKey = newKey();
    const kek = this.keyrings.current().active();
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
    const aad = contextBytes(context);
    const keyring = this.keyrings.current();
    try {
      return open(this.unwrap(keyring, value, aad), value.ciphertext, aad);
    } catch (error) {
      if (error instanceof DecryptionError) throw error;
      throw new DecryptionError('the stored value failed authentication under its encryption context');
    }
  }

  /** The data key of a sealed value. Cached by its wrapped form and context, so a moved ciphertext still fails. */
  private unwrap(keyring: Keyring, value: SealedValue, aad: Buffer): Buffer {
    const cacheKey = `${value.kekId}\n${value.wrappedKey.toString('base64')}\n${aad.toString('latin1')}`;
    const cached = this.dataKeys.get(cacheKey);
    if (cached) return cached;
    const kek = keyring.key(value.kekId);
    if (!kek) throw new DecryptionError(`key-encryption key ${value.kekId} is not in the keyring`);
    const dataKey = open(kek, value.wrappedKey, Buffer.concat([Buffer.from(`${value.kekId}\n`), aad]));
    this.dataKeys.set(cacheKey, dataKey);
    return dataKey;
  }

  /** Forgets (and overwrites) every cached data key: on seal, nothing that decrypts a value stays in memory. */
  clear(): void {
    this.dataKeys.clear();
  }
}

function contextBytes(context: EncryptionContext): Buffer {
  return Buffer.from(JSON.stringify(['coffer/secret-value/v1', context.accountId, context.region, context.secretArn, context.versionId]));
}
