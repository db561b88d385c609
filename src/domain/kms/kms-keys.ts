/** The lifecycle of KMS keys: create, describe, list, enable/disable, deletion, rotation, key policy, tags. */
import { randomUUID } from 'node:crypto';
import { PolicyCache } from '../policy/index.js';
import type { KmsKeyMaterialRecord, KmsKeyRecord, Scope, Store, Tag } from '../../storage/store.js';
import * as E from './errors.js';
import type { KeyMaterial } from './key-material.js';
import { defaultKeyPolicy } from './key-policies.js';
import { keyArn, type KeyResolver } from './key-resolver.js';

const DAY = 86_400_000;
const MAX_TAGS = 50;
const policies = new PolicyCache(256);

export interface CreateKeyInput {
  description?: string;
  policy?: string;
  tags?: Tag[];
}

export class KmsKeys {
  constructor(
    private readonly store: Store,
    private readonly resolver: KeyResolver,
    private readonly material: KeyMaterial,
    private readonly now: () => number,
  ) {}

  async createKey(scope: Scope, input: CreateKeyInput): Promise<KmsKeyRecord> {
    const policy = input.policy ?? defaultKeyPolicy(scope.accountId);
    assertKeyPolicy(policy);
    if ((input.tags ?? []).length > MAX_TAGS) throw E.tagLimit();
    const keyId = randomUUID();
    const createdAt = this.now();
    const key: KmsKeyRecord = {
      keyId,
      accountId: scope.accountId,
      region: scope.region,
      arn: keyArn(scope, keyId),
      description: input.description ?? '',
      keyState: 'Enabled',
      keyManager: 'CUSTOMER',
      policy,
      tags: mergeTags([], input.tags ?? []),
      createdAt,
      rotationEnabled: false,
      currentMaterial: 1,
    };
    await this.store.transaction(async (tx) => {
      await tx.insertKmsKey(key);
      await tx.insertKmsKeyMaterial(this.material.create(key, 1, createdAt));
    });
    return key;
  }

  async listKeys(scope: Scope): Promise<KmsKeyRecord[]> {
    return this.store.listKmsKeys(scope);
  }

  enableKey(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    return this.change(key, 'EnableKey', (k) => {
      if (k.keyState === 'PendingDeletion') throw E.pendingDeletion(k.arn);
      k.keyState = 'Enabled';
    });
  }

  disableKey(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    return this.change(key, 'DisableKey', (k) => {
      if (k.keyState === 'PendingDeletion') throw E.pendingDeletion(k.arn);
      k.keyState = 'Disabled';
    });
  }

  scheduleKeyDeletion(key: KmsKeyRecord, pendingWindowInDays = 30): Promise<KmsKeyRecord> {
    if (pendingWindowInDays < 7 || pendingWindowInDays > 30) {
      throw E.pendingWindowOutOfRange();
    }
    return this.change(key, 'ScheduleKeyDeletion', (k) => {
      if (k.keyState === 'PendingDeletion') throw E.pendingDeletion(k.arn);
      k.keyState = 'PendingDeletion';
      k.pendingWindowInDays = pendingWindowInDays;
      k.deletionDate = this.now() + pendingWindowInDays * DAY;
    });
  }

  /** A cancelled deletion leaves the key Disabled, as in KMS. */
  cancelKeyDeletion(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    return this.change(key, 'CancelKeyDeletion', (k) => {
      if (k.keyState !== 'PendingDeletion') throw E.notPendingDeletion(k.arn);
      k.keyState = 'Disabled';
      delete k.deletionDate;
      delete k.pendingWindowInDays;
    });
  }

  enableKeyRotation(key: KmsKeyRecord, rotationPeriodInDays = 365): Promise<KmsKeyRecord> {
    if (rotationPeriodInDays < 90 || rotationPeriodInDays > 2560) {
      throw E.validation(`1 validation error detected: Value '${rotationPeriodInDays}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560`);
    }
    return this.change(key, 'EnableKeyRotation', (k) => {
      this.assertNotDisabledOrPending(k);
      k.rotationEnabled = true;
      k.rotationPeriodInDays = rotationPeriodInDays;
      k.nextRotationAt = this.now() + rotationPeriodInDays * DAY;
    });
  }

  disableKeyRotation(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    return this.change(key, 'DisableKeyRotation', (k) => {
      this.assertNotDisabledOrPending(k);
      k.rotationEnabled = false;
      delete k.nextRotationAt;
    });
  }

