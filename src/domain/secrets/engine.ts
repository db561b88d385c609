/**
 * The secrets engine: every Secrets Manager operation on secrets and versions, over a Store and the envelope.
 * It speaks in records and plain values; shaping them into AWS output members is the service layer's job.
 */
import { randomUUID } from 'node:crypto';
import type { Envelope } from '../crypto/envelope.js';
import type { Scope, SecretRecord, Store, StoreReader, StoreWriter, Tag, VersionRecord } from '../../storage/store.js';
import * as E from './errors.js';
import { assertValidName, newSecretArn } from './identifiers.js';
import { AWSCURRENT, attachNewVersion, updateStage, type StageUpdate } from './labels.js';
import { authorizeSecret } from './access.js';
import { findSecret, isPastRecovery } from './resolve.js';
import { compileResourcePolicy, grantsBroadAccess, publicPolicy } from './resource-policy.js';
import { assertAllowed, type Caller, type RequestContext } from '../policy/index.js';
import { sameValue, type SecretValue } from './secret-value.js';
import { SecretCipher } from './secret-cipher.js';
import type { Kms } from '../kms/index.js';
import { labelMapOf, pruneVersions, saveLabels } from './versions.js';

export const MAX_TAGS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface EngineDeps {
  store: Store;
  envelope: Envelope;
  kms: Kms;
  now?: () => number;
}

export interface CreateSecretInput {
  name: string;
  token?: string;
  description?: string;
  kmsKeyId?: string;
  type?: string;
  tags?: Tag[];
  value?: SecretValue;
}

export interface PutValueInput {
  secretId: string;
  token?: string;
  value?: SecretValue;
  stages?: string[];
}

export interface UpdateSecretInput {
  secretId: string;
  token?: string;
  description?: string;
  kmsKeyId?: string;
  type?: string;
  value?: SecretValue;
}

export interface ReadResult {
  secret: SecretRecord;
  version: VersionRecord;
  value: SecretValue;
}

export interface WriteResult {
  secret: SecretRecord;
  versionId?: string;
  stages?: string[];
}

export class SecretsEngine {
  readonly store: Store;
  readonly envelope: Envelope;
  readonly now: () => number;
  private readonly cipher: SecretCipher;

  constructor(deps: EngineDeps) {
    this.store = deps.store;
    this.envelope = deps.envelope;
    this.cipher = new SecretCipher(deps.envelope, deps.kms);
    this.now = deps.now ?? Date.now;
  }

  /** Forgets the decrypted data keys it keeps (on seal). */
  clearKeyCache(): void {
    this.cipher.clear();
  }

  async createSecret(scope: Scope, input: CreateSecretInput, caller?: Caller): Promise<WriteResult> {
    assertValidName(input.name);
    if (input.value && input.token === undefined) throw E.tokenRequired();
    const tags = input.tags === undefined ? undefined : mergeTags([], input.tags);
    await this.cipher.prepare(scope);
    return this.store.transaction(async (tx) => {
      let existing = await tx.getSecretByName(scope, input.name);
      if (existing && isPastRecovery(existing, this.now())) {
        await tx.deleteSecret(existing.id);
        existing = undefined;
      }
      const now = this.now();
      const secret: SecretRecord = {
        id: randomUUID(),
        accountId: scope.accountId,
        region: scope.region,
        name: input.name,
        arn: newSecretArn(scope, input.name),
        createdAt: now,
        lastChangedAt: now,
      };
      // Authorized before anything about an existing secret of that name is revealed.
      const requestTags = {
        'aws:TagKeys': (input.tags ?? []).map((t) => t.Key),
        ...Object.fromEntries((input.tags ?? []).map((t) => [`aws:RequestTag/${t.Key}`, t.Value ?? ''])),
      };
      const target = existing ?? secret;
      authorizeSecret(caller, scope, input.name, target, 'CreateSecret', {
        ...requestTags,
        'secretsmanager:Name': input.name,
        'secretsmanager:Description': input.description,
        'secretsmanager:KmsKeyId': input.kmsKeyId,
      });
      // Creating a secret with tags also needs secretsmanager:TagResource, as on AWS.
      if (input.tags !== undefined) authorizeSecret(caller, scope, input.name, target, 'TagResource', requestTags);
      if (existing) {
        if (existing.deletedAt !== undefined) throw E.nameScheduledForDeletion();
        const replayed = input.token === undefined ? undefined : await tx.getVersion(existing.id, input.token);
        return this.replayCreate(existing, replayed, input, caller);
      }
      const kmsKeyId = await this.cipher.chooseKey(scope, input.kmsKeyId, caller);
      if (input.description) secret.description = input.description;
      if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
      if (input.type) secret.type = input.type;
      if (tags !== undefined) secret.tags = tags;
      await tx.insertSecret(secret);
      if (!input.value) return { secret };
      const versionId = input.token!;
      await tx.insertVersion(await this.newVersion(secret, versionId, input.value, [AWSCURRENT], now, caller));
      return { secret, versionId, stages: [AWSCURRENT] };
    });
  }

