/** IAM groups: members and inline policies; a user's permissions include those of every group it belongs to. */
import { parsePolicy } from '../policy/index.js';
import type { GroupPolicyRecord, IamGroupRecord, Store } from '../../storage/store.js';
import { newGroupId } from './access-keys.js';
import * as E from './errors.js';

export class GroupEngine {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async createGroup(accountId: string, groupName: string, path = '/'): Promise<IamGroupRecord> {
    return this.store.transaction(async (tx) => {
      const lower = groupName.toLowerCase();
      if ((await tx.listGroups(accountId)).some((g) => g.groupName.toLowerCase() === lower)) throw E.groupExists(groupName);
      const group: IamGroupRecord = { accountId, groupName, groupId: newGroupId(), arn: `arn:aws:iam::${accountId}:group${path}${groupName}`, path, createdAt: this.now() };
      await tx.insertGroup(group);
      return group;
    });
  }

  /** The ARN a call on this group is authorized against: the group's real ARN (with its path), if it exists. */
  async groupArnFor(accountId: string, groupName: string): Promise<string> {
    return (await this.store.getGroup(accountId, groupName))?.arn ?? `arn:aws:iam::${accountId}:group/${groupName}`;
  }

  async getGroup(accountId: string, groupName: string): Promise<{ group: IamGroupRecord; members: string[] }> {
    const group = await this.store.getGroup(accountId, groupName);
    if (!group) throw E.noSuchGroup(groupName);
    return { group, members: await this.store.listGroupMembers(accountId, groupName) };
  }

  async listGroups(accountId: string, pathPrefix = '/'): Promise<IamGroupRecord[]> {
    return (await this.store.listGroups(accountId)).filter((g) => g.path.startsWith(pathPrefix));
  }

  async listGroupsForUser(accountId: string, userName: string): Promise<IamGroupRecord[]> {
    if (!(await this.store.getUser(accountId, userName))) throw E.noSuchUser(userName);
    return this.store.listGroupsForUser(accountId, userName);
  }

  async deleteGroup(accountId: string, groupName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
      if ((await tx.listGroupMembers(accountId, groupName)).length > 0) throw E.removeMembersFirst();
      if ((await tx.listGroupPolicies(accountId, groupName)).length > 0) throw E.deletePoliciesFirst();
      if ((await tx.listAttachedPolicies(accountId, 'group', groupName)).length > 0) throw E.detachPoliciesFirst();
      await tx.deleteGroup(accountId, groupName);
    });
  }

  async addUserToGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
      if (!(await tx.getUser(accountId, userName))) throw E.noSuchUser(userName);
      await tx.addUserToGroup(accountId, groupName, userName);
    });
  }

  async removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
      if (!(await tx.getUser(accountId, userName))) throw E.noSuchUser(userName);
      await tx.removeUserFromGroup(accountId, groupName, userName);
    });
  }

  async putGroupPolicy(accountId: string, groupName: string, policyName: string, document: string): Promise<void> {
    const parsed = parsePolicy(document, { kind: 'identity' });
    if (!parsed.ok) throw E.malformedPolicy(parsed.problems[0]!.message);
    await this.store.transaction(async (tx) => {
      if (!(await tx.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
      await tx.putGroupPolicy({ accountId, groupName, policyName, document });
    });
  }

  async getGroupPolicy(accountId: string, groupName: string, policyName: string): Promise<GroupPolicyRecord> {
    if (!(await this.store.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
    const policy = await this.store.getGroupPolicy(accountId, groupName, policyName);
    if (!policy) throw E.noSuchGroupPolicy(policyName, groupName);
    return policy;
  }

  async listGroupPolicies(accountId: string, groupName: string): Promise<string[]> {
    if (!(await this.store.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
    return (await this.store.listGroupPolicies(accountId, groupName)).map((p) => p.policyName);
  }

  async deleteGroupPolicy(accountId: string, groupName: string, policyName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getGroup(accountId, groupName))) throw E.noSuchGroup(groupName);
      if (!(await tx.getGroupPolicy(accountId, groupName, policyName))) throw E.noSuchGroupPolicy(policyName, groupName);
      await tx.deleteGroupPolicy(accountId, groupName, policyName);
    });
  }
}
