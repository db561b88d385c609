/**
 * The storage interface. Backends persist records; they never see a plaintext secret value or key: values arrive
 * sealed (see domain/crypto/envelope.ts) and the keyring arrives sealed under the root key.
 * Times are epoch milliseconds.
 */
export interface Scope {
  accountId: string;
  region: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface SecretRecord {
  id: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  type?: string;
  /** Undefined when the secret was never tagged; an empty list once every tag was removed. */
  tags?: Tag[];
  /** The resource policy document (JSON text), when one is attached. */
  resourcePolicy?: string;
  createdAt: number;
  lastChangedAt: number;
  /** Midnight UTC of the last day the secret was read. */
  lastAccessedAt?: number;
  /** When DeleteSecret scheduled the deletion. */
  deletedAt?: number;
  /** When the background purge removes the secret. */
  deletionDate?: number;
}

export interface SealedValueRecord {
  kekId: string;
  wrappedKey: Buffer;
  ciphertext: Buffer;
}

export interface VersionRecord {
  secretId: string;
  versionId: string;
  stages: string[];
  createdAt: number;
  lastAccessedAt?: number;
  valueType: 'string' | 'binary';
  sealed: SealedValueRecord;
  kmsKeyId?: string;
}

/** An IAM user. */
export interface IamUserRecord {
  accountId: string;
  userName: string;
  /** AIDA…: the unique id IAM gives a user. */
  userId: string;
  arn: string;
  path: string;
  createdAt: number;
  tags?: Tag[];
}

/** An IAM access key. Its secret is stored only sealed (see domain/crypto/envelope.ts). */
export interface AccessKeyRecord {
  accessKeyId: string;
  accountId: string;
  userName: string;
  sealedSecret: SealedValueRecord;
  status: 'Active' | 'Inactive';
  createdAt: number;
  lastUsedAt?: number;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

/** An inline policy embedded in an IAM user. */
export interface UserPolicyRecord {
  accountId: string;
  userName: string;
  policyName: string;
  document: string;
}

/** An IAM role. */
export interface IamRoleRecord {
  accountId: string;
  roleName: string;
  /** AROA…: the unique id IAM gives a role. */
  roleId: string;
  arn: string;
  path: string;
  /** The trust policy (JSON text): who may assume the role. */
  assumeRolePolicy: string;
  /** Seconds, 3600..43200. */
  maxSessionDuration: number;
  description?: string;
  createdAt: number;
  /** Become `aws:PrincipalTag/*` of the role's sessions (session tags win). */
  tags?: Tag[];
}

/** An inline policy embedded in an IAM role. */
export interface RolePolicyRecord {
  accountId: string;
  roleName: string;
  policyName: string;
  document: string;
}

/** Temporary credentials issued by sts:AssumeRole. The secret is stored sealed, the session token only hashed. */
export interface RoleSessionRecord {
  accessKeyId: string;
  accountId: string;
  roleName: string;
  sessionName: string;
  sealedSecret: SealedValueRecord;
  /** Hex SHA-256 of the session token. */
  sessionTokenHash: string;
  /** The session policy passed to AssumeRole (JSON text), which narrows the role's permissions. */
  sessionPolicy?: string;
  /** Managed policy ARNs passed to AssumeRole (PolicyArns): further session policies. */
  policyArns?: string[];
  /** Session tags: `aws:PrincipalTag/*` of the session. */
  sessionTags?: Tag[];
  /** Tag keys that pass on to sessions this session assumes (role chaining). */
  transitiveTagKeys?: string[];
  createdAt: number;
  expiresAt: number;
}

/**
 * Temporary credentials issued by sts:GetSessionToken: the same permissions as the long-term credentials they came
 * from. The secret is stored sealed, the session token only hashed.
 */
export interface UserSessionRecord {
  accessKeyId: string;
  accountId: string;
  /** The IAM user; absent for the account root. */
  userName?: string;
  sealedSecret: SealedValueRecord;
  /** Hex SHA-256 of the session token. */
  sessionTokenHash: string;
  createdAt: number;
  expiresAt: number;
}

/** A customer managed policy. Its documents are its versions; one of them is the default, the one in force. */
export interface ManagedPolicyRecord {
  accountId: string;
  policyName: string;
  /** ANPA…: the unique id IAM gives a policy. */
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  /** `v<n>` */
  defaultVersionId: string;
  /** The number the next CreatePolicyVersion gets (version ids are never reused). */
  nextVersion: number;
  tags?: Tag[];
  createdAt: number;
  updatedAt: number;
}

export interface PolicyVersionRecord {
  policyArn: string;
  versionId: string;
  document: string;
  createdAt: number;
}

export type PolicyEntityType = 'user' | 'group' | 'role';

/** A managed policy attached to a user, group or role. */
export interface PolicyAttachmentRecord {
  accountId: string;
  entityType: PolicyEntityType;
  entityName: string;
  policyArn: string;
}

/** An IAM group. */
export interface IamGroupRecord {
  accountId: string;
  groupName: string;
  /** AGPA…: the unique id IAM gives a group. */
  groupId: string;
  arn: string;
  path: string;
  createdAt: number;
}

/** An inline policy embedded in an IAM group. */
export interface GroupPolicyRecord {
  accountId: string;
  groupName: string;
  policyName: string;
  document: string;
}

/** A KMS key. Its key material (one per rotation) is stored separately, sealed. */
export interface KmsKeyRecord {
  /** A UUID. */
  keyId: string;
  accountId: string;
  region: string;
  arn: string;
  description: string;
  keyState: 'Enabled' | 'Disabled' | 'PendingDeletion';
  keyManager: 'CUSTOMER' | 'AWS';
  /** The key policy (JSON text). */
  policy: string;
  tags: Tag[];
  createdAt: number;
  /** When a scheduled deletion happens (PendingDeletion). */
  deletionDate?: number;
  pendingWindowInDays?: number;
  rotationEnabled: boolean;
  rotationPeriodInDays?: number;
  nextRotationAt?: number;
  /** The material version new ciphertexts use. */
  currentMaterial: number;
}

/** One version of a KMS key's material (256-bit), sealed. Old versions stay to decrypt old ciphertexts. */
export interface KmsKeyMaterialRecord {
  keyId: string;
  version: number;
  sealed: SealedValueRecord;
  createdAt: number;
  /** How this version came about: absent for the original material. */
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

export interface KmsAliasRecord {
  accountId: string;
  region: string;
  /** `alias/…` */
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * One audit event (a CloudTrail record) in the per-region hash chain: `hash` = SHA-256 over the previous event's hash
 * and this event's canonical JSON (see domain/audit/chain.ts). The lookup columns repeat fields of the JSON.
 */
export interface AuditEventRecord {
  /** Assigned by the store on insert: strictly increasing, never reused. */
  seq?: number;
  region: string;
  eventId: string;
  eventTime: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  resources: { type: string; name: string }[];
  /** The full record, canonical JSON. */
  json: string;
  prevHash: string;
  hash: string;
}

export interface AuditSpan {
  count: number;
  first?: AuditEventRecord;
  last?: AuditEventRecord;
}

/** A signed statement that the chain of a region, from `fromSeq` to `toSeq`, ends in `lastHash`. */
export interface AuditDigestRecord {
  seq?: number;
  region: string;
  fromSeq: number;
  toSeq: number;
  /** Hash of the event at `fromSeq - 1` in the region's chain (the genesis hash for the first digest). */
  previousHash: string;
  lastHash: string;
  eventCount: number;
  createdAt: number;
  /** base64 Ed25519 signature over the canonical digest text. */
  signature: string;
  /** Digests that stand in for pruned events keep the chain verifiable across the gap. */
  kind: 'interval' | 'pruned';
}

export interface AuditQuery {
  region: string;
  /** At most one attribute, as in LookupEvents. */
  attribute?: { key: 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId'; value: string };
  startTime?: number;
  endTime?: number;
  /** Newest first; continue strictly below this seq. */
  beforeSeq?: number;
  limit: number;
}

export type SortKey = 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';

/**
 * A keyset scan. Rows are ordered by (sort value, id), both descending when `descending`; a secret never read sorts
 * with last-accessed value 0; names and ids compare by code point (binary collation). Cursors depend on exactly
 * this order, so every backend must produce it.
 */
export interface ScanQuery {
  sortBy: SortKey;
  descending: boolean;
  includeDeleted: boolean;
  /** Keyset cursor: continue strictly after this (sort value, id). */
  after?: { value: string | number; id: string };
  limit: number;
}

export interface StoreReader {
  getSecretByName(scope: Scope, name: string): Promise<SecretRecord | undefined>;
  getSecretByArn(scope: Scope, arn: string): Promise<SecretRecord | undefined>;
  /** All versions of a secret, in insertion order (oldest first, also among versions created in the same ms). */
  getVersions(secretId: string): Promise<VersionRecord[]>;
  /** The versions that carry at least one staging label, in insertion order: what every read and write needs. */
  getLabelledVersions(secretId: string): Promise<VersionRecord[]>;
  getVersion(secretId: string, versionId: string): Promise<VersionRecord | undefined>;
  /**
   * Ids of unlabelled versions created before `createdBefore` that are not among the `keepNewest` newest versions
   * of the secret — what version retention may remove. Must not cost more as a secret's recent versions pile up.
   */
  findExpiredVersions(secretId: string, keepNewest: number, createdBefore: number): Promise<string[]>;
  /** True when the version existed and was removed by version cleanup. */
  wasVersionRemoved(secretId: string, versionId: string): Promise<boolean>;
  scanSecrets(scope: Scope, query: ScanQuery): Promise<SecretRecord[]>;
  /** Secrets (in any scope) whose deletion date is at or before `now`. */
  secretsDueForPurge(now: number, limit: number): Promise<SecretRecord[]>;
  getMeta(key: string): Promise<Buffer | undefined>;

