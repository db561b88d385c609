/**
 * A read-through cache in front of any Store for the lookups every request makes: a secret by name or ARN, its
 * labelled versions, one version by id. It holds exactly what the store holds — records with sealed values, never
 * plaintext. Cached records are shared: callers treat them as immutable (the engine copies before it changes
 * anything).
 *
 * Staleness is never hidden:
 * - a transaction through this cache invalidates exactly the secrets it wrote, once it has committed;
 * - a commit by anyone else (another process sharing the database, or anything not going through this cache) moves
 *   the store's change marker without this cache expecting it, and everything is dropped;
 * - with `shared: true` (several processes on one database) every marker move drops everything, because then a
 *   foreign commit can land between one of ours and our reading of the marker;
 * - a read that overlapped any invalidation is returned but not cached.
 */
import { BoundedMap } from '../lib/bounded-map.js';
import type {
  AccessKeyRecord,
  GroupPolicyRecord,
  IamGroupRecord,
  IamRoleRecord,
  IamUserRecord,
  RolePolicyRecord,
  RoleSessionRecord,
  ScanQuery,
  Scope,
  SecretRecord,
  Store,
  StoreWriter,
  AuditDigestRecord,
  AuditEventRecord,
  AuditQuery,
  AuditSpan,
  NewAuditEvent,
  KmsAliasRecord,
  KmsKeyMaterialRecord,
  KmsKeyRecord,
  ManagedPolicyRecord,
  PolicyAttachmentRecord,
  PolicyEntityType,
  PolicyVersionRecord,
  UserPolicyRecord,
  UserSessionRecord,
  VersionRecord,
} from './store.js';

export const DEFAULT_CACHE_ENTRIES = 10_000;
const MAX_VERSIONS_PER_SECRET = 128;

export interface CachedStoreOptions {
  maxEntries?: number;
  /** True when other processes write the same database (the multi-process mode). */
  shared?: boolean;
}

export class CachedStore implements Store {
  private expectedMarker: number;
  private generation = 0;
  private readonly shared: boolean;
  private readonly byName: BoundedMap<string, SecretRecord | null>;
  private readonly byArn: BoundedMap<string, SecretRecord | null>;
  private readonly labelled: BoundedMap<string, VersionRecord[]>;
  /** secret id → version id → version (null: known not to exist). */
  private readonly version: BoundedMap<string, Map<string, VersionRecord | null>>;
  /** secret id → its keys in byName/byArn, so a write by id can drop them. */
  private readonly keysOf: BoundedMap<string, [string, string]>;

  constructor(
    private readonly inner: Store,
    options: CachedStoreOptions = {},
  ) {
    const max = options.maxEntries ?? DEFAULT_CACHE_ENTRIES;
    this.shared = options.shared === true;
    this.byName = new BoundedMap(max);
    this.byArn = new BoundedMap(max);
    this.labelled = new BoundedMap(max);
    this.version = new BoundedMap(max);
    this.keysOf = new BoundedMap(max);
    this.expectedMarker = inner.changeMarker();
  }

  getSecretByName(scope: Scope, name: string): Promise<SecretRecord | undefined> {
    return this.through(this.byName, scopedKey(scope, name), () => this.inner.getSecretByName(scope, name));
  }

  getSecretByArn(scope: Scope, arn: string): Promise<SecretRecord | undefined> {
    return this.through(this.byArn, scopedKey(scope, arn), () => this.inner.getSecretByArn(scope, arn));
  }

  async getLabelledVersions(secretId: string): Promise<VersionRecord[]> {
    return (await this.through(this.labelled, secretId, () => this.inner.getLabelledVersions(secretId)))!;
  }

  async getVersion(secretId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.dropIfForeignCommit();
    const hit = this.version.get(secretId)?.get(versionId);
    if (hit !== undefined) return hit ?? undefined;
    const generation = this.generation;
    const value = await this.inner.getVersion(secretId, versionId);
    this.dropIfForeignCommit();
    if (generation === this.generation) {
      let versions = this.version.get(secretId);
      if (!versions) this.version.set(secretId, (versions = new Map()));
      if (versions.size < MAX_VERSIONS_PER_SECRET) versions.set(versionId, value ?? null);
    }
    return value;
  }

