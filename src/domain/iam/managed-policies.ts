/**
 * Managed policies: the account's own (customer managed, versioned, up to 5 versions, one of them the default in
 * force) and AWS's (read-only, see aws-managed-policies.ts), and their attachments to users, groups and roles.
 * What an attachment grants is applied by the credential resolver (principal-policies.ts).
 */
import { parsePolicy } from '../policy/index.js';
import type { ManagedPolicyRecord, PolicyEntityType, PolicyVersionRecord, Store, StoreReader, Tag } from '../../storage/store.js';
import { newPolicyId } from './access-keys.js';
import { AWS_MANAGED_POLICIES, isAwsManagedArn, type AwsManagedPolicy } from './aws-managed-policies.js';
import * as E from './errors.js';

const MAX_VERSIONS = 5;
const MAX_ATTACHED = 10;
const QUOTA = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' } as const;

/** A managed policy as IAM describes it, whoever manages it. */
export interface PolicyView {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  defaultVersionId: string;
  /** Attachments in the caller's account. */
  attachmentCount: number;
  description?: string;
  tags?: Tag[];
  awsManaged: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface PolicyVersionView {
  versionId: string;
  document: string;
  isDefault: boolean;
  createdAt: number;
}

export interface AttachedPolicyView {
  policyName: string;
  policyArn: string;
  policyId: string;
  path: string;
}

export interface PolicyEntities {
  users: { name: string; id: string }[];
  groups: { name: string; id: string }[];
  roles: { name: string; id: string }[];
}

export interface CreatePolicyInput {
  policyName: string;
  document: string;
  path?: string;
  description?: string;
  tags?: Tag[];
}

export interface ListPoliciesFilter {
  scope?: 'All' | 'AWS' | 'Local';
  onlyAttached?: boolean;
  pathPrefix?: string;
  usage?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

export interface ListEntitiesFilter {
  entityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  pathPrefix?: string;
  usage?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

export class ManagedPolicyEngine {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async createPolicy(accountId: string, input: CreatePolicyInput): Promise<PolicyView> {
    assertIdentityPolicy(input.document);
    return this.store.transaction(async (tx) => {
      if (await findLocalPolicyByName(tx, accountId, input.policyName)) throw E.policyExists(input.policyName);
      const path = input.path ?? '/';
      const at = this.now();
      const policy: ManagedPolicyRecord = {
        accountId,
        policyName: input.policyName,
        policyId: newPolicyId(),
        arn: `arn:aws:iam::${accountId}:policy${path}${input.policyName}`,
        path,
        defaultVersionId: 'v1',
        nextVersion: 2,
        createdAt: at,
        updatedAt: at,
      };
      if (input.description !== undefined) policy.description = input.description;
      if (input.tags !== undefined && input.tags.length > 0) policy.tags = input.tags;
      await tx.insertManagedPolicy(policy);
      await tx.insertPolicyVersion({ policyArn: policy.arn, versionId: 'v1', document: input.document, createdAt: at });
      return localView(policy, 0);
    });
  }

  /** The account's customer managed policy of that name (names are unique regardless of case), if any. */
  async findPolicyByName(accountId: string, policyName: string): Promise<PolicyView | undefined> {
    const policy = await findLocalPolicyByName(this.store, accountId, policyName);
    return policy && localView(policy, await attachmentCount(this.store, accountId, policy.arn));
  }

  async getPolicy(accountId: string, arn: string): Promise<PolicyView> {
    const aws = AWS_MANAGED_POLICIES.get(arn);
    if (aws) return awsView(aws, await attachmentCount(this.store, accountId, arn));
    const policy = await localPolicy(this.store, accountId, arn);
    if (!policy) throw E.noSuchPolicy(arn);
    return localView(policy, await attachmentCount(this.store, accountId, arn));
  }