  getUser(accountId: string, userName: string): Promise<IamUserRecord | undefined>;
  /** Users of the account, ordered by user name (binary collation). */
  listUsers(accountId: string): Promise<IamUserRecord[]>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** The user's access keys, oldest first. */
  listAccessKeys(accountId: string, userName: string): Promise<AccessKeyRecord[]>;
  getUserPolicy(accountId: string, userName: string, policyName: string): Promise<UserPolicyRecord | undefined>;
  /** The user's inline policies, ordered by policy name. */
  listUserPolicies(accountId: string, userName: string): Promise<UserPolicyRecord[]>;

  getRole(accountId: string, roleName: string): Promise<IamRoleRecord | undefined>;
  /** Roles of the account, ordered by role name (binary collation). */
  listRoles(accountId: string): Promise<IamRoleRecord[]>;
  getRolePolicy(accountId: string, roleName: string, policyName: string): Promise<RolePolicyRecord | undefined>;
  /** The role's inline policies, ordered by policy name. */
  listRolePolicies(accountId: string, roleName: string): Promise<RolePolicyRecord[]>;
  getRoleSession(accessKeyId: string): Promise<RoleSessionRecord | undefined>;

  getGroup(accountId: string, groupName: string): Promise<IamGroupRecord | undefined>;
  /** Groups of the account, ordered by group name (binary collation). */
  listGroups(accountId: string): Promise<IamGroupRecord[]>;
  /** The user names in the group, ordered. */
  listGroupMembers(accountId: string, groupName: string): Promise<string[]>;
  /** The groups the user belongs to, ordered by group name. */
  listGroupsForUser(accountId: string, userName: string): Promise<IamGroupRecord[]>;
  getGroupPolicy(accountId: string, groupName: string, policyName: string): Promise<GroupPolicyRecord | undefined>;
  /** The group's inline policies, ordered by policy name. */
  listGroupPolicies(accountId: string, groupName: string): Promise<GroupPolicyRecord[]>;

