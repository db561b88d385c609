/** IAM roles (with their trust policies) and their inline policies. */
import { parsePolicy } from '../policy/index.js';
import type { IamRoleRecord, RolePolicyRecord, Store, Tag } from '../../storage/store.js';
import { newRoleId } from './access-keys.js';
import { assertTagsValid } from './entity-tags.js';
import * as E from './errors.js';

export interface CreateRoleInput {
  roleName: string;
  assumeRolePolicy: string;
  path?: string;
  description?: string;
  maxSessionDuration?: number;
  tags?: Tag[];
}

export class RoleEngine {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async createRole(accountId: string, input: CreateRoleInput): Promise<IamRoleRecord> {
    assertPolicy(input.assumeRolePolicy, 'trust');
    if (input.tags !== undefined) assertTagsValid(input.tags);
    return this.store.transaction(async (tx) => {
      const lower = input.roleName.toLowerCase();
      if ((await tx.listRoles(accountId)).some((r) => r.roleName.toLowerCase() === lower)) throw E.roleExists(input.roleName);
      const path = input.path ?? '/';
      const role: IamRoleRecord = {
        accountId,
        roleName: input.roleName,
        roleId: newRoleId(),
        arn: `arn:aws:iam::${accountId}:role${path}${input.roleName}`,
        path,
        assumeRolePolicy: input.assumeRolePolicy,
        maxSessionDuration: input.maxSessionDuration ?? 3600,
        createdAt: this.now(),
      };
      if (input.description !== undefined) role.description = input.description;
      if (input.tags !== undefined && input.tags.length > 0) role.tags = input.tags;
      await tx.insertRole(role);
      return role;
    });
  }

  /** The ARN a call on this role is authorized against: the role's real ARN (with its path), if it exists. */
  async roleArnFor(accountId: string, roleName: string): Promise<string> {
    return (await this.store.getRole(accountId, roleName))?.arn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
  }

  async getRole(accountId: string, roleName: string): Promise<IamRoleRecord> {
    const role = await this.store.getRole(accountId, roleName);
    if (!role) throw E.noSuchRole(roleName);
    return role;
  }

  async listRoles(accountId: string, pathPrefix = '/'): Promise<IamRoleRecord[]> {
    return (await this.store.listRoles(accountId)).filter((r) => r.path.startsWith(pathPrefix));
  }

  async deleteRole(accountId: string, roleName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getRole(accountId, roleName))) throw E.noSuchRole(roleName);
      if ((await tx.listRolePolicies(accountId, roleName)).length > 0) throw E.deletePoliciesFirst();
      if ((await tx.listAttachedPolicies(accountId, 'role', roleName)).length > 0) throw E.detachPoliciesFirst();
      await tx.deleteRole(accountId, roleName);
    });
  }

  async updateAssumeRolePolicy(accountId: string, roleName: string, document: string): Promise<void> {
    assertPolicy(document, 'trust');
    await this.store.transaction(async (tx) => {
      const role = await tx.getRole(accountId, roleName);
      if (!role) throw E.noSuchRole(roleName);
      await tx.updateRole({ ...role, assumeRolePolicy: document });
    });
  }

  async putRolePolicy(accountId: string, roleName: string, policyName: string, document: string): Promise<void> {
    assertPolicy(document, 'identity');
    await this.store.transaction(async (tx) => {
      if (!(await tx.getRole(accountId, roleName))) throw E.noSuchRole(roleName);
      await tx.putRolePolicy({ accountId, roleName, policyName, document });
    });
  }

  async getRolePolicy(accountId: string, roleName: string, policyName: string): Promise<RolePolicyRecord> {
    await this.getRole(accountId, roleName);
    const policy = await this.store.getRolePolicy(accountId, roleName, policyName);
    if (!policy) throw E.noSuchRolePolicy(policyName, roleName);
    return policy;
  }

  async listRolePolicies(accountId: string, roleName: string): Promise<string[]> {
    await this.getRole(accountId, roleName);
    return (await this.store.listRolePolicies(accountId, roleName)).map((p) => p.policyName);
  }

  async deleteRolePolicy(accountId: string, roleName: string, policyName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getRole(accountId, roleName))) throw E.noSuchRole(roleName);
      if (!(await tx.getRolePolicy(accountId, roleName, policyName))) throw E.noSuchRolePolicy(policyName, roleName);
      await tx.deleteRolePolicy(accountId, roleName, policyName);
    });
  }
}

function assertPolicy(document: string, kind: 'identity' | 'trust'): void {
  const parsed = parsePolicy(document, { kind });
  if (!parsed.ok) throw E.malformedPolicy(parsed.problems[0]!.message);
}