  getVersions(secretId: string): Promise<VersionRecord[]> {
    return this.inner.getVersions(secretId);
  }
  findExpiredVersions(secretId: string, keepNewest: number, createdBefore: number): Promise<string[]> {
    return this.inner.findExpiredVersions(secretId, keepNewest, createdBefore);
  }
  wasVersionRemoved(secretId: string, versionId: string): Promise<boolean> {
    return this.inner.wasVersionRemoved(secretId, versionId);
  }
  scanSecrets(scope: Scope, query: ScanQuery): Promise<SecretRecord[]> {
    return this.inner.scanSecrets(scope, query);
  }
  secretsDueForPurge(now: number, limit: number): Promise<SecretRecord[]> {
    return this.inner.secretsDueForPurge(now, limit);
  }
  getMeta(key: string): Promise<Buffer | undefined> {
    return this.inner.getMeta(key);
  }
  getUser(accountId: string, userName: string): Promise<IamUserRecord | undefined> {
    return this.inner.getUser(accountId, userName);
  }
  listUsers(accountId: string): Promise<IamUserRecord[]> {
    return this.inner.listUsers(accountId);
  }
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    return this.inner.getAccessKey(accessKeyId);
  }
  listAccessKeys(accountId: string, userName: string): Promise<AccessKeyRecord[]> {
    return this.inner.listAccessKeys(accountId, userName);
  }
  getUserPolicy(accountId: string, userName: string, policyName: string): Promise<UserPolicyRecord | undefined> {
    return this.inner.getUserPolicy(accountId, userName, policyName);
  }
  listUserPolicies(accountId: string, userName: string): Promise<UserPolicyRecord[]> {
    return this.inner.listUserPolicies(accountId, userName);
  }
  getRole(accountId: string, roleName: string): Promise<IamRoleRecord | undefined> {
    return this.inner.getRole(accountId, roleName);
  }
  listRoles(accountId: string): Promise<IamRoleRecord[]> {
    return this.inner.listRoles(accountId);
  }
  getRolePolicy(accountId: string, roleName: string, policyName: string): Promise<RolePolicyRecord | undefined> {
    return this.inner.getRolePolicy(accountId, roleName, policyName);
  }
  listRolePolicies(accountId: string, roleName: string): Promise<RolePolicyRecord[]> {
    return this.inner.listRolePolicies(accountId, roleName);
  }
  getRoleSession(accessKeyId: string): Promise<RoleSessionRecord | undefined> {
    return this.inner.getRoleSession(accessKeyId);
  }
  getGroup(accountId: string, groupName: string): Promise<IamGroupRecord | undefined> {
    return this.inner.getGroup(accountId, groupName);
  }
  listGroups(accountId: string): Promise<IamGroupRecord[]> {
    return this.inner.listGroups(accountId);
  }
  listGroupMembers(accountId: string, groupName: string): Promise<string[]> {
    return this.inner.listGroupMembers(accountId, groupName);
  }
  listGroupsForUser(accountId: string, userName: string): Promise<IamGroupRecord[]> {
    return this.inner.listGroupsForUser(accountId, userName);
  }
  getGroupPolicy(accountId: string, groupName: string, policyName: string): Promise<GroupPolicyRecord | undefined> {
    return this.inner.getGroupPolicy(accountId, groupName, policyName);
  }
  listGroupPolicies(accountId: string, groupName: string): Promise<GroupPolicyRecord[]> {
    return this.inner.listGroupPolicies(accountId, groupName);
  }
  getUserSession(accessKeyId: string): Promise<UserSessionRecord | undefined> {
    return this.inner.getUserSession(accessKeyId);
  }
  getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined> {
    return this.inner.getManagedPolicy(policyArn);
  }
  listManagedPolicies(accountId: string): Promise<ManagedPolicyRecord[]> {
    return this.inner.listManagedPolicies(accountId);
  }
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    return this.inner.getPolicyVersion(policyArn, versionId);
  }
  listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]> {
    return this.inner.listPolicyVersions(policyArn);
  }
  listAttachedPolicies(accountId: string, entityType: PolicyEntityType, entityName: string): Promise<string[]> {
    return this.inner.listAttachedPolicies(accountId, entityType, entityName);
  }
  listPolicyAttachments(policyArn: string): Promise<PolicyAttachmentRecord[]> {
    return this.inner.listPolicyAttachments(policyArn);
  }
  getKmsKey(keyId: string): Promise<KmsKeyRecord | undefined> {
    return this.inner.getKmsKey(keyId);
  }
  listKmsKeys(scope: Scope): Promise<KmsKeyRecord[]> {
    return this.inner.listKmsKeys(scope);
  }
  kmsKeysDueForDeletion(now: number, limit: number): Promise<KmsKeyRecord[]> {
    return this.inner.kmsKeysDueForDeletion(now, limit);
  }
  kmsKeysDueForRotation(now: number, limit: number): Promise<KmsKeyRecord[]> {
    return this.inner.kmsKeysDueForRotation(now, limit);
  }
  getKmsKeyMaterial(keyId: string, version: number): Promise<KmsKeyMaterialRecord | undefined> {
    return this.inner.getKmsKeyMaterial(keyId, version);
  }
  listKmsKeyMaterials(keyId: string): Promise<KmsKeyMaterialRecord[]> {
    return this.inner.listKmsKeyMaterials(keyId);
  }
  getKmsAlias(scope: Scope, aliasName: string): Promise<KmsAliasRecord | undefined> {
    return this.inner.getKmsAlias(scope, aliasName);
  }
  listKmsAliases(scope: Scope): Promise<KmsAliasRecord[]> {
    return this.inner.listKmsAliases(scope);
  }
  appendAuditEvents(events: readonly NewAuditEvent[]): Promise<{ seq: number; prevHash: string; hash: string }[]> {
    return this.inner.appendAuditEvents(events);
  }
  auditIndexFailure(): string | undefined {
    return this.inner.auditIndexFailure();
  }
  insertAuditDigest(digest: AuditDigestRecord): Promise<void> {
    return this.inner.insertAuditDigest(digest);
  }
  pruneAuditEvents(region: string, throughSeq: number, digest: AuditDigestRecord): Promise<number> {
    return this.inner.pruneAuditEvents(region, throughSeq, digest);
  }
  lookupAuditEvents(query: AuditQuery): Promise<AuditEventRecord[]> {
    return this.inner.lookupAuditEvents(query);
  }
  auditEventsAfter(region: string, afterSeq: number, limit: number): Promise<AuditEventRecord[]> {
    return this.inner.auditEventsAfter(region, afterSeq, limit);
  }
  auditEventSpan(region: string, afterSeq: number): Promise<AuditSpan> {
    return this.inner.auditEventSpan(region, afterSeq);
  }
  prunableAuditSpan(region: string, afterSeq: number, time: number): Promise<AuditSpan> {
    return this.inner.prunableAuditSpan(region, afterSeq, time);
  }
  auditRegions(): Promise<string[]> {
    return this.inner.auditRegions();
  }
  listAuditDigests(region: string): Promise<AuditDigestRecord[]> {
    return this.inner.listAuditDigests(region);
  }
  changeMarker(): number {
    return this.inner.changeMarker();
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  async transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const touched = new Touched();
    try {
      return await this.inner.transaction((tx) => fn(recording(tx, touched)));
    } finally {
      // Also after a failure: a failed COMMIT may still have written, and dropping entries is always safe.
      this.forget(touched);
    }
  }

  async recordAccess(secretId: string, versionId: string, day: number): Promise<void> {
    const touched = new Touched();
    touched.ids.add(secretId);
    try {
      await this.inner.recordAccess(secretId, versionId, day);
    } finally {
      this.forget(touched);
    }
  }

  /**
   * Serves `key` from `map`, or reads and caches it — unless an invalidation happened while the read was under
   * way, so a read that raced a write is never cached as current.
   */
  private async through<V>(map: BoundedMap<string, V | null>, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
    this.dropIfForeignCommit();
    const hit = map.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const generation = this.generation;
    const value = await read();
    this.dropIfForeignCommit();
    if (generation === this.generation) {
      map.set(key, value ?? null);
      if (value !== undefined && isSecret(value)) this.keysOf.set(value.id, [scopedKey(value, value.name), scopedKey(value, value.arn)]);
    }
    return value;
  }

  private dropIfForeignCommit(): void {
    const marker = this.inner.changeMarker();
    if (marker === this.expectedMarker) return;
    this.expectedMarker = marker;
    this.generation++;
    for (const map of [this.byName, this.byArn, this.labelled, this.version, this.keysOf]) map.clear();
  }

  private forget(touched: Touched): void {
    this.generation++;
    if (this.shared) {
      this.dropIfForeignCommit();
      return;
    }
    for (const secret of touched.secrets) {
      this.byName.delete(scopedKey(secret, secret.name));
      this.byArn.delete(scopedKey(secret, secret.arn));
      touched.ids.add(secret.id);
    }
    let unknownSecretDeleted = false;
    for (const id of touched.ids) {
      const keys = this.keysOf.get(id);
      if (keys) {
        this.byName.delete(keys[0]);
        this.byArn.delete(keys[1]);
      } else if (touched.deletedIds.has(id)) {
        unknownSecretDeleted = true;
      }
      this.labelled.delete(id);
      this.version.delete(id);
    }
    if (unknownSecretDeleted) {
      this.byName.clear();
      this.byArn.clear();
    }
    // Our own commit moved the marker; expect its new value so that only foreign commits drop everything.
    this.expectedMarker = this.inner.changeMarker();
  }
}

