/** Prepared statements and row mapping for one SQLite connection. Synchronous, as better-sqlite3 is. */
import type Database from 'better-sqlite3';
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
  Tag,
  UserPolicyRecord,
  UserSessionRecord,
  VersionRecord,
} from '../store.js';
import { KmsStatements } from './kms-statements.js';
import { ManagedPolicyStatements } from './managed-policy-statements.js';

interface SecretRow {
  id: string;
  account_id: string;
  region: string;
  name: string;
  arn: string;
  description: string | null;
  kms_key_id: string | null;
  type: string | null;
  tags: string | null;
  resource_policy: string | null;
  created_at: number;
  last_changed_at: number;
  last_accessed_at: number | null;
  deleted_at: number | null;
  deletion_date: number | null;
}

interface VersionRow {
  secret_id: string;
  version_id: string;
  stages: string;
  created_at: number;
  last_accessed_at: number | null;
  value_type: 'string' | 'binary';
  kek_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
  kms_key_id: string | null;
}

interface UserRow {
  account_id: string;
  user_name: string;
  user_id: string;
  arn: string;
  path: string;
  created_at: number;
  tags: string | null;
}

interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  user_name: string;
  kek_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
  status: 'Active' | 'Inactive';
  created_at: number;
  last_used_at: number | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

interface UserPolicyRow {
  account_id: string;
  user_name: string;
  policy_name: string;
  document: string;
}

interface RoleRow {
  account_id: string;
  role_name: string;
  role_id: string;
  arn: string;
  path: string;
  assume_role_policy: string;
  max_session_duration: number;
  description: string | null;
  created_at: number;
  tags: string | null;
}

interface RolePolicyRow {
  account_id: string;
  role_name: string;
  policy_name: string;
  document: string;
}

interface GroupRow {
  account_id: string;
  group_name: string;
  group_id: string;
  arn: string;
  path: string;
  created_at: number;
}

interface GroupPolicyRow {
  account_id: string;
  group_name: string;
  policy_name: string;
  document: string;
}

interface RoleSessionRow {
  access_key_id: string;
  account_id: string;
  role_name: string;
  session_name: string;
  kek_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
  session_token_hash: string;
  session_policy: string | null;
  policy_arns: string | null;
  session_tags: string | null;
  transitive_tag_keys: string | null;
  created_at: number;
  expires_at: number;
}

interface UserSessionRow {
  access_key_id: string;
  account_id: string;
  user_name: string | null;
  kek_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
  session_token_hash: string;
  created_at: number;
  expires_at: number;
}

const SORT_COLUMNS = {
  'created-date': 'created_at',
  'last-accessed-date': 'COALESCE(last_accessed_at, 0)',
  'last-changed-date': 'last_changed_at',
  name: 'name',
} as const;

export class SqliteStatements {
  private readonly byName;
  private readonly byArn;
  private readonly versions;
  private readonly labelledVersions;
  private readonly oneVersion;
  private readonly expiredVersions;
  private readonly removed;
  private readonly due;
  private readonly metaGet;
  private readonly metaSet;
  private readonly secretInsert;
  private readonly secretUpdate;
  private readonly secretDelete;
  private readonly versionInsert;
  private readonly versionStages;
  private readonly versionDelete;
  private readonly removedInsert;
  private readonly secretAccess;
  private readonly versionAccess;
  private readonly userGet;
  private readonly userList;
  private readonly userInsert;
  private readonly userUpdate;
  private readonly userDelete;
  private readonly keyGet;
  private readonly keyList;
  private readonly keyInsert;
  private readonly keyStatus;
  private readonly keyUse;
  private readonly keyDelete;
  private readonly policyGet;
  private readonly policyList;
  private readonly policyPut;
  private readonly policyDelete;
  private readonly roleGet;
  private readonly roleList;
  private readonly roleInsert;
  private readonly roleUpdate;
  private readonly roleDelete;
  private readonly rolePolicyGet;
  private readonly rolePolicyList;
  private readonly rolePolicyPut;
  private readonly rolePolicyDelete;
  private readonly sessionGet;
  private readonly sessionInsert;
  private readonly sessionsExpire;
  private readonly userSessionGet;
  private readonly userSessionInsert;
  private readonly userSessionsExpire;
  private readonly groupGet;
  private readonly groupList;
  private readonly groupInsert;
  private readonly groupDelete;
  private readonly groupMemberList;
  private readonly groupsForUser;
  private readonly groupMemberAdd;
  private readonly groupMemberRemove;
  private readonly groupPolicyGet;
  private readonly groupPolicyList;
  private readonly groupPolicyPut;
  private readonly groupPolicyDelete;
  private readonly scans = new Map<string, Database.Statement>();
  readonly managedPolicies: ManagedPolicyStatements;
  readonly kms: KmsStatements;

