/**
 * Secret values under KMS, as Secrets Manager does it: each version gets a data key from GenerateDataKey under the
 * secret's KMS key (the region's `aws/secretsmanager` key when none was chosen) with the encryption context
 * `{"SecretARN": …, "SecretVersionId": …}`; the value is encrypted locally with that data key and only the KMS
 * ciphertext of the data key is stored. Reading decrypts the data key through KMS with the same context. The caller
 * needs the KMS permissions for it (kms:GenerateDataKey / kms:Decrypt, via secretsmanager), as on AWS.
 *
 * Versions written before KMS keys existed in Coffer were sealed directly under the keyring; they still open.
 */
import { open, seal } from '../crypto/aead.js';
import type { Envelope } from '../crypto/envelope.js';
import { KeyCache } from '../crypto/key-cache.js';
import { assertKeyAccess, SECRETS_MANAGER_ALIAS, type Kms } from '../kms/index.js';
import type { Caller } from '../policy/index.js';
import { isAwsError } from '../../protocol/errors.js';
import type { KmsKeyRecord, Scope, SecretRecord, VersionRecord } from '../../storage/store.js';
import { decryptionFailure, encryptionFailure, kmsAccessDenied, kmsKeyNotFound } from './errors.js';
import { partitionOf } from './identifiers.js';
import { valueBytes, type SecretValue } from './secret-value.js';

/** Marks a version whose wrappedKey is a KMS ciphertext blob (legacy versions carry a keyring KEK id). */
const KMS_SEALED = 'kms';

/** Decrypted data keys, by their KMS ciphertext and context; the key's state and the caller are still checked. */
const DATA_KEY_CACHE_ENTRIES = 10_000;

export class SecretCipher {
  private readonly dataKeys = new KeyCache(DATA_KEY_CACHE_ENTRIES);

  constructor(
    private readonly envelope: Envelope,
    private readonly kms: Kms,
  ) {}

  /** Creates the region's `aws/secretsmanager` key if needed; call before a transaction that writes values. */
  async prepare(scope: Scope): Promise<void> {
    await this.kms.resolver.secretsManagerKey(scope);
  }

  /**
   * The KmsKeyId a secret records for a requested key: undefined for the default key, else the key's ARN. Checks, as
   * AWS's key-access validation does, that the caller could encrypt with it now.
   */
  async chooseKey(scope: Scope, kmsKeyId: string | undefined, caller?: Caller): Promise<string | undefined> {
    if (kmsKeyId === undefined || kmsKeyId === '' || isDefaultKeyName(scope, kmsKeyId)) return undefined;
    const key = await this.resolve(scope, kmsKeyId);
    if (key.keyManager === 'AWS' && key.keyId === (await this.kms.resolver.secretsManagerKey(scope)).keyId) return undefined;
    this.authorize(caller, key, 'kms:GenerateDataKey');
    this.usable(key, 'encrypt');
    return key.arn;
  }

  async seal(secret: SecretRecord, versionId: string, value: SecretValue, caller?: Caller): Promise<Pick<VersionRecord, 'valueType' | 'sealed'>> {
    const scope = { accountId: secret.accountId, region: secret.region };
    const key = await this.resolve(scope, secret.kmsKeyId ?? SECRETS_MANAGER_ALIAS);
    this.authorize(caller, key, 'kms:GenerateDataKey', secret, versionId);
    this.usable(key, 'encrypt');
    const dataKey = await this.kms.crypto.generateDataKey(key, 32, kmsContext(secret, versionId));
    try {
      const ciphertext = seal(dataKey.plaintext, valueBytes(value), valueAad(secret, versionId));
      return { valueType: value.type, sealed: { kekId: KMS_SEALED, wrappedKey: dataKey.ciphertext, ciphertext } };
    } finally {
      dataKey.plaintext.fill(0);
    }
  }