class Touched {
  readonly secrets: SecretRecord[] = [];
  readonly ids = new Set<string>();
  readonly deletedIds = new Set<string>();
}

/** The writes that touch a secret or its versions: the only ones the cache must hear about. */
type SecretWrites = Pick<StoreWriter, 'insertSecret' | 'updateSecret' | 'deleteSecret' | 'insertVersion' | 'setVersionStages' | 'removeVersions'>;

/**
 * The transaction's writer, noting which secrets it writes. Everything else (reads, meta, identities) goes straight
 * to `tx`; a new method that writes secret rows must be added to `writes`.
 */
function recording(tx: StoreWriter, touched: Touched): StoreWriter {
  const writes: SecretWrites = {
    insertSecret(secret) {
      touched.secrets.push(secret);
      return tx.insertSecret(secret);
    },
    updateSecret(secret) {
      touched.secrets.push(secret);
      return tx.updateSecret(secret);
    },
    deleteSecret(id) {
      touched.ids.add(id);
      touched.deletedIds.add(id);
      return tx.deleteSecret(id);
    },
    insertVersion(version) {
      touched.ids.add(version.secretId);
      return tx.insertVersion(version);
    },
    setVersionStages(id, versionId, stages) {
      touched.ids.add(id);
      return tx.setVersionStages(id, versionId, stages);
    },
    removeVersions(id, versionIds) {
      touched.ids.add(id);
      return tx.removeVersions(id, versionIds);
    },
  };
  return new Proxy(tx, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(writes, property)) return writes[property as keyof SecretWrites];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function scopedKey(scope: Scope, key: string): string {
  return `${scope.accountId}\0${scope.region}\0${key}`;
}

function isSecret(value: unknown): value is SecretRecord {
  return typeof value === 'object' && value !== null && 'arn' in value && 'name' in value && 'id' in value;
}
