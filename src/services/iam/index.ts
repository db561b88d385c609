/** The IAM service (awsQuery, signing name `iam`, global): its wire identity and its operations. */
import type { Operation } from '../operation.js';
import type { IamDeps } from './deps.js';
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

export const IAM_OPERATIONS: readonly Operation<IamDeps>[] = [
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
];

export const IAM = { signingName: 'iam', apiVersion: '2010-05-08', namespace: 'https://iam.amazonaws.com/doc/2010-05-08/' } as const;
