/**
 * The embedded default backend: SQLite through better-sqlite3, WAL mode, synchronous=FULL (every commit is fsync'd
 * before it is acknowledged). One writer connection serializes transactions; a second connection serves reads from
 * the last committed snapshot, so a reader never sees a half-done transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
  StoreReader,
  StoreWriter,
  AuditDigestRecord,
  AuditEventRecord,
  AuditQuery,
  AuditReader,
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
} from '../store.js';
import { GroupCommitter } from './group-commit.js';
import { AuditThread } from './audit-thread-client.js';
import { AuditIndexer } from './audit-indexer-client.js';
import { foreignIndexReset } from './audit-index-identity.js';
import { AuditLookupQuery, INDEX_SCHEMA } from './audit-lookup-query.js';
import { AUDIT_INDEX_MIGRATIONS, AUDIT_MIGRATIONS, MIGRATIONS } from './migrations.js';
import { AuditStatements } from './audit-statements.js';
import { KmsStatements } from './kms-statements.js';
import { ManagedPolicyStatements } from './managed-policy-statements.js';
import { SqliteStatements } from './statements.js';

export interface SqliteStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  path: string;
  /** Path of the audit trail's database. Default: `audit.db` beside `path`. */
  auditPath?: string;
}

/** The audit database's file for a store at `path`. */
export function auditPathFor(path: string): string {
  return join(dirname(path), 'audit.db');
}

/** The lookup index's file for the audit database at `auditPath` (derived data, rebuilt when missing). */
export function auditIndexPathFor(auditPath: string): string {
  return join(dirname(auditPath), `${basename(auditPath, '.db')}-index.db`);
}

/** Reads through one connection's statements. */
class SqliteReader implements StoreReader {
  protected readonly policies: ManagedPolicyStatements;
  protected readonly kms: KmsStatements;
  constructor(protected readonly statements: SqliteStatements) {
    this.policies = statements.managedPolicies;
    this.kms = statements.kms;
  }
  async getSecretByName(scope: Scope, name: string) {
    return this.statements.getSecretByName(scope, name);
  }
  async getSecretByArn(scope: Scope, arn: string) {
    return this.statements.getSecretByArn(scope, arn);
  }
  async getVersions(secretId: string) {
    return this.statements.getVersions(secretId);
  }
  async getLabelledVersions(secretId: string) {
    return this.statements.getLabelledVersions(secretId);
  }
  async getVersion(secretId: string, versionId: string) {
    return this.statements.getVersion(secretId, versionId);
  }
  async findExpiredVersions(secretId: string, keepNewest: number, createdBefore: number) {
    return this.statements.findExpiredVersions(secretId, keepNewest, createdBefore);
  }
  async wasVersionRemoved(secretId: string, versionId: string) {
    return this.statements.wasVersionRemoved(secretId, versionId);
  }
  async scanSecrets(scope: Scope, query: ScanQuery) {
    return this.statements.scanSecrets(scope, query);
  }
  async secretsDueForPurge(now: number, limit: number) {
    return this.statements.secretsDueForPurge(now, limit);
  }
  async getMeta(key: string) {
    return this.statements.getMeta(key);
  }
  async getUser(accountId: string, userName: string) {
    return this.statements.getUser(accountId, userName);
  }
  async listUsers(accountId: string) {
    return this.statements.listUsers(accountId);
  }
  async getAccessKey(accessKeyId: string) {
    return this.statements.getAccessKey(accessKeyId);
  }
  async listAccessKeys(accountId: string, userName: string) {
    return this.statements.listAccessKeys(accountId, userName);
  }
  async getUserPolicy(accountId: string, userName: string, policyName: string) {
    return this.statements.getUserPolicy(accountId, userName, policyName);
  }
  async listUserPolicies(accountId: string, userName: string) {
    return this.statements.listUserPolicies(accountId, userName);
  }
  async getRole(accountId: string, roleName: string) {
    return this.statements.getRole(accountId, roleName);
  }
  async listRoles(accountId: string) {
    return this.statements.listRoles(accountId);
  }
  async getRolePolicy(accountId: string, roleName: string, policyName: string) {
    return this.statements.getRolePolicy(accountId, roleName, policyName);
  }
  async listRolePolicies(accountId: string, roleName: string) {
    return this.statements.listRolePolicies(accountId, roleName);
  }
  async getRoleSession(accessKeyId: string) {
    return this.statements.getRoleSession(accessKeyId);
  }
  async getGroup(accountId: string, groupName: string) {
    return this.statements.getGroup(accountId, groupName);
  }
  async listGroups(accountId: string) {
    return this.statements.listGroups(accountId);
  }
  async listGroupMembers(accountId: string, groupName: string) {
    return this.statements.listGroupMembers(accountId, groupName);
  }
  async listGroupsForUser(accountId: string, userName: string) {
    return this.statements.listGroupsForUser(accountId, userName);
  }
  async getGroupPolicy(accountId: string, groupName: string, policyName: string) {
    return this.statements.getGroupPolicy(accountId, groupName, policyName);
  }
  async listGroupPolicies(accountId: string, groupName: string) {
    return this.statements.listGroupPolicies(accountId, groupName);
  }
  async getUserSession(accessKeyId: string) {
    return this.statements.getUserSession(accessKeyId);
  }
  async getManagedPolicy(policyArn: string) {
    return this.policies.getManagedPolicy(policyArn);
  }
  async listManagedPolicies(accountId: string) {
    return this.policies.listManagedPolicies(accountId);
  }
  async getPolicyVersion(policyArn: string, versionId: string) {
    return this.policies.getPolicyVersion(policyArn, versionId);
  }
  async listPolicyVersions(policyArn: string) {
    return this.policies.listPolicyVersions(policyArn);
  }
  async listAttachedPolicies(accountId: string, entityType: PolicyEntityType, entityName: string) {
    return this.policies.listAttachedPolicies(accountId, entityType, entityName);
  }
  async listPolicyAttachments(policyArn: string) {
    return this.policies.listPolicyAttachments(policyArn);
  }
  async getKmsKey(keyId: string) {
    return this.kms.getKmsKey(keyId);
  }
  async listKmsKeys(scope: Scope) {
    return this.kms.listKmsKeys(scope);
  }
  async kmsKeysDueForDeletion(now: number, limit: number) {
    return this.kms.kmsKeysDueForDeletion(now, limit);
  }
  async kmsKeysDueForRotation(now: number, limit: number) {
    return this.kms.kmsKeysDueForRotation(now, limit);
  }
  async getKmsKeyMaterial(keyId: string, version: number) {
    return this.kms.getKmsKeyMaterial(keyId, version);
  }
  async listKmsKeyMaterials(keyId: string) {
    return this.kms.listKmsKeyMaterials(keyId);
  }
  async getKmsAlias(scope: Scope, aliasName: string) {
    return this.kms.getKmsAlias(scope, aliasName);
  }
  async listKmsAliases(scope: Scope) {
    return this.kms.listKmsAliases(scope);
  }
}