  /** AWS managed policies (for All and AWS) and the account's own (for All and Local), ordered by name. */
  async listPolicies(accountId: string, filter: ListPoliciesFilter = {}): Promise<PolicyView[]> {
    const scope = filter.scope ?? 'All';
    const views: PolicyView[] = [];
    if (scope !== 'Local') {
      for (const aws of AWS_MANAGED_POLICIES.values()) views.push(awsView(aws, await attachmentCount(this.store, accountId, aws.arn)));
    }
    if (scope !== 'AWS') {
      for (const policy of await this.store.listManagedPolicies(accountId)) views.push(localView(policy, await attachmentCount(this.store, accountId, policy.arn)));
    }
    const pathPrefix = filter.pathPrefix ?? '/';
    return views
      .filter((p) => p.path.startsWith(pathPrefix))
      .filter((p) => !filter.onlyAttached || (filter.usage !== 'PermissionsBoundary' && p.attachmentCount > 0))
      .sort((a, b) => compare(policyKey(a), policyKey(b)));
  }

  async deletePolicy(accountId: string, arn: string, caller: string): Promise<void> {
    if (isAwsManagedArn(arn)) throw E.awsManagedPolicyReadOnly(caller, 'iam:DeletePolicy', arn);
    await this.store.transaction(async (tx) => {
      if (!(await localPolicy(tx, accountId, arn))) throw E.noSuchPolicy(arn);
      if ((await attachmentCount(tx, accountId, arn)) > 0) throw E.policyAttached();
      if ((await tx.listPolicyVersions(arn)).length > 1) throw E.policyHasVersions();
      await tx.deleteManagedPolicy(arn);
    });
  }

  async createPolicyVersion(accountId: string, arn: string, document: string, setAsDefault: boolean, caller: string): Promise<PolicyVersionView> {
    if (isAwsManagedArn(arn)) throw E.awsManagedPolicyReadOnly(caller, 'iam:CreatePolicyVersion', arn);
    assertIdentityPolicy(document);
    return this.store.transaction(async (tx) => {
      const policy = await localPolicy(tx, accountId, arn);
      if (!policy) throw E.noSuchPolicy(arn);
      if ((await tx.listPolicyVersions(arn)).length >= MAX_VERSIONS) throw E.policyVersionQuota();
      const at = this.now();
      const version: PolicyVersionRecord = { policyArn: arn, versionId: `v${policy.nextVersion}`, document, createdAt: at };
      await tx.insertPolicyVersion(version);
      await tx.updateManagedPolicy({
        ...policy,
        nextVersion: policy.nextVersion + 1,
        defaultVersionId: setAsDefault ? version.versionId : policy.defaultVersionId,
        updatedAt: at,
      });
      return { versionId: version.versionId, document, isDefault: setAsDefault, createdAt: at };
    });
  }

  async getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionView> {
    const aws = AWS_MANAGED_POLICIES.get(arn);
    if (aws) {
      if (versionId !== aws.versionId) throw E.noSuchPolicyVersion(arn, versionId);
      return awsVersion(aws);
    }
    const policy = await localPolicy(this.store, accountId, arn);
    const version = policy && (await this.store.getPolicyVersion(arn, versionId));
    if (!policy || !version) throw E.noSuchPolicyVersion(arn, versionId);
    return versionView(version, policy);
  }

  /** Newest first, as IAM lists them. */
  async listPolicyVersions(accountId: string, arn: string): Promise<PolicyVersionView[]> {
    const aws = AWS_MANAGED_POLICIES.get(arn);
    if (aws) return [awsVersion(aws)];
    const policy = await localPolicy(this.store, accountId, arn);
    if (!policy) throw E.noSuchPolicy(arn);
    return (await this.store.listPolicyVersions(arn)).map((v) => versionView(v, policy)).reverse();
  }