  constructor(private readonly db: Database.Database) {
    this.managedPolicies = new ManagedPolicyStatements(db);
    this.kms = new KmsStatements(db);
    this.byName = db.prepare<[string, string, string], SecretRow>('SELECT * FROM secrets WHERE account_id = ? AND region = ? AND name = ?');
    this.byArn = db.prepare<[string, string, string], SecretRow>('SELECT * FROM secrets WHERE account_id = ? AND region = ? AND arn = ?');
    this.versions = db.prepare<[string], VersionRow>('SELECT * FROM versions WHERE secret_id = ? ORDER BY seq');
    this.labelledVersions = db.prepare<[string], VersionRow>("SELECT * FROM versions WHERE secret_id = ? AND stages <> '[]' ORDER BY seq");
    this.oneVersion = db.prepare<[string, string], VersionRow>('SELECT * FROM versions WHERE secret_id = ? AND version_id = ?');
    this.expiredVersions = db
      .prepare<{ id: string; keep: number; before: number }, string>(
        `SELECT version_id FROM versions INDEXED BY versions_by_age
         WHERE secret_id = @id AND created_at < @before AND stages = '[]'
           AND seq <= (SELECT seq FROM versions WHERE secret_id = @id ORDER BY seq DESC LIMIT 1 OFFSET @keep)
         ORDER BY seq`,
      )
      .pluck();
    this.removed = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM removed_versions WHERE secret_id = ? AND version_id = ?');
    this.due = db.prepare<[number, number], SecretRow>('SELECT * FROM secrets WHERE deletion_date IS NOT NULL AND deletion_date <= ? ORDER BY deletion_date LIMIT ?');
    this.metaGet = db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?');
    this.metaSet = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.secretInsert = db.prepare(`INSERT INTO secrets (id, account_id, region, name, arn, description, kms_key_id, type, tags,
      resource_policy, created_at, last_changed_at, last_accessed_at, deleted_at, deletion_date)
      VALUES (@id, @account_id, @region, @name, @arn, @description, @kms_key_id, @type, @tags,
      @resource_policy, @created_at, @last_changed_at, @last_accessed_at, @deleted_at, @deletion_date)`);
    this.secretUpdate = db.prepare(`UPDATE secrets SET description = @description, kms_key_id = @kms_key_id, type = @type,
      tags = @tags, resource_policy = @resource_policy, last_changed_at = @last_changed_at, deleted_at = @deleted_at,
      deletion_date = @deletion_date WHERE id = @id`);
    this.secretDelete = db.prepare('DELETE FROM secrets WHERE id = ?');
    this.versionInsert = db.prepare(`INSERT INTO versions (secret_id, version_id, stages, created_at, seq, last_accessed_at,
      value_type, kek_id, wrapped_key, ciphertext, kms_key_id)
      VALUES (@secret_id, @version_id, @stages, @created_at,
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE secret_id = @secret_id), @last_accessed_at,
      @value_type, @kek_id, @wrapped_key, @ciphertext, @kms_key_id)`);
    this.versionStages = db.prepare('UPDATE versions SET stages = ? WHERE secret_id = ? AND version_id = ?');
    this.versionDelete = db.prepare('DELETE FROM versions WHERE secret_id = ? AND version_id = ?');
    this.removedInsert = db.prepare('INSERT OR IGNORE INTO removed_versions (secret_id, version_id) VALUES (?, ?)');
    this.secretAccess = db.prepare('UPDATE secrets SET last_accessed_at = ? WHERE id = ? AND (last_accessed_at IS NULL OR last_accessed_at < ?)');
    this.versionAccess = db.prepare('UPDATE versions SET last_accessed_at = ? WHERE secret_id = ? AND version_id = ? AND (last_accessed_at IS NULL OR last_accessed_at < ?)');
    this.userGet = db.prepare<[string, string], UserRow>('SELECT * FROM iam_users WHERE account_id = ? AND user_name = ?');
    this.userList = db.prepare<[string], UserRow>('SELECT * FROM iam_users WHERE account_id = ? ORDER BY user_name');
    this.userInsert = db.prepare(`INSERT INTO iam_users (account_id, user_name, user_id, arn, path, created_at, tags)
      VALUES (@account_id, @user_name, @user_id, @arn, @path, @created_at, @tags)`);
    this.userUpdate = db.prepare('UPDATE iam_users SET path = @path, tags = @tags WHERE account_id = @account_id AND user_name = @user_name');
    this.userDelete = db.prepare('DELETE FROM iam_users WHERE account_id = ? AND user_name = ?');
    this.keyGet = db.prepare<[string], AccessKeyRow>('SELECT * FROM iam_access_keys WHERE access_key_id = ?');
    this.keyList = db.prepare<[string, string], AccessKeyRow>(
      'SELECT * FROM iam_access_keys WHERE account_id = ? AND user_name = ? ORDER BY created_at, access_key_id',
    );
    this.keyInsert = db.prepare(`INSERT INTO iam_access_keys (access_key_id, account_id, user_name, kek_id, wrapped_key, ciphertext,
      status, created_at, last_used_at, last_used_service, last_used_region)
      VALUES (@access_key_id, @account_id, @user_name, @kek_id, @wrapped_key, @ciphertext,
      @status, @created_at, @last_used_at, @last_used_service, @last_used_region)`);
    this.keyStatus = db.prepare('UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?');
    this.keyUse = db.prepare('UPDATE iam_access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?');
    this.keyDelete = db.prepare('DELETE FROM iam_access_keys WHERE access_key_id = ?');
    this.policyGet = db.prepare<[string, string, string], UserPolicyRow>(
      'SELECT * FROM iam_user_policies WHERE account_id = ? AND user_name = ? AND policy_name = ?',
    );
    this.policyList = db.prepare<[string, string], UserPolicyRow>('SELECT * FROM iam_user_policies WHERE account_id = ? AND user_name = ? ORDER BY policy_name');
    this.policyPut = db.prepare(`INSERT INTO iam_user_policies (account_id, user_name, policy_name, document) VALUES (?, ?, ?, ?)
      ON CONFLICT (account_id, user_name, policy_name) DO UPDATE SET document = excluded.document`);
    this.policyDelete = db.prepare('DELETE FROM iam_user_policies WHERE account_id = ? AND user_name = ? AND policy_name = ?');
    this.roleGet = db.prepare<[string, string], RoleRow>('SELECT * FROM iam_roles WHERE account_id = ? AND role_name = ?');
    this.roleList = db.prepare<[string], RoleRow>('SELECT * FROM iam_roles WHERE account_id = ? ORDER BY role_name');
    this.roleInsert = db.prepare(`INSERT INTO iam_roles (account_id, role_name, role_id, arn, path, assume_role_policy,
      max_session_duration, description, created_at, tags)
      VALUES (@account_id, @role_name, @role_id, @arn, @path, @assume_role_policy,
      @max_session_duration, @description, @created_at, @tags)`);
    this.roleUpdate = db.prepare(`UPDATE iam_roles SET assume_role_policy = @assume_role_policy,
      max_session_duration = @max_session_duration, description = @description, tags = @tags
      WHERE account_id = @account_id AND role_name = @role_name`);
    this.roleDelete = db.prepare('DELETE FROM iam_roles WHERE account_id = ? AND role_name = ?');
    this.rolePolicyGet = db.prepare<[string, string, string], RolePolicyRow>(
      'SELECT * FROM iam_role_policies WHERE account_id = ? AND role_name = ? AND policy_name = ?',
    );
    this.rolePolicyList = db.prepare<[string, string], RolePolicyRow>('SELECT * FROM iam_role_policies WHERE account_id = ? AND role_name = ? ORDER BY policy_name');
    this.rolePolicyPut = db.prepare(`INSERT INTO iam_role_policies (account_id, role_name, policy_name, document) VALUES (?, ?, ?, ?)
      ON CONFLICT (account_id, role_name, policy_name) DO UPDATE SET document = excluded.document`);
    this.rolePolicyDelete = db.prepare('DELETE FROM iam_role_policies WHERE account_id = ? AND role_name = ? AND policy_name = ?');
    this.sessionGet = db.prepare<[string], RoleSessionRow>('SELECT * FROM sts_role_sessions WHERE access_key_id = ?');
    this.sessionInsert = db.prepare(`INSERT INTO sts_role_sessions (access_key_id, account_id, role_name, session_name, kek_id,
      wrapped_key, ciphertext, session_token_hash, session_policy, policy_arns, session_tags, transitive_tag_keys,
      created_at, expires_at)
      VALUES (@access_key_id, @account_id, @role_name, @session_name, @kek_id,
      @wrapped_key, @ciphertext, @session_token_hash, @session_policy, @policy_arns, @session_tags, @transitive_tag_keys,
      @created_at, @expires_at)`);
    this.sessionsExpire = db.prepare('DELETE FROM sts_role_sessions WHERE expires_at < ?');
    this.userSessionGet = db.prepare<[string], UserSessionRow>('SELECT * FROM sts_user_sessions WHERE access_key_id = ?');
    this.userSessionInsert = db.prepare(`INSERT INTO sts_user_sessions (access_key_id, account_id, user_name, kek_id,
      wrapped_key, ciphertext, session_token_hash, created_at, expires_at)
      VALUES (@access_key_id, @account_id, @user_name, @kek_id,
      @wrapped_key, @ciphertext, @session_token_hash, @created_at, @expires_at)`);
    this.userSessionsExpire = db.prepare('DELETE FROM sts_user_sessions WHERE expires_at < ?');
    this.groupGet = db.prepare<[string, string], GroupRow>('SELECT * FROM iam_groups WHERE account_id = ? AND group_name = ?');
    this.groupList = db.prepare<[string], GroupRow>('SELECT * FROM iam_groups WHERE account_id = ? ORDER BY group_name');
    this.groupInsert = db.prepare(`INSERT INTO iam_groups (account_id, group_name, group_id, arn, path, created_at)
      VALUES (@account_id, @group_name, @group_id, @arn, @path, @created_at)`);
    this.groupDelete = db.prepare('DELETE FROM iam_groups WHERE account_id = ? AND group_name = ?');
    this.groupMemberList = db
      .prepare<[string, string], string>('SELECT user_name FROM iam_group_members WHERE account_id = ? AND group_name = ? ORDER BY user_name')
      .pluck();
    this.groupsForUser = db.prepare<[string, string], GroupRow>(`SELECT g.* FROM iam_group_members m
      JOIN iam_groups g ON g.account_id = m.account_id AND g.group_name = m.group_name
      WHERE m.account_id = ? AND m.user_name = ? ORDER BY g.group_name`);
    this.groupMemberAdd = db.prepare(`INSERT INTO iam_group_members (account_id, group_name, user_name) VALUES (?, ?, ?)
      ON CONFLICT (account_id, group_name, user_name) DO NOTHING`);
    this.groupMemberRemove = db.prepare('DELETE FROM iam_group_members WHERE account_id = ? AND group_name = ? AND user_name = ?');
    this.groupPolicyGet = db.prepare<[string, string, string], GroupPolicyRow>(
      'SELECT * FROM iam_group_policies WHERE account_id = ? AND group_name = ? AND policy_name = ?',
    );
    this.groupPolicyList = db.prepare<[string, string], GroupPolicyRow>('SELECT * FROM iam_group_policies WHERE account_id = ? AND group_name = ? ORDER BY policy_name');
    this.groupPolicyPut = db.prepare(`INSERT INTO iam_group_policies (account_id, group_name, policy_name, document) VALUES (?, ?, ?, ?)
      ON CONFLICT (account_id, group_name, policy_name) DO UPDATE SET document = excluded.document`);
    this.groupPolicyDelete = db.prepare('DELETE FROM iam_group_policies WHERE account_id = ? AND group_name = ? AND policy_name = ?');
  }