  /** CreateSecret on an existing name succeeds only as the exact replay of the call that created it. */
  private async replayCreate(existing: SecretRecord, version: VersionRecord | undefined, input: CreateSecretInput, caller?: Caller): Promise<WriteResult> {
    if (!version) throw E.secretExists(input.name);
    if (!input.value || !sameValue(await this.cipher.open(existing, version, caller), input.value)) throw E.tokenInUse(version.versionId, existing.arn);
    return { secret: existing, versionId: version.versionId, stages: version.stages };
  }

  async getSecretValue(scope: Scope, secretId: string, versionId?: string, versionStage?: string, caller?: Caller): Promise<ReadResult> {
    const versionContext = { 'secretsmanager:VersionId': versionId, 'secretsmanager:VersionStage': versionStage ?? (versionId ? undefined : AWSCURRENT) };
    const secret = await this.secretFor(this.store, scope, secretId, caller, 'GetSecretValue', versionContext);
    const version = await this.selectVersion(secret, versionId, versionStage);
    const value = await this.cipher.open(secret, version, caller);
    await this.recordAccess(secret, version);
    return { secret, version, value };
  }

  private async selectVersion(secret: SecretRecord, versionId?: string, versionStage?: string): Promise<VersionRecord> {
    if (versionId !== undefined) {
      const version = await this.store.getVersion(secret.id, versionId);
      if (!version) {
        if (await this.store.wasVersionRemoved(secret.id, versionId)) throw E.versionRemoved(versionId);
        throw E.versionNotFound(versionId);
      }
      if (versionStage !== undefined && !version.stages.includes(versionStage)) throw E.stageNotOnVersion();
      return version;
    }
    const stage = versionStage ?? AWSCURRENT;
    const version = (await this.store.getLabelledVersions(secret.id)).find((v) => v.stages.includes(stage));
    if (!version) throw E.stageNotFound(stage);
    return version;
  }

  /** LastAccessedDate has date resolution, so at most one write per secret and version per day. */
  async recordAccess(secret: SecretRecord, version: VersionRecord): Promise<void> {
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    if (secret.lastAccessedAt === today && version.lastAccessedAt === today) return;
    await this.store.recordAccess(secret.id, version.versionId, today);
  }