  getUserSession(accessKeyId: string): Promise<UserSessionRecord | undefined>;

  getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined>;
  /** Customer managed policies of the account, ordered by policy name (binary collation). */
  listManagedPolicies(accountId: string): Promise<ManagedPolicyRecord[]>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  /** The policy's versions, oldest first. */
  listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]>;
  /** ARNs of the managed policies attached to the entity, ordered. */
  listAttachedPolicies(accountId: string, entityType: PolicyEntityType, entityName: string): Promise<string[]>;
  /**
   * Every entity the policy is attached to, ordered by account, type, then name. An AWS managed policy's ARN is the
   * same in every account: callers filter by account.
   */
  listPolicyAttachments(policyArn: string): Promise<PolicyAttachmentRecord[]>;

  getKmsKey(keyId: string): Promise<KmsKeyRecord | undefined>;
  /** The region's keys, oldest first (ties by key id). */
  listKmsKeys(scope: Scope): Promise<KmsKeyRecord[]>;
  /** Keys (in any scope) whose scheduled deletion date is at or before `now`. */
  kmsKeysDueForDeletion(now: number, limit: number): Promise<KmsKeyRecord[]>;
  /** Keys (in any scope) with rotation enabled whose next rotation is at or before `now`. */
  kmsKeysDueForRotation(now: number, limit: number): Promise<KmsKeyRecord[]>;
  getKmsKeyMaterial(keyId: string, version: number): Promise<KmsKeyMaterialRecord | undefined>;
  /** The key's material versions, oldest first. */
  listKmsKeyMaterials(keyId: string): Promise<KmsKeyMaterialRecord[]>;
  getKmsAlias(scope: Scope, aliasName: string): Promise<KmsAliasRecord | undefined>;
  /** The region's aliases ordered by alias name (binary collation). */
  listKmsAliases(scope: Scope): Promise<KmsAliasRecord[]>;
}

export interface StoreWriter extends StoreReader {
  insertSecret(secret: SecretRecord): Promise<void>;
  /** Replaces every mutable field of the secret with the record's, except lastAccessedAt (recordAccess owns it). */
  updateSecret(secret: SecretRecord): Promise<void>;
  /** Removes the secret, its versions and its removed-version markers. */
  deleteSecret(secretId: string): Promise<void>;
  insertVersion(version: VersionRecord): Promise<void>;
  setVersionStages(secretId: string, versionId: string, stages: string[]): Promise<void>;
  /** Removes versions and remembers that they existed. */
  removeVersions(secretId: string, versionIds: string[]): Promise<void>;
  setMeta(key: string, value: Buffer): Promise<void>;