  getSecretByName(scope: Scope, name: string): SecretRecord | undefined {
    const row = this.byName.get(scope.accountId, scope.region, name);
    return row && toSecret(row);
  }

  getSecretByArn(scope: Scope, arn: string): SecretRecord | undefined {
    const row = this.byArn.get(scope.accountId, scope.region, arn);
    return row && toSecret(row);
  }

  getVersions(secretId: string): VersionRecord[] {
    return this.versions.all(secretId).map(toVersion);
  }

  getLabelledVersions(secretId: string): VersionRecord[] {
    return this.labelledVersions.all(secretId).map(toVersion);
  }

  getVersion(secretId: string, versionId: string): VersionRecord | undefined {
    const row = this.oneVersion.get(secretId, versionId);
    return row && toVersion(row);
  }

  findExpiredVersions(secretId: string, keepNewest: number, createdBefore: number): string[] {
    return this.expiredVersions.all({ id: secretId, keep: keepNewest, before: createdBefore });
  }

  wasVersionRemoved(secretId: string, versionId: string): boolean {
    return this.removed.get(secretId, versionId) !== undefined;
  }

  scanSecrets(scope: Scope, query: ScanQuery): SecretRecord[] {
    const column = SORT_COLUMNS[query.sortBy];
    const direction = query.descending ? 'DESC' : 'ASC';
    const comparison = query.descending ? '<' : '>';
    const key = `${query.sortBy}|${direction}|${query.includeDeleted}|${query.after ? 1 : 0}`;
    let statement = this.scans.get(key);
    if (!statement) {
      const where = ['account_id = @account', 'region = @region'];
      if (!query.includeDeleted) where.push('deleted_at IS NULL');
      if (query.after) where.push(`(${column} ${comparison} @afterValue OR (${column} = @afterValue AND id ${comparison} @afterId))`);
      statement = this.db.prepare(`SELECT * FROM secrets WHERE ${where.join(' AND ')} ORDER BY ${column} ${direction}, id ${direction} LIMIT @limit`);
      this.scans.set(key, statement);
    }
    const params: Record<string, unknown> = { account: scope.accountId, region: scope.region, limit: query.limit };
    if (query.after) {
      params.afterValue = query.after.value;
      params.afterId = query.after.id;
    }
    return (statement.all(params) as SecretRow[]).map(toSecret);
  }

