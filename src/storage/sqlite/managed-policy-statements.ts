/** Prepared statements and row mapping for managed policies, their versions and attachments (one connection). */
import type Database from 'better-sqlite3';
import type { ManagedPolicyRecord, PolicyAttachmentRecord, PolicyEntityType, PolicyVersionRecord, Tag } from '../store.js';

interface PolicyRow {
  arn: string;
  account_id: string;
  policy_name: string;
  policy_id: string;
  path: string;
  description: string | null;
  default_version_id: string;
  next_version: number;
  tags: string | null;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  policy_arn: string;
  version_id: string;
  document: string;
  created_at: number;
}

interface AttachmentRow {
  account_id: string;
  entity_type: PolicyEntityType;
  entity_name: string;
  policy_arn: string;
}

export class ManagedPolicyStatements {
  private readonly policyGet;
  private readonly policyList;
  private readonly policyInsert;
  private readonly policyUpdate;
  private readonly policyDelete;
  private readonly versionGet;
  private readonly versionList;
  private readonly versionInsert;
  private readonly versionDelete;
  private readonly versionsDelete;
  private readonly attachedList;
  private readonly attachmentList;
  private readonly attach;
  private readonly detach;

  constructor(db: Database.Database) {
    this.policyGet = db.prepare<[string], PolicyRow>('SELECT * FROM iam_managed_policies WHERE arn = ?');
    this.policyList = db.prepare<[string], PolicyRow>('SELECT * FROM iam_managed_policies WHERE account_id = ? ORDER BY policy_name');
    this.policyInsert = db.prepare(`INSERT INTO iam_managed_policies (arn, account_id, policy_name, policy_id, path, description,
      default_version_id, next_version, tags, created_at, updated_at)
      VALUES (@arn, @account_id, @policy_name, @policy_id, @path, @description,
      @default_version_id, @next_version, @tags, @created_at, @updated_at)`);
    this.policyUpdate = db.prepare(`UPDATE iam_managed_policies SET description = @description, default_version_id = @default_version_id,
      next_version = @next_version, tags = @tags, updated_at = @updated_at WHERE arn = @arn`);
    this.policyDelete = db.prepare('DELETE FROM iam_managed_policies WHERE arn = ?');
    this.versionGet = db.prepare<[string, string], VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?');
    this.versionList = db.prepare<[string], VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_arn = ? ORDER BY seq');
    this.versionInsert = db.prepare(`INSERT INTO iam_policy_versions (policy_arn, version_id, document, created_at, seq)
      VALUES (@policy_arn, @version_id, @document, @created_at,
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM iam_policy_versions WHERE policy_arn = @policy_arn))`);
    this.versionDelete = db.prepare('DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?');
    this.versionsDelete = db.prepare('DELETE FROM iam_policy_versions WHERE policy_arn = ?');
    this.attachedList = db
      .prepare<[string, string, string], string>(
        'SELECT policy_arn FROM iam_policy_attachments WHERE account_id = ? AND entity_type = ? AND entity_name = ? ORDER BY policy_arn',
      )
      .pluck();
    this.attachmentList = db.prepare<[string], AttachmentRow>(
      'SELECT * FROM iam_policy_attachments WHERE policy_arn = ? ORDER BY account_id, entity_type, entity_name',
    );
    this.attach = db.prepare(`INSERT INTO iam_policy_attachments (account_id, entity_type, entity_name, policy_arn)
      VALUES (@account_id, @entity_type, @entity_name, @policy_arn) ON CONFLICT DO NOTHING`);
    this.detach = db.prepare(`DELETE FROM iam_policy_attachments
      WHERE account_id = @account_id AND entity_type = @entity_type AND entity_name = @entity_name AND policy_arn = @policy_arn`);
  }

  getManagedPolicy(policyArn: string): ManagedPolicyRecord | undefined {
    const row = this.policyGet.get(policyArn);
    return row && toPolicy(row);
  }

  listManagedPolicies(accountId: string): ManagedPolicyRecord[] {
    return this.policyList.all(accountId).map(toPolicy);
  }

  insertManagedPolicy(policy: ManagedPolicyRecord): void {
    this.policyInsert.run(fromPolicy(policy));
  }

  updateManagedPolicy(policy: ManagedPolicyRecord): void {
    this.policyUpdate.run(fromPolicy(policy));
  }

  deleteManagedPolicy(policyArn: string): void {
    this.versionsDelete.run(policyArn);
    this.policyDelete.run(policyArn);
  }

  getPolicyVersion(policyArn: string, versionId: string): PolicyVersionRecord | undefined {
    const row = this.versionGet.get(policyArn, versionId);
    return row && toVersion(row);
  }

  listPolicyVersions(policyArn: string): PolicyVersionRecord[] {
    return this.versionList.all(policyArn).map(toVersion);
  }

  insertPolicyVersion(v: PolicyVersionRecord): void {
    this.versionInsert.run({ policy_arn: v.policyArn, version_id: v.versionId, document: v.document, created_at: v.createdAt });
  }

  deletePolicyVersion(policyArn: string, versionId: string): void {
    this.versionDelete.run(policyArn, versionId);
  }

  listAttachedPolicies(accountId: string, entityType: PolicyEntityType, entityName: string): string[] {
    return this.attachedList.all(accountId, entityType, entityName);
  }

  listPolicyAttachments(policyArn: string): PolicyAttachmentRecord[] {
    return this.attachmentList.all(policyArn).map((row) => ({
      accountId: row.account_id,
      entityType: row.entity_type,
      entityName: row.entity_name,
      policyArn: row.policy_arn,
    }));
  }

  attachPolicy(a: PolicyAttachmentRecord): void {
    this.attach.run(fromAttachment(a));
  }

  detachPolicy(a: PolicyAttachmentRecord): void {
    this.detach.run(fromAttachment(a));
  }
}

function toPolicy(row: PolicyRow): ManagedPolicyRecord {
  const policy: ManagedPolicyRecord = {
    accountId: row.account_id,
    policyName: row.policy_name,
    policyId: row.policy_id,
    arn: row.arn,
    path: row.path,
    defaultVersionId: row.default_version_id,
    nextVersion: row.next_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.description !== null) policy.description = row.description;
  if (row.tags !== null) policy.tags = JSON.parse(row.tags) as Tag[];
  return policy;
}

function fromPolicy(p: ManagedPolicyRecord): PolicyRow {
  return {
    arn: p.arn,
    account_id: p.accountId,
    policy_name: p.policyName,
    policy_id: p.policyId,
    path: p.path,
    description: p.description ?? null,
    default_version_id: p.defaultVersionId,
    next_version: p.nextVersion,
    tags: p.tags === undefined ? null : JSON.stringify(p.tags),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toVersion(row: VersionRow): PolicyVersionRecord {
  return { policyArn: row.policy_arn, versionId: row.version_id, document: row.document, createdAt: row.created_at };
}

function fromAttachment(a: PolicyAttachmentRecord): AttachmentRow {
  return { account_id: a.accountId, entity_type: a.entityType, entity_name: a.entityName, policy_arn: a.policyArn };
}