  async putSecretValue(scope: Scope, input: PutValueInput, caller?: Caller): Promise<WriteResult> {
    await this.cipher.prepare(scope);
    return this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, input.secretId, caller, 'PutSecretValue');
      if (!input.value) throw E.noValue();
      if (input.token === undefined) throw E.tokenRequired();
      const replay = await this.replayWrite(secret, await tx.getVersion(secret.id, input.token), input.value, caller);
      if (replay) return replay;
      if (await tx.wasVersionRemoved(secret.id, input.token)) throw E.tokenInUse(input.token, secret.arn);
      return this.addVersion(tx, secret, input.token, input.value, input.stages, caller);
    });
  }

  async updateSecret(scope: Scope, input: UpdateSecretInput, caller?: Caller): Promise<WriteResult> {
    await this.cipher.prepare(scope);
    return this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, input.secretId, caller, 'UpdateSecret', {
        'secretsmanager:Description': input.description,
        'secretsmanager:KmsKeyId': input.kmsKeyId,
      });
      if (input.value && input.token === undefined) throw E.tokenRequired();
      const kmsKeyId = input.kmsKeyId === undefined ? undefined : await this.cipher.chooseKey(scope, input.kmsKeyId, caller);
      const updated: SecretRecord = { ...secret, lastChangedAt: this.now() };
      if (input.description !== undefined) {
        if (input.description === '') delete updated.description;
        else updated.description = input.description;
      }
      if (input.kmsKeyId !== undefined) {
        if (kmsKeyId === undefined) delete updated.kmsKeyId;
        else updated.kmsKeyId = kmsKeyId;
      }
      if (input.type !== undefined) updated.type = input.type;
      if (!input.value) {
        await tx.updateSecret(updated);
        return { secret: updated };
      }
      const replay = await this.replayWrite(secret, await tx.getVersion(secret.id, input.token!), input.value, caller);
      if (replay) {
        await tx.updateSecret(updated);
        return replay;
      }
      if (await tx.wasVersionRemoved(secret.id, input.token!)) throw E.tokenInUse(input.token!, secret.arn);
      return this.addVersion(tx, updated, input.token!, input.value, undefined, caller);
    });
  }

  /** A write whose token names an existing version is a no-op when the value is the same, an error otherwise. */
  private async replayWrite(secret: SecretRecord, existing: VersionRecord | undefined, value: SecretValue, caller?: Caller): Promise<WriteResult | undefined> {
    if (!existing) return undefined;
    if (!sameValue(await this.cipher.open(secret, existing, caller), value)) throw E.tokenInUse(existing.versionId, secret.arn);
    return { secret, versionId: existing.versionId, stages: existing.stages };
  }

  private async addVersion(
    tx: StoreWriter,
    secret: SecretRecord,
    versionId: string,
    value: SecretValue,
    stages: string[] | undefined,
    caller: Caller | undefined,
  ): Promise<WriteResult> {
    const now = this.now();
    const before = labelMapOf(await tx.getLabelledVersions(secret.id));
    const labels = attachNewVersion(before, versionId, stages);
    const newStages = labels.get(versionId)!;
    await saveLabels(tx, secret.id, before, labels);
    await tx.insertVersion(await this.newVersion(secret, versionId, value, newStages, now, caller));
    await pruneVersions(tx, secret.id, now);
    const updated = { ...secret, lastChangedAt: now };
    await tx.updateSecret(updated);
    return { secret: updated, versionId, stages: newStages };
  }

  private async newVersion(secret: SecretRecord, versionId: string, value: SecretValue, stages: string[], now: number, caller: Caller | undefined): Promise<VersionRecord> {
    const version: VersionRecord = { secretId: secret.id, versionId, stages, createdAt: now, ...(await this.cipher.seal(secret, versionId, value, caller)) };
    if (secret.kmsKeyId !== undefined) version.kmsKeyId = secret.kmsKeyId;
    return version;
  }

  async updateSecretVersionStage(scope: Scope, secretId: string, update: StageUpdate, caller?: Caller): Promise<SecretRecord> {
    return this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, secretId, caller, 'UpdateSecretVersionStage', { 'secretsmanager:VersionStage': update.label });
      const before = labelMapOf(await tx.getLabelledVersions(secret.id));
      // A deprecated (unlabelled) version can be given a label again.
      for (const id of [update.removeFromVersionId, update.moveToVersionId]) {
        if (id === undefined || before.has(id)) continue;
        const version = await tx.getVersion(secret.id, id);
        if (version) before.set(id, version.stages);
      }
      const labels = updateStage(before, update);
      const now = this.now();
      await saveLabels(tx, secret.id, before, labels);
      await pruneVersions(tx, secret.id, now);
      const updated = { ...secret, lastChangedAt: now };
      await tx.updateSecret(updated);
      return updated;
    });
  }

  /** The secret and its labelled versions. */
  async describeSecret(scope: Scope, secretId: string, caller?: Caller): Promise<{ secret: SecretRecord; versions: VersionRecord[] }> {
    const secret = await this.secretFor(this.store, scope, secretId, caller, 'DescribeSecret', {}, false);
    return { secret, versions: await this.store.getLabelledVersions(secret.id) };
  }

  /** The secret and every version it has, deprecated ones included. */
  async listVersions(scope: Scope, secretId: string, caller?: Caller): Promise<{ secret: SecretRecord; versions: VersionRecord[] }> {
    const secret = await this.secretFor(this.store, scope, secretId, caller, 'ListSecretVersionIds', {}, false);
    return { secret, versions: await this.store.getVersions(secret.id) };
  }

  async tagResource(scope: Scope, secretId: string, tags: Tag[], caller?: Caller): Promise<void> {
    await this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, secretId, caller, 'TagResource', {
        'aws:TagKeys': tags.map((t) => t.Key),
        ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value ?? ''])),
      });
      await tx.updateSecret({ ...secret, tags: mergeTags(secret.tags ?? [], tags), lastChangedAt: this.now() });
    });
  }

  async untagResource(scope: Scope, secretId: string, tagKeys: string[], caller?: Caller): Promise<void> {
    await this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, secretId, caller, 'UntagResource', { 'aws:TagKeys': tagKeys });
      for (const key of tagKeys) if (key.startsWith('aws:')) throw E.systemTag(key);
      const remaining = (secret.tags ?? []).filter((t) => !tagKeys.includes(t.Key));
      await tx.updateSecret({ ...secret, tags: remaining, lastChangedAt: this.now() });
    });
  }
  /**
   * The secret a SecretId names, once the caller may act on it: authorization comes before the "marked for
   * deletion" check, as on AWS.
   */
  async secretFor(
    reader: StoreReader,
    scope: Scope,
    secretId: string,
    caller: Caller | undefined,
    operation: string,
    context: RequestContext = {},
    mustBeLive = true,
  ): Promise<SecretRecord> {
    const secret = await findSecret(reader, scope, secretId, this.now());
    authorizeSecret(caller, scope, secretId, secret, operation, context);
    if (!secret) throw E.secretNotFound();
    if (mustBeLive && secret.deletedAt !== undefined) throw E.markedForDeletion();
    return secret;
  }

  async putResourcePolicy(scope: Scope, secretId: string, document: string, blockPublicPolicy: boolean, caller?: Caller): Promise<SecretRecord> {
    return this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, secretId, caller, 'PutResourcePolicy', { 'secretsmanager:BlockPublicPolicy': blockPublicPolicy });
      const policy = compileResourcePolicy(document);
      if (blockPublicPolicy && grantsBroadAccess(policy)) throw publicPolicy();
      const updated = { ...secret, resourcePolicy: document, lastChangedAt: this.now() };
      await tx.updateSecret(updated);
      return updated;
    });
  }

  async getResourcePolicy(scope: Scope, secretId: string, caller?: Caller): Promise<SecretRecord> {
    return this.secretFor(this.store, scope, secretId, caller, 'GetResourcePolicy');
  }

  async deleteResourcePolicy(scope: Scope, secretId: string, caller?: Caller): Promise<SecretRecord> {
    return this.store.transaction(async (tx) => {
      const secret = await this.secretFor(tx, scope, secretId, caller, 'DeleteResourcePolicy');
      const updated: SecretRecord = { ...secret, lastChangedAt: this.now() };
      delete updated.resourcePolicy;
      await tx.updateSecret(updated);
      return updated;
    });
  }

  /**
   * ValidateResourcePolicy: syntax (MalformedPolicyDocumentException), broad access, and lock-out — the policy must
   * not deny the caller PutResourcePolicy on the secret, or nobody could ever change it again.
   */
  async validateResourcePolicy(scope: Scope, document: string, secretId: string | undefined, caller?: Caller): Promise<{ check: string; message: string }[]> {
    if (secretId === undefined && caller) assertAllowed(caller, { action: 'secretsmanager:ValidateResourcePolicy', resource: '*' });
    const secret = secretId === undefined ? undefined : await this.secretFor(this.store, scope, secretId, caller, 'ValidateResourcePolicy', {}, false);
    const policy = compileResourcePolicy(document);
    const problems: { check: string; message: string }[] = [];
    if (grantsBroadAccess(policy)) {
      problems.push({ check: 'BROAD_ACCESS', message: 'The resource policy grants a wildcard principal access to the secret without a condition that restricts it.' });
    }
    if (secret !== undefined && secretId !== undefined) {
      try {
        authorizeSecret(caller, scope, secretId, { ...secret, resourcePolicy: document }, 'PutResourcePolicy');
      } catch {
        problems.push({ check: 'LOCK_OUT', message: 'The resource policy would deny you secretsmanager:PutResourcePolicy on this secret, so it could not be changed again.' });
      }
    }
    return problems;
  }
}

/** Adds or overwrites tags by key; system tags (aws:…) are not the caller's to set; at most 50 tags. */
export function mergeTags(current: Tag[], added: Tag[]): Tag[] {
  const merged = new Map(current.map((t) => [t.Key, t.Value]));
  for (const tag of added) {
    if (tag.Key.startsWith('aws:')) throw E.systemTag(tag.Key);
    merged.set(tag.Key, tag.Value ?? '');
  }
  if (merged.size > MAX_TAGS) throw E.tooManyTags(MAX_TAGS);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}