  secretsDueForPurge(now: number, limit: number): SecretRecord[] {
    return this.due.all(now, limit).map(toSecret);
  }

  getMeta(key: string): Buffer | undefined {
    return this.metaGet.get(key)?.value;
  }

  setMeta(key: string, value: Buffer): void {
    this.metaSet.run(key, value);
  }

  insertSecret(secret: SecretRecord): void {
    this.secretInsert.run(fromSecret(secret));
  }

  updateSecret(secret: SecretRecord): void {
    this.secretUpdate.run(fromSecret(secret));
  }

  deleteSecret(secretId: string): void {
    this.secretDelete.run(secretId);
  }

  insertVersion(v: VersionRecord): void {
    this.versionInsert.run({
      secret_id: v.secretId,
      version_id: v.versionId,
      stages: JSON.stringify(v.stages),
      created_at: v.createdAt,
      last_accessed_at: v.lastAccessedAt ?? null,
      value_type: v.valueType,
      kek_id: v.sealed.kekId,
      wrapped_key: v.sealed.wrappedKey,
      ciphertext: v.sealed.ciphertext,
      kms_key_id: v.kmsKeyId ?? null,
    });
  }

  setVersionStages(secretId: string, versionId: string, stages: string[]): void {
    this.versionStages.run(JSON.stringify(stages), secretId, versionId);
  }