  /** Fails if the user name is taken in the account. */
  insertUser(user: IamUserRecord): Promise<void>;
  /** Replaces the mutable fields (path, tags). */
  updateUser(user: IamUserRecord): Promise<void>;
  /** Removes the user; the caller has checked it has no access keys or policies left. */
  deleteUser(accountId: string, userName: string): Promise<void>;
  insertAccessKey(key: AccessKeyRecord): Promise<void>;
  setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  recordAccessKeyUse(accessKeyId: string, at: number, service: string, region: string): Promise<void>;
  deleteAccessKey(accessKeyId: string): Promise<void>;
  /** Creates or replaces the user's inline policy of that name. */
  putUserPolicy(policy: UserPolicyRecord): Promise<void>;
  deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<void>;

  /** Fails if the role name is taken in the account. */
  insertRole(role: IamRoleRecord): Promise<void>;
  /** Replaces the mutable fields (trust policy, max session duration, description, tags). */
  updateRole(role: IamRoleRecord): Promise<void>;
  /** Removes the role; the caller has checked it has no policies left. */
  deleteRole(accountId: string, roleName: string): Promise<void>;
  /** Creates or replaces the role's inline policy of that name. */
  putRolePolicy(policy: RolePolicyRecord): Promise<void>;
  deleteRolePolicy(accountId: string, roleName: string, policyName: string): Promise<void>;
  insertRoleSession(session: RoleSessionRecord): Promise<void>;
  insertUserSession(session: UserSessionRecord): Promise<void>;
  /** Removes role and user sessions that expired before `now`; returns how many. */
  deleteExpiredRoleSessions(now: number): Promise<number>;

  /** Fails if the group name is taken in the account. */
  insertGroup(group: IamGroupRecord): Promise<void>;
  /** Removes the group; the caller has checked it has no members or policies left. */
  deleteGroup(accountId: string, groupName: string): Promise<void>;
  /** Idempotent. */
  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<void>;
  /** Idempotent. */
  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<void>;
  /** Creates or replaces the group's inline policy of that name. */
  putGroupPolicy(policy: GroupPolicyRecord): Promise<void>;
  deleteGroupPolicy(accountId: string, groupName: string, policyName: string): Promise<void>;