  async deletePolicyVersion(accountId: string, arn: string, versionId: string, caller: string): Promise<void> {
    if (isAwsManagedArn(arn)) throw E.awsManagedPolicyReadOnly(caller, 'iam:DeletePolicyVersion', arn);
    await this.store.transaction(async (tx) => {
      const policy = await localPolicy(tx, accountId, arn);
      if (!policy || !(await tx.getPolicyVersion(arn, versionId))) throw E.noSuchPolicyVersion(arn, versionId);
      if (versionId === policy.defaultVersionId) throw E.deleteDefaultVersion();
      await tx.deletePolicyVersion(arn, versionId);
    });
  }

  async setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, caller: string): Promise<void> {
    if (isAwsManagedArn(arn)) throw E.awsManagedPolicyReadOnly(caller, 'iam:SetDefaultPolicyVersion', arn);
    await this.store.transaction(async (tx) => {
      const policy = await localPolicy(tx, accountId, arn);
      if (!policy || !(await tx.getPolicyVersion(arn, versionId))) throw E.noSuchPolicyVersion(arn, versionId);
      await tx.updateManagedPolicy({ ...policy, defaultVersionId: versionId });
    });
  }

  /** Idempotent: attaching a policy that is already attached changes nothing. */
  async attach(accountId: string, entityType: PolicyEntityType, entityName: string, arn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await assertEntity(tx, accountId, entityType, entityName);
      if (!AWS_MANAGED_POLICIES.has(arn) && !(await localPolicy(tx, accountId, arn))) throw E.policyNotAttachable(arn);
      const attached = await tx.listAttachedPolicies(accountId, entityType, entityName);
      if (attached.includes(arn)) return;
      if (attached.length >= MAX_ATTACHED) throw E.attachedPolicyQuota(QUOTA[entityType]);
      await tx.attachPolicy({ accountId, entityType, entityName, policyArn: arn });
    });
  }

  async detach(accountId: string, entityType: PolicyEntityType, entityName: string, arn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await assertEntity(tx, accountId, entityType, entityName);
      if (!(await tx.listAttachedPolicies(accountId, entityType, entityName)).includes(arn)) throw E.noSuchPolicy(arn);
      await tx.detachPolicy({ accountId, entityType, entityName, policyArn: arn });
    });
  }

  /** The managed policies attached to the entity whose path starts with `pathPrefix`, ordered by name. */
  async listAttached(accountId: string, entityType: PolicyEntityType, entityName: string, pathPrefix = '/'): Promise<AttachedPolicyView[]> {
    await assertEntity(this.store, accountId, entityType, entityName);
    const views: AttachedPolicyView[] = [];
    for (const arn of await this.store.listAttachedPolicies(accountId, entityType, entityName)) {
      const policy = AWS_MANAGED_POLICIES.get(arn) ?? (await localPolicy(this.store, accountId, arn));
      if (policy && policy.path.startsWith(pathPrefix)) views.push({ policyName: policy.policyName, policyArn: arn, policyId: policy.policyId, path: policy.path });
    }
    return views.sort((a, b) => compare(policyKey(a), policyKey(b)));
  }

  /** The users, groups and roles of the account the policy is attached to, each list ordered by name. */
  async listEntitiesForPolicy(accountId: string, arn: string, filter: ListEntitiesFilter = {}): Promise<PolicyEntities> {
    if (!AWS_MANAGED_POLICIES.has(arn) && !(await localPolicy(this.store, accountId, arn))) throw E.noSuchPolicy(arn);
    const entities: PolicyEntities = { users: [], groups: [], roles: [] };
    // Coffer has no permissions boundaries; the *ManagedPolicy filters concern boundaries set on policies.
    if (filter.usage === 'PermissionsBoundary' || filter.entityFilter === 'LocalManagedPolicy' || filter.entityFilter === 'AWSManagedPolicy') return entities;
    const wanted = filter.entityFilter?.toLowerCase();
    const pathPrefix = filter.pathPrefix ?? '/';
    for (const a of await this.store.listPolicyAttachments(arn)) {
      if (a.accountId !== accountId || (wanted !== undefined && a.entityType !== wanted)) continue;
      const entity = await entityRecord(this.store, accountId, a.entityType, a.entityName);
      if (!entity || !entity.path.startsWith(pathPrefix)) continue;
      ({ user: entities.users, group: entities.groups, role: entities.roles })[a.entityType].push({ name: a.entityName, id: entity.id });
    }
    for (const list of [entities.users, entities.groups, entities.roles]) list.sort((a, b) => compare(a.name, b.name));
    return entities;
  }
}

