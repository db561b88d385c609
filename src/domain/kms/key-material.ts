/**
 * KMS key material: 256-bit keys, one per rotation, stored only sealed through the envelope (so under the keyring,
 * under the root key). Unsealed material is cached in memory per key version; `clear()` forgets it (on seal).
 */
import { newKey } from '../crypto/aead.js';
import type { EncryptionContext, Envelope } from '../crypto/envelope.js';
import { KeyCache } from '../crypto/key-cache.js';
import type { KmsKeyMaterialRecord, KmsKeyRecord, StoreReader } from '../../storage/store.js';

const MAX_CACHED = 10_000;

export class KeyMaterial {
  private readonly cache = new KeyCache(MAX_CACHED);

  constructor(
    private readonly store: Pick<StoreReader, 'getKmsKeyMaterial'>,
    private readonly envelope: Envelope,
  ) {}

  /** New material for `key` as version `version`, sealed, ready to insert. */
  create(key: Pick<KmsKeyRecord, 'keyId' | 'accountId' | 'region' | 'arn'>, version: number, createdAt: number, rotationType?: 'AUTOMATIC' | 'ON_DEMAND'): KmsKeyMaterialRecord {
    const material = newKey();
    const record: KmsKeyMaterialRecord = { keyId: key.keyId, version, sealed: this.envelope.encrypt(materialContext(key, version), material), createdAt };
    if (rotationType) record.rotationType = rotationType;
    material.fill(0);
    return record;
  }

  /** The plaintext material of a version, or undefined when the key has no such version. */
  async get(key: KmsKeyRecord, version: number): Promise<Buffer | undefined> {
    const cacheKey = `${key.keyId}/${version}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const record = await this.store.getKmsKeyMaterial(key.keyId, version);
    if (!record) return undefined;
    const material = this.envelope.decrypt(materialContext(key, version), record.sealed);
    this.cache.set(cacheKey, material);
    return material;
  }

  clear(): void {
    this.cache.clear();
  }
}

function materialContext(key: Pick<KmsKeyRecord, 'accountId' | 'region' | 'arn'>, version: number): EncryptionContext {
  return { accountId: key.accountId, region: key.region, secretArn: key.arn, versionId: `kms-material/${version}` };
}
