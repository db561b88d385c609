/** KMS's cryptographic operations on a key already found and authorized: Encrypt, Decrypt, data keys, randomness. */
import { randomBytes } from 'node:crypto';
import type { KmsKeyRecord, Scope } from '../../storage/store.js';
import { decryptBlob, encryptBlob, readHeader, type EncryptionContextMap } from './ciphertext.js';
import * as E from './errors.js';
import type { KeyMaterial } from './key-material.js';
import type { KeyResolver } from './key-resolver.js';

export class KmsCrypto {
  constructor(
    private readonly resolver: KeyResolver,
    private readonly material: KeyMaterial,
  ) {}

  /** Throws the KMS error for a key that cannot be used for cryptography now. */
  assertUsable(key: KmsKeyRecord): void {
    if (key.keyState === 'Disabled') throw E.disabled(key.arn);
    if (key.keyState === 'PendingDeletion') throw E.pendingDeletion(key.arn);
  }

  async encrypt(key: KmsKeyRecord, plaintext: Buffer, context: EncryptionContextMap = {}): Promise<Buffer> {
    this.assertUsable(key);
    const material = await this.material.get(key, key.currentMaterial);
    if (!material) throw new Error(`key ${key.keyId} has no material version ${key.currentMaterial}`);
    return encryptBlob({ keyId: key.keyId, materialVersion: key.currentMaterial }, material, plaintext, context);
  }

  /**
   * The key a ciphertext was made with (for authorization before decrypting). With `keyIdInput`, the ciphertext must
   * belong to that key: IncorrectKeyException otherwise.
   */
  async keyOf(scope: Scope, blob: Buffer, keyIdInput?: string): Promise<KmsKeyRecord> {
    const header = readHeader(blob);
    if (!header) throw E.invalidCiphertext();
    const key = await this.resolver.byId(scope, header.keyId).catch(() => {
      throw E.invalidCiphertext();
    });
    if (keyIdInput !== undefined && (await this.resolver.resolve(scope, keyIdInput)).keyId !== key.keyId) throw E.incorrectKey();
    return key;
  }

  async decrypt(key: KmsKeyRecord, blob: Buffer, context: EncryptionContextMap = {}): Promise<Buffer> {
    this.assertUsable(key);
    const header = readHeader(blob);
    if (!header || header.keyId !== key.keyId) throw E.invalidCiphertext();
    const material = await this.material.get(key, header.materialVersion);
    if (!material) throw E.invalidCiphertext();
    try {
      return decryptBlob(blob, material, context);
    } catch {
      throw E.invalidCiphertext();
    }
  }

  async generateDataKey(key: KmsKeyRecord, bytes: number, context: EncryptionContextMap = {}): Promise<{ plaintext: Buffer; ciphertext: Buffer }> {
    this.assertUsable(key);
    const plaintext = randomBytes(bytes);
    return { plaintext, ciphertext: await this.encrypt(key, plaintext, context) };
  }

  generateRandom(bytes: number): Buffer {
    return randomBytes(bytes);
  }
}