  /** New key material; ciphertexts made before stay decryptable with the material they name. */
  async rotateKeyOnDemand(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    if (key.keyManager === 'AWS') throw E.awsManagedKey(key.arn, 'RotateKeyOnDemand');
    this.assertNotDisabledOrPending(key);
    return this.rotate(key, 'ON_DEMAND');
  }

  /** The key's rotations, oldest first; with `includeOriginal`, its original material too (ListKeyRotations' ALL_KEY_MATERIAL). */
  listKeyRotations(key: KmsKeyRecord, includeOriginal = false): Promise<KmsKeyMaterialRecord[]> {
    return this.store.listKmsKeyMaterials(key.keyId).then((all) => all.filter((m) => includeOriginal || m.rotationType !== undefined));
  }

  putKeyPolicy(key: KmsKeyRecord, policy: string): Promise<KmsKeyRecord> {
    assertKeyPolicy(policy);
    return this.change(key, 'PutKeyPolicy', (k) => {
      k.policy = policy;
    });
  }

  tagResource(key: KmsKeyRecord, tags: Tag[]): Promise<KmsKeyRecord> {
    return this.change(key, 'TagResource', (k) => {
      if (k.keyState === 'PendingDeletion') throw E.pendingDeletion(k.arn);
      const merged = mergeTags(k.tags, tags);
      if (merged.length > MAX_TAGS) throw E.tagLimit();
      k.tags = merged;
    });
  }

  untagResource(key: KmsKeyRecord, tagKeys: string[]): Promise<KmsKeyRecord> {
    return this.change(key, 'UntagResource', (k) => {
      if (k.keyState === 'PendingDeletion') throw E.pendingDeletion(k.arn);
      k.tags = k.tags.filter((t) => !tagKeys.includes(t.Key));
    });
  }

  /** Background work: deletes keys whose waiting period is over and rotates keys that are due. Returns counts. */
  async runDue(): Promise<{ deleted: number; rotated: number }> {
    const now = this.now();
    let deleted = 0;
    let rotated = 0;
    for (const key of await this.store.kmsKeysDueForDeletion(now, 100)) {
      await this.store.transaction(async (tx) => {
        const current = await tx.getKmsKey(key.keyId);
        if (current?.keyState === 'PendingDeletion' && current.deletionDate !== undefined && current.deletionDate <= now) {
          await tx.deleteKmsKey(key.keyId);
          deleted++;
        }
      });
    }
    for (const key of await this.store.kmsKeysDueForRotation(now, 100)) {
      if (key.keyState !== 'Enabled') continue;
      await this.rotate(key, 'AUTOMATIC');
      rotated++;
    }
    return { deleted, rotated };
  }

  private async rotate(key: KmsKeyRecord, rotationType: 'AUTOMATIC' | 'ON_DEMAND'): Promise<KmsKeyRecord> {
    return this.store.transaction(async (tx) => {
      const current = (await tx.getKmsKey(key.keyId)) ?? key;
      const at = this.now();
      const version = (await tx.listKmsKeyMaterials(key.keyId)).reduce((max, m) => Math.max(max, m.version), 0) + 1;
      await tx.insertKmsKeyMaterial(this.material.create(current, version, at, rotationType));
      const updated: KmsKeyRecord = { ...current, currentMaterial: version };
      if (updated.rotationEnabled && updated.rotationPeriodInDays !== undefined) updated.nextRotationAt = at + updated.rotationPeriodInDays * DAY;
      await tx.updateKmsKey(updated);
      return updated;
    });
  }

  private assertNotDisabledOrPending(key: KmsKeyRecord): void {
    if (key.keyState === 'Disabled') throw E.disabled(key.arn);
    if (key.keyState === 'PendingDeletion') throw E.pendingDeletion(key.arn);
  }

  /** Applies `mutate` to the stored key in a transaction; AWS managed keys cannot be changed by callers. */
  private async change(key: KmsKeyRecord, action: string, mutate: (key: KmsKeyRecord) => void): Promise<KmsKeyRecord> {
    if (key.keyManager === 'AWS') throw E.awsManagedKey(key.arn, action);
    return this.store.transaction(async (tx) => {
      const current = await tx.getKmsKey(key.keyId);
      if (!current) throw E.keyNotFound(key.arn);
      const updated: KmsKeyRecord = { ...current, tags: [...current.tags] };
      mutate(updated);
      await tx.updateKmsKey(updated);
      return updated;
    });
  }
}

/** MalformedPolicyDocumentException unless `policy` is a valid key policy. */
export function assertKeyPolicy(policy: string): void {
  const parsed = policies.parse(policy, 'resource');
  if (!parsed.ok) throw E.malformedKeyPolicy(parsed.problems[0]!.message);
}

/** Tags with the same key are replaced; later wins. */
function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}