  removeVersions(secretId: string, versionIds: string[]): void {
    for (const versionId of versionIds) {
      this.versionDelete.run(secretId, versionId);
      this.removedInsert.run(secretId, versionId);
    }
  }

  recordAccess(secretId: string, versionId: string, day: number): void {
    this.secretAccess.run(day, secretId, day);
    this.versionAccess.run(day, secretId, versionId, day);
  }

  getUser(accountId: string, userName: string): IamUserRecord | undefined {
    const row = this.userGet.get(accountId, userName);
    return row && toUser(row);
  }

  listUsers(accountId: string): IamUserRecord[] {
    return this.userList.all(accountId).map(toUser);
  }

  insertUser(user: IamUserRecord): void {
    this.userInsert.run(fromUser(user));
  }

  updateUser(user: IamUserRecord): void {
    this.userUpdate.run(fromUser(user));
  }

  deleteUser(accountId: string, userName: string): void {
    this.userDelete.run(accountId, userName);
  }

  getAccessKey(accessKeyId: string): AccessKeyRecord | undefined {
    const row = this.keyGet.get(accessKeyId);
    return row && toAccessKey(row);
  }

  listAccessKeys(accountId: string, userName: string): AccessKeyRecord[] {
    return this.keyList.all(accountId, userName).map(toAccessKey);
  }

