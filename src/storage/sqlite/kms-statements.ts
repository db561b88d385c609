/** Prepared statements and row mapping for KMS keys, their material and aliases (one connection). */
import type Database from 'better-sqlite3';
import type { KmsAliasRecord, KmsKeyMaterialRecord, KmsKeyRecord, Scope, Tag } from '../store.js';

interface KeyRow {
  key_id: string;
  account_id: string;
  region: string;
  arn: string;
  description: string;
  key_state: KmsKeyRecord['keyState'];
  key_manager: KmsKeyRecord['keyManager'];
  policy: string;
  tags: string;
  created_at: number;
  deletion_date: number | null;
  pending_window_in_days: number | null;
  rotation_enabled: number;
  rotation_period_in_days: number | null;
  next_rotation_at: number | null;
  current_material: number;
}

interface MaterialRow {
  key_id: string;
  version: number;
  kek_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
  created_at: number;
  rotation_type: 'AUTOMATIC' | 'ON_DEMAND' | null;
}

interface AliasRow {
  account_id: string;
  region: string;
  alias_name: string;
  target_key_id: string;
  created_at: number;
  updated_at: number;
}

export class KmsStatements {
  private readonly keyGet;
  private readonly keyList;
  private readonly keysDueDeletion;
  private readonly keysDueRotation;
  private readonly keyInsert;
  private readonly keyUpdate;
  private readonly keyDelete;
  private readonly materialGet;
  private readonly materialList;
  private readonly materialInsert;
  private readonly materialDelete;
  private readonly aliasGet;
  private readonly aliasList;
  private readonly aliasPut;
  private readonly aliasDelete;
  private readonly aliasesOfKeyDelete;

  constructor(db: Database.Database) {
    this.keyGet = db.prepare<[string], KeyRow>('SELECT * FROM kms_keys WHERE key_id = ?');
    this.keyList = db.prepare<[string, string], KeyRow>('SELECT * FROM kms_keys WHERE account_id = ? AND region = ? ORDER BY created_at, key_id');
    this.keysDueDeletion = db.prepare<[number, number], KeyRow>(
      'SELECT * FROM kms_keys WHERE deletion_date IS NOT NULL AND deletion_date <= ? ORDER BY deletion_date LIMIT ?',
    );
    this.keysDueRotation = db.prepare<[number, number], KeyRow>(
      'SELECT * FROM kms_keys WHERE rotation_enabled = 1 AND next_rotation_at IS NOT NULL AND next_rotation_at <= ? ORDER BY next_rotation_at LIMIT ?',
    );
    this.keyInsert = db.prepare(`INSERT INTO kms_keys (key_id, account_id, region, arn, description, key_state, key_manager, policy,
      tags, created_at, deletion_date, pending_window_in_days, rotation_enabled, rotation_period_in_days, next_rotation_at, current_material)
      VALUES (@key_id, @account_id, @region, @arn, @description, @key_state, @key_manager, @policy,
      @tags, @created_at, @deletion_date, @pending_window_in_days, @rotation_enabled, @rotation_period_in_days, @next_rotation_at, @current_material)`);
    this.keyUpdate = db.prepare(`UPDATE kms_keys SET description = @description, key_state = @key_state, policy = @policy, tags = @tags,
      deletion_date = @deletion_date, pending_window_in_days = @pending_window_in_days, rotation_enabled = @rotation_enabled,
      rotation_period_in_days = @rotation_period_in_days, next_rotation_at = @next_rotation_at, current_material = @current_material
      WHERE key_id = @key_id`);
    this.keyDelete = db.prepare('DELETE FROM kms_keys WHERE key_id = ?');
    this.materialGet = db.prepare<[string, number], MaterialRow>('SELECT * FROM kms_key_material WHERE key_id = ? AND version = ?');
    this.materialList = db.prepare<[string], MaterialRow>('SELECT * FROM kms_key_material WHERE key_id = ? ORDER BY version');
    this.materialInsert = db.prepare(`INSERT INTO kms_key_material (key_id, version, kek_id, wrapped_key, ciphertext, created_at, rotation_type)
      VALUES (@key_id, @version, @kek_id, @wrapped_key, @ciphertext, @created_at, @rotation_type)`);
    this.materialDelete = db.prepare('DELETE FROM kms_key_material WHERE key_id = ?');
    this.aliasGet = db.prepare<[string, string, string], AliasRow>('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?');
    this.aliasList = db.prepare<[string, string], AliasRow>('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? ORDER BY alias_name');
    this.aliasPut = db.prepare(`INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at)
      VALUES (@account_id, @region, @alias_name, @target_key_id, @created_at, @updated_at)
      ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id, updated_at = excluded.updated_at`);
    this.aliasDelete = db.prepare('DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?');
    this.aliasesOfKeyDelete = db.prepare('DELETE FROM kms_aliases WHERE target_key_id = ?');
  }

