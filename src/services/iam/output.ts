/** IAM records as IAM's output members. */
import type { AccessKeyRecord, IamGroupRecord, IamRoleRecord, IamUserRecord } from '../../storage/store.js';

export function userOutput(user: IamUserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: new Date(user.createdAt) };
  if (user.tags && user.tags.length > 0) out.Tags = user.tags;
  return out;
}

export function accessKeyMetadata(key: AccessKeyRecord): Record<string, unknown> {
  return { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: new Date(key.createdAt) };
}

/** IAM returns policy documents URL-encoded (RFC 3986); the AWS CLI and SDKs decode them. */
export function roleOutput(role: IamRoleRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicy),
    MaxSessionDuration: role.maxSessionDuration,
  };
  if (role.description !== undefined) out.Description = role.description;
  if (role.tags && role.tags.length > 0) out.Tags = role.tags;
  return out;
}

export function groupOutput(group: IamGroupRecord): Record<string, unknown> {
  return { Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: new Date(group.createdAt) };
}