/** The paging key of a policy: by name, then id (names of AWS and customer policies may coincide). */
export function policyKey(policy: { policyName: string; policyId: string }): string {
  // A space sorts before every character a policy name may contain.
  return `${policy.policyName} ${policy.policyId}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertIdentityPolicy(document: string): void {
  const parsed = parsePolicy(document, { kind: 'identity' });
  if (!parsed.ok) throw E.malformedPolicy(parsed.problems[0]!.message);
}

type Reader = Pick<StoreReader, 'getManagedPolicy' | 'listManagedPolicies' | 'listPolicyAttachments' | 'getUser' | 'getGroup' | 'getRole'>;

/** A customer managed policy of this account (another account's policy is not found, as on AWS). */
async function localPolicy(store: Reader, accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
  const policy = await store.getManagedPolicy(arn);
  return policy?.accountId === accountId ? policy : undefined;
}

async function findLocalPolicyByName(store: Reader, accountId: string, policyName: string): Promise<ManagedPolicyRecord | undefined> {
  const lower = policyName.toLowerCase();
  return (await store.listManagedPolicies(accountId)).find((p) => p.policyName.toLowerCase() === lower);
}

async function attachmentCount(store: Reader, accountId: string, arn: string): Promise<number> {
  return (await store.listPolicyAttachments(arn)).filter((a) => a.accountId === accountId).length;
}

async function entityRecord(store: Reader, accountId: string, type: PolicyEntityType, name: string): Promise<{ id: string; path: string } | undefined> {
  switch (type) {
    case 'user': {
      const user = await store.getUser(accountId, name);
      return user && { id: user.userId, path: user.path };
    }
    case 'group': {
      const group = await store.getGroup(accountId, name);
      return group && { id: group.groupId, path: group.path };
    }
    case 'role': {
      const role = await store.getRole(accountId, name);
      return role && { id: role.roleId, path: role.path };
    }
  }
}

async function assertEntity(store: Reader, accountId: string, type: PolicyEntityType, name: string): Promise<void> {
  if (await entityRecord(store, accountId, type, name)) return;
  throw type === 'user' ? E.noSuchUser(name) : type === 'group' ? E.noSuchGroup(name) : E.noSuchRole(name);
}

function localView(policy: ManagedPolicyRecord, attachments: number): PolicyView {
  const view: PolicyView = {
    policyName: policy.policyName,
    policyId: policy.policyId,
    arn: policy.arn,
    path: policy.path,
    defaultVersionId: policy.defaultVersionId,
    attachmentCount: attachments,
    awsManaged: false,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
  };
  if (policy.description !== undefined) view.description = policy.description;
  if (policy.tags !== undefined) view.tags = policy.tags;
  return view;
}

function awsView(policy: AwsManagedPolicy, attachments: number): PolicyView {
  return {
    policyName: policy.policyName,
    policyId: policy.policyId,
    arn: policy.arn,
    path: policy.path,
    defaultVersionId: policy.versionId,
    attachmentCount: attachments,
    description: policy.description,
    awsManaged: true,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
  };
}

function versionView(version: PolicyVersionRecord, policy: ManagedPolicyRecord): PolicyVersionView {
  return { versionId: version.versionId, document: version.document, isDefault: version.versionId === policy.defaultVersionId, createdAt: version.createdAt };
}

function awsVersion(policy: AwsManagedPolicy): PolicyVersionView {
  return { versionId: policy.versionId, document: policy.document, isDefault: true, createdAt: policy.updatedAt };
}