  getKmsKey(keyId: string): KmsKeyRecord | undefined {
    const row = this.keyGet.get(keyId);
    return row && toKey(row);
  }

  listKmsKeys(scope: Scope): KmsKeyRecord[] {
    return this.keyList.all(scope.accountId, scope.region).map(toKey);
  }

  kmsKeysDueForDeletion(now: number, limit: number): KmsKeyRecord[] {
    return this.keysDueDeletion.all(now, limit).map(toKey);
  }

  kmsKeysDueForRotation(now: number, limit: number): KmsKeyRecord[] {
    return this.keysDueRotation.all(now, limit).map(toKey);
  }

  insertKmsKey(key: KmsKeyRecord): void {
    this.keyInsert.run(fromKey(key));
  }

  updateKmsKey(key: KmsKeyRecord): void {
    this.keyUpdate.run(fromKey(key));
  }

  deleteKmsKey(keyId: string): void {
    this.aliasesOfKeyDelete.run(keyId);
    this.materialDelete.run(keyId);
    this.keyDelete.run(keyId);
  }

  getKmsKeyMaterial(keyId: string, version: number): KmsKeyMaterialRecord | undefined {
    const row = this.materialGet.get(keyId, version);
    return row && toMaterial(row);
  }

  listKmsKeyMaterials(keyId: string): KmsKeyMaterialRecord[] {
    return this.materialList.all(keyId).map(toMaterial);
  }

  insertKmsKeyMaterial(m: KmsKeyMaterialRecord): void {
    this.materialInsert.run({
      key_id: m.keyId,
      version: m.version,
      kek_id: m.sealed.kekId,
      wrapped_key: m.sealed.wrappedKey,
      ciphertext: m.sealed.ciphertext,
      created_at: m.createdAt,
      rotation_type: m.rotationType ?? null,
    });
  }

  getKmsAlias(scope: Scope, aliasName: string): KmsAliasRecord | undefined {
    const row = this.aliasGet.get(scope.accountId, scope.region, aliasName);
    return row && toAlias(row);
  }

  listKmsAliases(scope: Scope): KmsAliasRecord[] {
    return this.aliasList.all(scope.accountId, scope.region).map(toAlias);
  }

  putKmsAlias(a: KmsAliasRecord): void {
    this.aliasPut.run({
      account_id: a.accountId,
      region: a.region,
      alias_name: a.aliasName,
      target_key_id: a.targetKeyId,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    });
  }

  deleteKmsAlias(scope: Scope, aliasName: string): void {
    this.aliasDelete.run(scope.accountId, scope.region, aliasName);
  }
}

function toKey(row: KeyRow): KmsKeyRecord {
  const key: KmsKeyRecord = {
    keyId: row.key_id,
    accountId: row.account_id,
    region: row.region,
    arn: row.arn,
    description: row.description,
    keyState: row.key_state,
    keyManager: row.key_manager,
    policy: row.policy,
    tags: JSON.parse(row.tags) as Tag[],
    createdAt: row.created_at,
    rotationEnabled: row.rotation_enabled === 1,
    currentMaterial: row.current_material,
  };
  if (row.deletion_date !== null) key.deletionDate = row.deletion_date;
  if (row.pending_window_in_days !== null) key.pendingWindowInDays = row.pending_window_in_days;
  if (row.rotation_period_in_days !== null) key.rotationPeriodInDays = row.rotation_period_in_days;
  if (row.next_rotation_at !== null) key.nextRotationAt = row.next_rotation_at;
  return key;
}

function fromKey(k: KmsKeyRecord): KeyRow {
  return {
    key_id: k.keyId,
    account_id: k.accountId,
    region: k.region,
    arn: k.arn,
    description: k.description,
    key_state: k.keyState,
    key_manager: k.keyManager,
    policy: k.policy,
    tags: JSON.stringify(k.tags),
    created_at: k.createdAt,
    deletion_date: k.deletionDate ?? null,
    pending_window_in_days: k.pendingWindowInDays ?? null,
    rotation_enabled: k.rotationEnabled ? 1 : 0,
    rotation_period_in_days: k.rotationPeriodInDays ?? null,
    next_rotation_at: k.nextRotationAt ?? null,
    current_material: k.currentMaterial,
  };
}

function toMaterial(row: MaterialRow): KmsKeyMaterialRecord {
  const material: KmsKeyMaterialRecord = {
    keyId: row.key_id,
    version: row.version,
    sealed: { kekId: row.kek_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext },
    createdAt: row.created_at,
  };
  if (row.rotation_type !== null) material.rotationType = row.rotation_type;
  return material;
}

function toAlias(row: AliasRow): KmsAliasRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    aliasName: row.alias_name,
    targetKeyId: row.target_key_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