  async open(secret: SecretRecord, version: VersionRecord, caller?: Caller): Promise<SecretValue> {
    const bytes = version.sealed.kekId === KMS_SEALED ? await this.openWithKms(secret, version, caller) : this.openLegacy(secret, version);
    return version.valueType === 'string' ? { type: 'string', text: bytes.toString('utf8') } : { type: 'binary', bytes };
  }

  private async openWithKms(secret: SecretRecord, version: VersionRecord, caller?: Caller): Promise<Buffer> {
    const scope = { accountId: secret.accountId, region: secret.region };
    const blob = version.sealed.wrappedKey;
    const key = await this.kms.crypto.keyOf(scope, blob).catch(() => {
      throw decryptionFailure();
    });
    this.authorize(caller, key, 'kms:Decrypt', secret, version.versionId);
    this.usable(key, 'decrypt');
    try {
      const dataKey = await this.dataKey(key, blob, secret, version.versionId);
      return open(dataKey, version.sealed.ciphertext, valueAad(secret, version.versionId));
    } catch {
      throw decryptionFailure();
    }
  }

  private async dataKey(key: KmsKeyRecord, blob: Buffer, secret: SecretRecord, versionId: string): Promise<Buffer> {
    const cacheKey = `${secret.arn}\n${versionId}\n${blob.toString('base64')}`;
    const cached = this.dataKeys.get(cacheKey);
    if (cached) return cached;
    const dataKey = await this.kms.crypto.decrypt(key, blob, kmsContext(secret, versionId));
    this.dataKeys.set(cacheKey, dataKey);
    return dataKey;
  }

  /** Forgets every decrypted data key (on seal). */
  clear(): void {
    this.dataKeys.clear();
  }

  private openLegacy(secret: SecretRecord, version: VersionRecord): Buffer {
    try {
      return this.envelope.decrypt({ accountId: secret.accountId, region: secret.region, secretArn: secret.arn, versionId: version.versionId }, version.sealed);
    } catch {
      throw decryptionFailure();
    }
  }

  private async resolve(scope: Scope, kmsKeyId: string): Promise<KmsKeyRecord> {
    try {
      return await this.kms.resolver.resolve(scope, kmsKeyId);
    } catch (error) {
      if (isAwsError(error)) throw kmsKeyNotFound(kmsKeyId);
      throw error;
    }
  }

  /** Secrets Manager calls KMS on the caller's behalf: the caller's permissions on the key decide. */
  private authorize(caller: Caller | undefined, key: KmsKeyRecord, action: string, secret?: SecretRecord, versionId?: string): void {
    if (!caller) return;
    // The AWS managed key is Secrets Manager's own: session limits that allow the Secrets Manager call cover it.
    const acting = key.keyManager === 'AWS' ? { ...caller, guardrails: [] } : caller;
    try {
      assertKeyAccess(acting, key, action, {
        viaService: `secretsmanager.${key.region}.amazonaws.com`,
        ...(secret && versionId ? { encryptionContext: kmsContext(secret, versionId) } : {}),
      });
    } catch {
      throw kmsAccessDenied();
    }
  }

  private usable(key: KmsKeyRecord, direction: 'encrypt' | 'decrypt'): void {
    try {
      this.kms.crypto.assertUsable(key);
    } catch (error) {
      const reason = isAwsError(error) ? error.message : 'the KMS key is not usable';
      throw direction === 'encrypt' ? encryptionFailure(reason) : decryptionFailure(reason);
    }
  }
}

function isDefaultKeyName(scope: Scope, kmsKeyId: string): boolean {
  return kmsKeyId === SECRETS_MANAGER_ALIAS || kmsKeyId === `arn:${partitionOf(scope.region)}:kms:${scope.region}:${scope.accountId}:${SECRETS_MANAGER_ALIAS}`;
}

function kmsContext(secret: SecretRecord, versionId: string): Record<string, string> {
  return { SecretARN: secret.arn, SecretVersionId: versionId };
}

function valueAad(secret: SecretRecord, versionId: string): Buffer {
  return Buffer.from(JSON.stringify(['coffer/secret-value/v2', secret.accountId, secret.region, secret.arn, versionId]));
}
