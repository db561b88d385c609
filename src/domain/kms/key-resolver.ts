/**
 * Finds the key a KeyId names — key id, key ARN, alias name or alias ARN — in the caller's account and region. AWS
 * managed keys (`alias/aws/secretsmanager`) are created on first use, as KMS does.
 */
import { randomUUID } from 'node:crypto';
import type { KmsKeyRecord, Scope, Store } from '../../storage/store.js';
import * as E from './errors.js';
import type { KeyMaterial } from './key-material.js';
import { secretsManagerKeyPolicy } from './key-policies.js';

export const SECRETS_MANAGER_ALIAS = 'alias/aws/secretsmanager';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function keyArn(scope: Scope, keyId: string): string {
  return `arn:${partition(scope.region)}:kms:${scope.region}:${scope.accountId}:key/${keyId}`;
}

export function aliasArn(scope: Scope, aliasName: string): string {
  return `arn:${partition(scope.region)}:kms:${scope.region}:${scope.accountId}:${aliasName}`;
}

function partition(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export class KeyResolver {
  /** Key records by id, valid while the store's change marker stays put: decrypting a secret looks its key up. */
  private readonly byIdCache = new Map<string, { marker: number; key: KmsKeyRecord }>();

  constructor(
    private readonly store: Store,
    private readonly material: KeyMaterial,
    private readonly now: () => number,
  ) {}

  /** The key named by `keyIdInput`, in any state; NotFoundException when there is none. */
  async resolve(scope: Scope, keyIdInput: string): Promise<KmsKeyRecord> {
    const arn = /^arn:[\w-]+:kms:([\w-]+):(\d{12}):(key\/.+|alias\/.+)$/.exec(keyIdInput);
    if (arn) {
      if (arn[3]!.startsWith('alias/') && (arn[1] !== scope.region || arn[2] !== scope.accountId)) throw E.aliasNotFound(keyIdInput);
      if (arn[1] !== scope.region) throw E.invalidArnRegion(arn[1]!);
      if (arn[2] !== scope.accountId) throw E.keyNotFound(keyIdInput);
      return arn[3]!.startsWith('alias/') ? this.byAlias(scope, arn[3]!) : this.byId(scope, arn[3]!.slice(4));
    }
    if (keyIdInput.startsWith('alias/')) return this.byAlias(scope, keyIdInput);
    if (keyIdInput.startsWith('arn:')) throw E.invalidArn(keyIdInput);
    return this.byId(scope, keyIdInput);
  }

  async byId(scope: Scope, keyId: string): Promise<KmsKeyRecord> {
    if (!UUID.test(keyId)) throw E.invalidKeyId(keyId);
    const marker = this.store.changeMarker();
    const cached = this.byIdCache.get(keyId);
    const key = cached && cached.marker === marker ? cached.key : await this.store.getKmsKey(keyId);
    if (key && cached?.key !== key) {
      if (this.byIdCache.size >= 1_000) this.byIdCache.clear();
      this.byIdCache.set(keyId, { marker, key });
    }
    if (!key || key.accountId !== scope.accountId || key.region !== scope.region) throw E.keyNotFound(keyArn(scope, keyId));
    return key;
  }

  private async byAlias(scope: Scope, aliasName: string): Promise<KmsKeyRecord> {
    const alias = await this.store.getKmsAlias(scope, aliasName);
    if (alias) return this.byId(scope, alias.targetKeyId);
    if (aliasName === SECRETS_MANAGER_ALIAS) return this.secretsManagerKey(scope);
    throw E.aliasNotFound(aliasArn(scope, aliasName));
  }

  /** The region's `aws/secretsmanager` key, created (with its alias) when it does not exist yet. */
  async secretsManagerKey(scope: Scope): Promise<KmsKeyRecord> {
    const known = await this.store.getKmsAlias(scope, SECRETS_MANAGER_ALIAS);
    const existing = known && (await this.store.getKmsKey(known.targetKeyId));
    if (existing) return existing;
    return this.store.transaction(async (tx) => {
      const alias = await tx.getKmsAlias(scope, SECRETS_MANAGER_ALIAS);
      if (alias) {
        const existing = await tx.getKmsKey(alias.targetKeyId);
        if (existing) return existing;
      }
      const keyId = randomUUID();
      const createdAt = this.now();
      const key: KmsKeyRecord = {
        keyId,
        accountId: scope.accountId,
        region: scope.region,
        arn: keyArn(scope, keyId),
        description: 'Default key that protects my Secrets Manager data when no other key is defined',
        keyState: 'Enabled',
        keyManager: 'AWS',
        policy: secretsManagerKeyPolicy(scope.accountId, scope.region),
        tags: [],
        createdAt,
        rotationEnabled: true,
        rotationPeriodInDays: 365,
        nextRotationAt: createdAt + 365 * 86_400_000,
        currentMaterial: 1,
      };
      await tx.insertKmsKey(key);
      await tx.insertKmsKeyMaterial(this.material.create(key, 1, createdAt));
      await tx.putKmsAlias({ ...scope, aliasName: SECRETS_MANAGER_ALIAS, targetKeyId: keyId, createdAt, updatedAt: createdAt });
      return key;
    });
  }
}
