/**
 * The identity policies that apply to a user, a group or a role, each with where it comes from: inline policies,
 * attached managed policies (their default version) and, for a user, those of its groups. The credential resolver
 * compiles them for every request; SimulatePrincipalPolicy reports their sources.
 */
import type { PolicyEntityType, StoreReader } from '../../storage/store.js';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';

export type PolicySourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed';

export interface SourcedPolicy {
  /** The inline policy's name, or the managed policy's name. */
  sourceId: string;
  sourceType: PolicySourceType;
  /** The managed policy's ARN. */
  policyArn?: string;
  document: string;
}

type Reader = Pick<
  StoreReader,
  'listUserPolicies' | 'listGroupsForUser' | 'listGroupPolicies' | 'listRolePolicies' | 'listAttachedPolicies' | 'getManagedPolicy' | 'getPolicyVersion'
>;

export async function userPolicies(store: Reader, accountId: string, userName: string): Promise<SourcedPolicy[]> {
  const policies: SourcedPolicy[] = (await store.listUserPolicies(accountId, userName)).map((p) => ({
    sourceId: p.policyName,
    sourceType: 'user',
    document: p.document,
  }));
  policies.push(...(await attachedPolicies(store, accountId, 'user', userName)));
  for (const group of await store.listGroupsForUser(accountId, userName)) policies.push(...(await groupPolicies(store, accountId, group.groupName)));
  return policies;
}

export async function groupPolicies(store: Reader, accountId: string, groupName: string): Promise<SourcedPolicy[]> {
  const policies: SourcedPolicy[] = (await store.listGroupPolicies(accountId, groupName)).map((p) => ({
    sourceId: p.policyName,
    sourceType: 'group',
    document: p.document,
  }));
  policies.push(...(await attachedPolicies(store, accountId, 'group', groupName)));
  return policies;
}

export async function rolePolicies(store: Reader, accountId: string, roleName: string): Promise<SourcedPolicy[]> {
  const policies: SourcedPolicy[] = (await store.listRolePolicies(accountId, roleName)).map((p) => ({
    sourceId: p.policyName,
    sourceType: 'role',
    document: p.document,
  }));
  policies.push(...(await attachedPolicies(store, accountId, 'role', roleName)));
  return policies;
}

async function attachedPolicies(store: Reader, accountId: string, entityType: PolicyEntityType, entityName: string): Promise<SourcedPolicy[]> {
  const policies: SourcedPolicy[] = [];
  for (const arn of await store.listAttachedPolicies(accountId, entityType, entityName)) {
    const policy = await managedPolicyInForce(store, arn);
    if (policy) policies.push(policy);
  }
  return policies;
}

/** The default version of a managed policy (AWS managed or the account's own), or undefined when it is gone. */
export async function managedPolicyInForce(store: Pick<Reader, 'getManagedPolicy' | 'getPolicyVersion'>, arn: string): Promise<SourcedPolicy | undefined> {
  const aws = AWS_MANAGED_POLICIES.get(arn);
  if (aws) return { sourceId: aws.policyName, sourceType: 'aws-managed', policyArn: arn, document: aws.document };
  const policy = await store.getManagedPolicy(arn);
  if (!policy) return undefined;
  const version = await store.getPolicyVersion(arn, policy.defaultVersionId);
  if (!version) return undefined;
  return { sourceId: policy.policyName, sourceType: 'user-managed', policyArn: arn, document: version.document };
}
