/** IAM records as IAM's output members. */
import type { AccessKeyRecord, IamUserRecord } from '../../storage/store.js';

export function userOutput(user: IamUserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: new Date(user.createdAt) };
  if (user.tags && user.tags.length > 0) out.Tags = user.tags;
  return out;
}

export function accessKeyMetadata(key: AccessKeyRecord): Record<string, unknown> {
  return { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: new Date(key.createdAt) };
}
