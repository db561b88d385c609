/** The IAM service (awsQuery, signing name `iam`, global): its wire identity and its operations. */
import type { Operation } from '../operation.js';
import type { IamDeps } from './deps.js';
import { simulatePrincipalPolicy } from './operations/simulate-principal-policy.js';
import { simulateCustomPolicy } from './operations/simulate-custom-policy.js';
import { getContextKeysForPrincipalPolicy } from './operations/get-context-keys-for-principal-policy.js';
import { getContextKeysForCustomPolicy } from './operations/get-context-keys-for-custom-policy.js';
import { createAccessKey } from './operations/create-access-key.js';
import { createUser } from './operations/create-user.js';
import { deleteAccessKey } from './operations/delete-access-key.js';
import { deleteUserPolicy } from './operations/delete-user-policy.js';
import { deleteUser } from './operations/delete-user.js';
import { getUserPolicy } from './operations/get-user-policy.js';
import { getUser } from './operations/get-user.js';
import { listAccessKeys } from './operations/list-access-keys.js';
import { listUserPolicies } from './operations/list-user-policies.js';
import { listUsers } from './operations/list-users.js';
import { putUserPolicy } from './operations/put-user-policy.js';
import { updateAccessKey } from './operations/update-access-key.js';
import { createGroup } from './operations/create-group.js';
import { getGroup } from './operations/get-group.js';
import { listGroups } from './operations/list-groups.js';
import { listGroupsForUser } from './operations/list-groups-for-user.js';
import { deleteGroup } from './operations/delete-group.js';
import { addUserToGroup } from './operations/add-user-to-group.js';
import { removeUserFromGroup } from './operations/remove-user-from-group.js';
import { putGroupPolicy } from './operations/put-group-policy.js';
import { getGroupPolicy } from './operations/get-group-policy.js';
import { listGroupPolicies } from './operations/list-group-policies.js';
import { deleteGroupPolicy } from './operations/delete-group-policy.js';
import { createRole } from './operations/create-role.js';
import { getRole } from './operations/get-role.js';
import { listRoles } from './operations/list-roles.js';
import { deleteRole } from './operations/delete-role.js';
import { updateAssumeRolePolicy } from './operations/update-assume-role-policy.js';
import { putRolePolicy } from './operations/put-role-policy.js';
import { getRolePolicy } from './operations/get-role-policy.js';
import { listRolePolicies } from './operations/list-role-policies.js';
import { deleteRolePolicy } from './operations/delete-role-policy.js';
import { tagUser } from './operations/tag-user.js';
import { untagUser } from './operations/untag-user.js';
import { listUserTags } from './operations/list-user-tags.js';
import { tagRole } from './operations/tag-role.js';
import { untagRole } from './operations/untag-role.js';
import { listRoleTags } from './operations/list-role-tags.js';
import { getAccessKeyLastUsed } from './operations/get-access-key-last-used.js';
import { createPolicy } from './operations/create-policy.js';
import { getPolicy } from './operations/get-policy.js';
import { listPolicies } from './operations/list-policies.js';
import { deletePolicy } from './operations/delete-policy.js';
import { createPolicyVersion } from './operations/create-policy-version.js';
import { getPolicyVersion } from './operations/get-policy-version.js';
import { listPolicyVersions } from './operations/list-policy-versions.js';
import { deletePolicyVersion } from './operations/delete-policy-version.js';
import { setDefaultPolicyVersion } from './operations/set-default-policy-version.js';
import { attachUserPolicy } from './operations/attach-user-policy.js';
import { detachUserPolicy } from './operations/detach-user-policy.js';
import { listAttachedUserPolicies } from './operations/list-attached-user-policies.js';
import { attachGroupPolicy } from './operations/attach-group-policy.js';
import { detachGroupPolicy } from './operations/detach-group-policy.js';
import { listAttachedGroupPolicies } from './operations/list-attached-group-policies.js';
import { attachRolePolicy } from './operations/attach-role-policy.js';
import { detachRolePolicy } from './operations/detach-role-policy.js';
import { listAttachedRolePolicies } from './operations/list-attached-role-policies.js';
import { listEntitiesForPolicy } from './operations/list-entities-for-policy.js';

export const IAM_OPERATIONS: readonly Operation<IamDeps>[] = [
  simulatePrincipalPolicy,
  simulateCustomPolicy,
  getContextKeysForPrincipalPolicy,
  getContextKeysForCustomPolicy,
  createAccessKey,
  createUser,
  deleteAccessKey,
  deleteUser,
  deleteUserPolicy,
  getUser,
  getUserPolicy,
  listAccessKeys,
  listUserPolicies,
  listUsers,
  putUserPolicy,
  updateAccessKey,
  createRole,
  getRole,
  listRoles,
  deleteRole,
  updateAssumeRolePolicy,
  putRolePolicy,
  getRolePolicy,
  listRolePolicies,
  deleteRolePolicy,
  tagUser,
  untagUser,
  listUserTags,
  tagRole,
  untagRole,
  listRoleTags,
  getAccessKeyLastUsed,
  createGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  deleteGroup,
  addUserToGroup,
  removeUserFromGroup,
  putGroupPolicy,
  getGroupPolicy,
  listGroupPolicies,
  deleteGroupPolicy,
  createPolicy,
  getPolicy,
  listPolicies,
  deletePolicy,
  createPolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  deletePolicyVersion,
  setDefaultPolicyVersion,
  attachUserPolicy,
  detachUserPolicy,
  listAttachedUserPolicies,
  attachGroupPolicy,
  detachGroupPolicy,
  listAttachedGroupPolicies,
  attachRolePolicy,
  detachRolePolicy,
  listAttachedRolePolicies,
  listEntitiesForPolicy,
];

export const IAM = { signingName: 'iam', apiVersion: '2010-05-08', namespace: 'https://iam.amazonaws.com/doc/2010-05-08/' } as const;