/** Reads of the audit database (writes go through its thread: see audit-thread.ts). */
class SqliteAuditReader implements AuditReader {
  constructor(
    private readonly audit: AuditStatements,
    private readonly lookup: AuditLookupQuery,
  ) {}
  async lookupAuditEvents(query: AuditQuery) {
    return this.lookup.lookup(query);
  }
  async auditEventsAfter(region: string, afterSeq: number, limit: number) {
    return this.audit.auditEventsAfter(region, afterSeq, limit);
  }
  async auditEventSpan(region: string, afterSeq: number) {
    return this.audit.auditEventSpan(region, afterSeq);
  }
  async prunableAuditSpan(region: string, afterSeq: number, time: number) {
    return this.audit.prunableAuditSpan(region, afterSeq, time);
  }
  async auditRegions() {
    return this.audit.auditRegions();
  }
  async listAuditDigests(region: string) {
    return this.audit.listAuditDigests(region);
  }
}

class SqliteWriter extends SqliteReader implements StoreWriter {
  async insertSecret(secret: SecretRecord) {
    this.statements.insertSecret(secret);
  }
  async updateSecret(secret: SecretRecord) {
    this.statements.updateSecret(secret);
  }
  async deleteSecret(secretId: string) {
    this.statements.deleteSecret(secretId);
  }
  async insertVersion(version: VersionRecord) {
    this.statements.insertVersion(version);
  }
  async setVersionStages(secretId: string, versionId: string, stages: string[]) {
    this.statements.setVersionStages(secretId, versionId, stages);
  }
  async removeVersions(secretId: string, versionIds: string[]) {
    this.statements.removeVersions(secretId, versionIds);
  }
  async setMeta(key: string, value: Buffer) {
    this.statements.setMeta(key, value);
  }
  async insertUser(user: IamUserRecord) {
    this.statements.insertUser(user);
  }
  async updateUser(user: IamUserRecord) {
    this.statements.updateUser(user);
  }
  async deleteUser(accountId: string, userName: string) {
    this.statements.deleteUser(accountId, userName);
  }
  async insertAccessKey(key: AccessKeyRecord) {
    this.statements.insertAccessKey(key);
  }
  async setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive') {
    this.statements.setAccessKeyStatus(accessKeyId, status);
  }
  async recordAccessKeyUse(accessKeyId: string, at: number, service: string, region: string) {
    this.statements.recordAccessKeyUse(accessKeyId, at, service, region);
  }
  async deleteAccessKey(accessKeyId: string) {
    this.statements.deleteAccessKey(accessKeyId);
  }
  async putUserPolicy(policy: UserPolicyRecord) {
    this.statements.putUserPolicy(policy);
  }
  async deleteUserPolicy(accountId: string, userName: string, policyName: string) {
    this.statements.deleteUserPolicy(accountId, userName, policyName);
  }
  async insertRole(role: IamRoleRecord) {
    this.statements.insertRole(role);
  }
  async updateRole(role: IamRoleRecord) {
    this.statements.updateRole(role);
  }
  async deleteRole(accountId: string, roleName: string) {
    this.statements.deleteRole(accountId, roleName);
  }
  async putRolePolicy(policy: RolePolicyRecord) {
    this.statements.putRolePolicy(policy);
  }
  async deleteRolePolicy(accountId: string, roleName: string, policyName: string) {
    this.statements.deleteRolePolicy(accountId, roleName, policyName);
  }
  async insertRoleSession(session: RoleSessionRecord) {
    this.statements.insertRoleSession(session);
  }
  async deleteExpiredRoleSessions(now: number) {
    return this.statements.deleteExpiredRoleSessions(now);
  }
  async insertGroup(group: IamGroupRecord) {
    this.statements.insertGroup(group);
  }
  async deleteGroup(accountId: string, groupName: string) {
    this.statements.deleteGroup(accountId, groupName);
  }
  async addUserToGroup(accountId: string, groupName: string, userName: string) {
    this.statements.addUserToGroup(accountId, groupName, userName);
  }
  async removeUserFromGroup(accountId: string, groupName: string, userName: string) {
    this.statements.removeUserFromGroup(accountId, groupName, userName);
  }
  async putGroupPolicy(policy: GroupPolicyRecord) {
    this.statements.putGroupPolicy(policy);
  }
  async deleteGroupPolicy(accountId: string, groupName: string, policyName: string) {
    this.statements.deleteGroupPolicy(accountId, groupName, policyName);
  }
  async insertUserSession(session: UserSessionRecord) {
    this.statements.insertUserSession(session);
  }
  async insertManagedPolicy(policy: ManagedPolicyRecord) {
    this.policies.insertManagedPolicy(policy);
  }
  async updateManagedPolicy(policy: ManagedPolicyRecord) {
    this.policies.updateManagedPolicy(policy);
  }
  async deleteManagedPolicy(policyArn: string) {
    this.policies.deleteManagedPolicy(policyArn);
  }
  async insertPolicyVersion(version: PolicyVersionRecord) {
    this.policies.insertPolicyVersion(version);
  }
  async deletePolicyVersion(policyArn: string, versionId: string) {
    this.policies.deletePolicyVersion(policyArn, versionId);
  }
  async attachPolicy(attachment: PolicyAttachmentRecord) {
    this.policies.attachPolicy(attachment);
  }
  async detachPolicy(attachment: PolicyAttachmentRecord) {
    this.policies.detachPolicy(attachment);
  }
  async insertKmsKey(key: KmsKeyRecord) {
    this.kms.insertKmsKey(key);
  }
  async updateKmsKey(key: KmsKeyRecord) {
    this.kms.updateKmsKey(key);
  }
  async deleteKmsKey(keyId: string) {
    this.kms.deleteKmsKey(keyId);
  }
  async insertKmsKeyMaterial(material: KmsKeyMaterialRecord) {
    this.kms.insertKmsKeyMaterial(material);
  }
  async putKmsAlias(alias: KmsAliasRecord) {
    this.kms.putKmsAlias(alias);
  }
  async deleteKmsAlias(scope: Scope, aliasName: string) {
    this.kms.deleteKmsAlias(scope, aliasName);
  }
}