  insertAccessKey(k: AccessKeyRecord): void {
    this.keyInsert.run({
      access_key_id: k.accessKeyId,
      account_id: k.accountId,
      user_name: k.userName,
      kek_id: k.sealedSecret.kekId,
      wrapped_key: k.sealedSecret.wrappedKey,
      ciphertext: k.sealedSecret.ciphertext,
      status: k.status,
      created_at: k.createdAt,
      last_used_at: k.lastUsedAt ?? null,
      last_used_service: k.lastUsedService ?? null,
      last_used_region: k.lastUsedRegion ?? null,
    });
  }

  setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): void {
    this.keyStatus.run(status, accessKeyId);
  }

  recordAccessKeyUse(accessKeyId: string, at: number, service: string, region: string): void {
    this.keyUse.run(at, service, region, accessKeyId);
  }

  deleteAccessKey(accessKeyId: string): void {
    this.keyDelete.run(accessKeyId);
  }

  getUserPolicy(accountId: string, userName: string, policyName: string): UserPolicyRecord | undefined {
    const row = this.policyGet.get(accountId, userName, policyName);
    return row && toUserPolicy(row);
  }

  listUserPolicies(accountId: string, userName: string): UserPolicyRecord[] {
    return this.policyList.all(accountId, userName).map(toUserPolicy);
  }

  putUserPolicy(p: UserPolicyRecord): void {
    this.policyPut.run(p.accountId, p.userName, p.policyName, p.document);
  }

  deleteUserPolicy(accountId: string, userName: string, policyName: string): void {
    this.policyDelete.run(accountId, userName, policyName);
  }

  getRole(accountId: string, roleName: string): IamRoleRecord | undefined {
    const row = this.roleGet.get(accountId, roleName);
    return row && toRole(row);
  }

  listRoles(accountId: string): IamRoleRecord[] {
    return this.roleList.all(accountId).map(toRole);
  }

  insertRole(role: IamRoleRecord): void {
    this.roleInsert.run(fromRole(role));
  }

  updateRole(role: IamRoleRecord): void {
    this.roleUpdate.run(fromRole(role));
  }

  deleteRole(accountId: string, roleName: string): void {
    this.roleDelete.run(accountId, roleName);
  }

  getRolePolicy(accountId: string, roleName: string, policyName: string): RolePolicyRecord | undefined {
    const row = this.rolePolicyGet.get(accountId, roleName, policyName);
    return row && toRolePolicy(row);
  }

  listRolePolicies(accountId: string, roleName: string): RolePolicyRecord[] {
    return this.rolePolicyList.all(accountId, roleName).map(toRolePolicy);
  }

  putRolePolicy(p: RolePolicyRecord): void {
    this.rolePolicyPut.run(p.accountId, p.roleName, p.policyName, p.document);
  }

  deleteRolePolicy(accountId: string, roleName: string, policyName: string): void {
    this.rolePolicyDelete.run(accountId, roleName, policyName);
  }

  getRoleSession(accessKeyId: string): RoleSessionRecord | undefined {
    const row = this.sessionGet.get(accessKeyId);
    return row && toRoleSession(row);
  }

  insertRoleSession(r: RoleSessionRecord): void {
    this.sessionInsert.run({
      access_key_id: r.accessKeyId,
      account_id: r.accountId,
      role_name: r.roleName,
      session_name: r.sessionName,
      kek_id: r.sealedSecret.kekId,
      wrapped_key: r.sealedSecret.wrappedKey,
      ciphertext: r.sealedSecret.ciphertext,
      session_token_hash: r.sessionTokenHash,
      session_policy: r.sessionPolicy ?? null,
      policy_arns: r.policyArns === undefined ? null : JSON.stringify(r.policyArns),
      session_tags: r.sessionTags === undefined ? null : JSON.stringify(r.sessionTags),
      transitive_tag_keys: r.transitiveTagKeys === undefined ? null : JSON.stringify(r.transitiveTagKeys),
      created_at: r.createdAt,
      expires_at: r.expiresAt,
    });
  }

  getUserSession(accessKeyId: string): UserSessionRecord | undefined {
    const row = this.userSessionGet.get(accessKeyId);
    return row && toUserSession(row);
  }

  insertUserSession(r: UserSessionRecord): void {
    this.userSessionInsert.run({
      access_key_id: r.accessKeyId,
      account_id: r.accountId,
      user_name: r.userName ?? null,
      kek_id: r.sealedSecret.kekId,
      wrapped_key: r.sealedSecret.wrappedKey,
      ciphertext: r.sealedSecret.ciphertext,
      session_token_hash: r.sessionTokenHash,
      created_at: r.createdAt,
      expires_at: r.expiresAt,
    });
  }

  deleteExpiredRoleSessions(now: number): number {
    return this.sessionsExpire.run(now).changes + this.userSessionsExpire.run(now).changes;
  }

  getGroup(accountId: string, groupName: string): IamGroupRecord | undefined {
    const row = this.groupGet.get(accountId, groupName);
    return row && toGroup(row);
  }

  listGroups(accountId: string): IamGroupRecord[] {
    return this.groupList.all(accountId).map(toGroup);
  }

  listGroupMembers(accountId: string, groupName: string): string[] {
    return this.groupMemberList.all(accountId, groupName);
  }

  listGroupsForUser(accountId: string, userName: string): IamGroupRecord[] {
    return this.groupsForUser.all(accountId, userName).map(toGroup);
  }

  insertGroup(group: IamGroupRecord): void {
    this.groupInsert.run(fromGroup(group));
  }

  deleteGroup(accountId: string, groupName: string): void {
    this.groupDelete.run(accountId, groupName);
  }

  addUserToGroup(accountId: string, groupName: string, userName: string): void {
    this.groupMemberAdd.run(accountId, groupName, userName);
  }

  removeUserFromGroup(accountId: string, groupName: string, userName: string): void {
    this.groupMemberRemove.run(accountId, groupName, userName);
  }

  getGroupPolicy(accountId: string, groupName: string, policyName: string): GroupPolicyRecord | undefined {
    const row = this.groupPolicyGet.get(accountId, groupName, policyName);
    return row && toGroupPolicy(row);
  }

  listGroupPolicies(accountId: string, groupName: string): GroupPolicyRecord[] {
    return this.groupPolicyList.all(accountId, groupName).map(toGroupPolicy);
  }

  putGroupPolicy(p: GroupPolicyRecord): void {
    this.groupPolicyPut.run(p.accountId, p.groupName, p.policyName, p.document);
  }

  deleteGroupPolicy(accountId: string, groupName: string, policyName: string): void {
    this.groupPolicyDelete.run(accountId, groupName, policyName);
  }
}