  /** Fails if the policy name is taken in the account. */
  insertManagedPolicy(policy: ManagedPolicyRecord): Promise<void>;
  /** Replaces the mutable fields (description, default version, next version, tags, updatedAt). */
  updateManagedPolicy(policy: ManagedPolicyRecord): Promise<void>;
  /** Removes the policy and all its versions; the caller has checked it is attached nowhere. */
  deleteManagedPolicy(policyArn: string): Promise<void>;
  insertPolicyVersion(version: PolicyVersionRecord): Promise<void>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;
  /** Idempotent. */
  attachPolicy(attachment: PolicyAttachmentRecord): Promise<void>;
  /** Idempotent. */
  detachPolicy(attachment: PolicyAttachmentRecord): Promise<void>;

  insertKmsKey(key: KmsKeyRecord): Promise<void>;
  /** Replaces every mutable field (everything but ids, ARN, scope, key manager and creation date). */
  updateKmsKey(key: KmsKeyRecord): Promise<void>;
  /** Removes the key, its material and the aliases that point to it. */
  deleteKmsKey(keyId: string): Promise<void>;
  insertKmsKeyMaterial(material: KmsKeyMaterialRecord): Promise<void>;
  /** Creates the alias or points it to another key. */
  putKmsAlias(alias: KmsAliasRecord): Promise<void>;
  deleteKmsAlias(scope: Scope, aliasName: string): Promise<void>;
}

/**
 * The audit trail is kept apart from everything else (its own database in the SQLite backend): an event is written
 * for every request, reads included, and those writes must neither contend with nor invalidate what caches hold.
 */
export interface AuditReader {
  /** Audit events matching the query, newest first. */
  lookupAuditEvents(query: AuditQuery): Promise<AuditEventRecord[]>;
  /** The region's events with seq > afterSeq, oldest first. */
  auditEventsAfter(region: string, afterSeq: number, limit: number): Promise<AuditEventRecord[]>;
  /** How many of the region's events come after afterSeq, and the first and last of them. */
  auditEventSpan(region: string, afterSeq: number): Promise<AuditSpan>;
  /**
   * The same for the events retention may remove, as one snapshot: after afterSeq, before the first event whose
   * eventTime is at or after `time`, and never the region's newest event.
   */
  prunableAuditSpan(region: string, afterSeq: number, time: number): Promise<AuditSpan>;
  /** Regions that have audit events or digests. */
  auditRegions(): Promise<string[]>;
  /** The region's digests, oldest first. */
  listAuditDigests(region: string): Promise<AuditDigestRecord[]>;
}

/** An event to append: the store assigns its seq and chains it (domain/audit/chain.ts) to its region's last event. */
export type NewAuditEvent = Omit<AuditEventRecord, 'seq' | 'prevHash' | 'hash'>;

export interface Store extends StoreReader, AuditReader {
  /**
   * Appends the events in order, each chained to the previous event of its region as the transaction sees it (so
   * processes sharing the trail never fork a chain), in one durable commit. Does not move `changeMarker`, and does
   * not block the caller's thread while the commit reaches the disk.
   */
  appendAuditEvents(events: readonly NewAuditEvent[]): Promise<{ seq: number; prevHash: string; hash: string }[]>;
  /** Why the lookup index stopped following the trail, while it does (lookups still see every event, more slowly). */
  auditIndexFailure(): string | undefined;
  insertAuditDigest(digest: AuditDigestRecord): Promise<void>;
  /** Removes the region's events with seq ≤ throughSeq and records the digest that stands in for them, atomically. */
  pruneAuditEvents(region: string, throughSeq: number, digest: AuditDigestRecord): Promise<number>;
  /** Runs `fn` atomically and durably: when the promise resolves, the writes survive a crash. */
  transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /**
   * A number that changes whenever any writer commits — this process's or another's sharing the database — so a
   * read cache can tell when it went stale. Cheap enough to call on every request.
   */
  changeMarker(): number;
  /** Records a read on the secret and version (date resolution); dates only ever move forward. */
  recordAccess(secretId: string, versionId: string, day: number): Promise<void>;
  close(): Promise<void>;
}