export class SqliteStore extends SqliteReader implements Store {
  private readonly writerDb: Database.Database;
  private readonly readerDb: Database.Database;
  private readonly writer: SqliteWriter;
  private readonly writeStatements: SqliteStatements;
  private readonly committer: GroupCommitter<StoreWriter>;
  private readonly dataVersion: Database.Statement;
  private readonly audit: { readerDb: Database.Database; reader: SqliteAuditReader; thread: AuditThread; indexer: AuditIndexer };
  private closed = false;

  static open(options: SqliteStoreOptions): SqliteStore {
    mkdirSync(dirname(options.path), { recursive: true });
    const writerDb = openMigrated(options.path, MIGRATIONS);
    const auditPath = options.auditPath ?? auditPathFor(options.path);
    const indexPath = auditIndexPathFor(auditPath);
    try {
      const trail = openMigrated(auditPath, AUDIT_MIGRATIONS);
      try {
        const index = openMigrated(indexPath, AUDIT_INDEX_MIGRATIONS);
        try {
          foreignIndexReset(index, trail)();
        } finally {
          index.close();
        }
      } finally {
        trail.close();
      }
    } catch (error) {
      writerDb.close();
      throw error;
    }
    const readerDb = new Database(options.path);
    configure(readerDb);
    const auditReaderDb = new Database(auditPath);
    configure(auditReaderDb);
    auditReaderDb.prepare(`ATTACH DATABASE ? AS ${INDEX_SCHEMA}`).run(indexPath);
    return new SqliteStore(writerDb, readerDb, auditReaderDb, new AuditThread(auditPath), new AuditIndexer(auditPath, indexPath));
  }