function toGroup(row: GroupRow): IamGroupRecord {
  return {
    accountId: row.account_id,
    groupName: row.group_name,
    groupId: row.group_id,
    arn: row.arn,
    path: row.path,
    createdAt: row.created_at,
  };
}

function fromGroup(g: IamGroupRecord): Record<string, unknown> {
  return {
    account_id: g.accountId,
    group_name: g.groupName,
    group_id: g.groupId,
    arn: g.arn,
    path: g.path,
    created_at: g.createdAt,
  };
}

function toGroupPolicy(row: GroupPolicyRow): GroupPolicyRecord {
  return { accountId: row.account_id, groupName: row.group_name, policyName: row.policy_name, document: row.document };
}

function toRole(row: RoleRow): IamRoleRecord {
  const role: IamRoleRecord = {
    accountId: row.account_id,
    roleName: row.role_name,
    roleId: row.role_id,
    arn: row.arn,
    path: row.path,
    assumeRolePolicy: row.assume_role_policy,
    maxSessionDuration: row.max_session_duration,
    createdAt: row.created_at,
  };
  if (row.description !== null) role.description = row.description;
  if (row.tags !== null) role.tags = JSON.parse(row.tags) as Tag[];
  return role;
}

function fromRole(r: IamRoleRecord): Record<string, unknown> {
  return {
    account_id: r.accountId,
    role_name: r.roleName,
    role_id: r.roleId,
    arn: r.arn,
    path: r.path,
    assume_role_policy: r.assumeRolePolicy,
    max_session_duration: r.maxSessionDuration,
    description: r.description ?? null,
    created_at: r.createdAt,
    tags: r.tags === undefined ? null : JSON.stringify(r.tags),
  };
}

function toRolePolicy(row: RolePolicyRow): RolePolicyRecord {
  return { accountId: row.account_id, roleName: row.role_name, policyName: row.policy_name, document: row.document };
}