  private constructor(
    writerDb: Database.Database,
    readerDb: Database.Database,
    auditReaderDb: Database.Database,
    auditThread: AuditThread,
    auditIndexer: AuditIndexer,
  ) {
    const writeStatements = new SqliteStatements(writerDb);
    super(new SqliteStatements(readerDb));
    this.writerDb = writerDb;
    this.readerDb = readerDb;
    this.writer = new SqliteWriter(writeStatements);
    this.writeStatements = writeStatements;
    this.committer = new GroupCommitter<StoreWriter>(writerDb, this.writer);
    this.dataVersion = readerDb.prepare('PRAGMA data_version').pluck();
    this.audit = {
      readerDb: auditReaderDb,
      reader: new SqliteAuditReader(new AuditStatements(auditReaderDb), new AuditLookupQuery(auditReaderDb)),
      thread: auditThread,
      indexer: auditIndexer,
    };
  }

  appendAuditEvents(events: readonly NewAuditEvent[]) {
    return this.audit.thread.append(events);
  }
  auditIndexFailure() {
    return this.audit.indexer.failure;
  }
  insertAuditDigest(digest: AuditDigestRecord) {
    return this.audit.thread.digest(digest);
  }
  pruneAuditEvents(region: string, throughSeq: number, digest: AuditDigestRecord) {
    return this.audit.thread.prune(region, throughSeq, digest);
  }
  lookupAuditEvents(query: AuditQuery) {
    return this.audit.reader.lookupAuditEvents(query);
  }
  /** Resolves once every event appended so far is in the lookup index (lookups see unindexed events anyway). */
  auditIndexCaughtUp(): Promise<void> {
    return this.audit.indexer.catchUp();
  }
  auditEventsAfter(region: string, afterSeq: number, limit: number) {
    return this.audit.reader.auditEventsAfter(region, afterSeq, limit);
  }
  auditEventSpan(region: string, afterSeq: number) {
    return this.audit.reader.auditEventSpan(region, afterSeq);
  }
  prunableAuditSpan(region: string, afterSeq: number, time: number) {
    return this.audit.reader.prunableAuditSpan(region, afterSeq, time);
  }
  auditRegions() {
    return this.audit.reader.auditRegions();
  }
  listAuditDigests(region: string) {
    return this.audit.reader.listAuditDigests(region);
  }

  transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    return this.committer.run(fn);
  }

  changeMarker(): number {
    return this.dataVersion.get() as number;
  }

  recordAccess(secretId: string, versionId: string, day: number): Promise<void> {
    return this.transaction(async () => {
      this.writeStatements.recordAccess(secretId, versionId, day);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.committer.close();
    await this.audit.thread.close();
    await this.audit.indexer.close();
    this.readerDb.close();
    this.writerDb.close();
    this.audit.readerDb.close();
  }
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/** Opens the writer connection of a database and brings its schema up to date. */
function openMigrated(path: string, migrations: readonly string[]): Database.Database {
  const db = new Database(path);
  try {
    refuseNewerSchema(db, migrations);
    configure(db);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function refuseNewerSchema(db: Database.Database, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database ${db.name} schema version ${current} is newer than this Coffer (${migrations.length}); upgrade Coffer`);
  }
}

function migrate(db: Database.Database, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