function toRoleSession(row: RoleSessionRow): RoleSessionRecord {
  const session: RoleSessionRecord = {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    roleName: row.role_name,
    sessionName: row.session_name,
    sealedSecret: { kekId: row.kek_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext },
    sessionTokenHash: row.session_token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
  if (row.session_policy !== null) session.sessionPolicy = row.session_policy;
  if (row.policy_arns !== null) session.policyArns = JSON.parse(row.policy_arns) as string[];
  if (row.session_tags !== null) session.sessionTags = JSON.parse(row.session_tags) as Tag[];
  if (row.transitive_tag_keys !== null) session.transitiveTagKeys = JSON.parse(row.transitive_tag_keys) as string[];
  return session;
}

function toUserSession(row: UserSessionRow): UserSessionRecord {
  const session: UserSessionRecord = {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    sealedSecret: { kekId: row.kek_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext },
    sessionTokenHash: row.session_token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
  if (row.user_name !== null) session.userName = row.user_name;
  return session;
}

function toUser(row: UserRow): IamUserRecord {
  const user: IamUserRecord = {
    accountId: row.account_id,
    userName: row.user_name,
    userId: row.user_id,
    arn: row.arn,
    path: row.path,
    createdAt: row.created_at,
  };
  if (row.tags !== null) user.tags = JSON.parse(row.tags) as Tag[];
  return user;
}

function fromUser(u: IamUserRecord): Record<string, unknown> {
  return {
    account_id: u.accountId,
    user_name: u.userName,
    user_id: u.userId,
    arn: u.arn,
    path: u.path,
    created_at: u.createdAt,
    tags: u.tags === undefined ? null : JSON.stringify(u.tags),
  };
}

function toAccessKey(row: AccessKeyRow): AccessKeyRecord {
  const key: AccessKeyRecord = {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    userName: row.user_name,
    sealedSecret: { kekId: row.kek_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext },
    status: row.status,
    createdAt: row.created_at,
  };
  if (row.last_used_at !== null) key.lastUsedAt = row.last_used_at;
  if (row.last_used_service !== null) key.lastUsedService = row.last_used_service;
  if (row.last_used_region !== null) key.lastUsedRegion = row.last_used_region;
  return key;
}

function toUserPolicy(row: UserPolicyRow): UserPolicyRecord {
  return { accountId: row.account_id, userName: row.user_name, policyName: row.policy_name, document: row.document };
}

function toSecret(row: SecretRow): SecretRecord {
  const secret: SecretRecord = {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    arn: row.arn,
    createdAt: row.created_at,
    lastChangedAt: row.last_changed_at,
  };
  if (row.description !== null) secret.description = row.description;
  if (row.kms_key_id !== null) secret.kmsKeyId = row.kms_key_id;
  if (row.type !== null) secret.type = row.type;
  if (row.tags !== null) secret.tags = JSON.parse(row.tags) as SecretRecord['tags'];
  if (row.resource_policy !== null) secret.resourcePolicy = row.resource_policy;
  if (row.last_accessed_at !== null) secret.lastAccessedAt = row.last_accessed_at;
  if (row.deleted_at !== null) secret.deletedAt = row.deleted_at;
  if (row.deletion_date !== null) secret.deletionDate = row.deletion_date;
  return secret;
}

function fromSecret(s: SecretRecord): Record<string, unknown> {
  return {
    id: s.id,
    account_id: s.accountId,
    region: s.region,
    name: s.name,
    arn: s.arn,
    description: s.description ?? null,
    kms_key_id: s.kmsKeyId ?? null,
    type: s.type ?? null,
    tags: s.tags === undefined ? null : JSON.stringify(s.tags),
    resource_policy: s.resourcePolicy ?? null,
    created_at: s.createdAt,
    last_changed_at: s.lastChangedAt,
    last_accessed_at: s.lastAccessedAt ?? null,
    deleted_at: s.deletedAt ?? null,
    deletion_date: s.deletionDate ?? null,
  };
}

function toVersion(row: VersionRow): VersionRecord {
  const version: VersionRecord = {
    secretId: row.secret_id,
    versionId: row.version_id,
    stages: JSON.parse(row.stages) as string[],
    createdAt: row.created_at,
    valueType: row.value_type,
    sealed: { kekId: row.kek_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext },
  };
  if (row.last_accessed_at !== null) version.lastAccessedAt = row.last_accessed_at;
  if (row.kms_key_id !== null) version.kmsKeyId = row.kms_key_id;
  return version;
}
