/** Access key ids and secrets as IAM makes them, and the encryption context their sealed secrets are bound to. */
import { randomBytes, randomInt } from 'node:crypto';
import type { EncryptionContext } from '../crypto/envelope.js';
import type { IamRoleRecord, IamUserRecord } from '../../storage/store.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomId(prefix: string, length: number): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/**
 * Long-term access key ids start AKIA, temporary (STS) ones ASIA, user ids AIDA, role ids AROA, group ids AGPA,
 * managed policy ids ANPA.
 */
export const newAccessKeyId = () => randomId('AKIA', 16);
export const newTemporaryAccessKeyId = () => randomId('ASIA', 16);
export const newUserId = () => randomId('AIDA', 17);
export const newRoleId = () => randomId('AROA', 17);
export const newGroupId = () => randomId('AGPA', 17);
export const newPolicyId = () => randomId('ANPA', 17);

export function newSessionToken(): string {
  return randomBytes(96).toString('base64');
}

export function assumedRoleArn(role: IamRoleRecord, sessionName: string): string {
  return `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`;
}

/** A sealed session secret can only be opened as that session of that role. */
export function sessionContext(role: IamRoleRecord, accessKeyId: string): EncryptionContext {
  return { accountId: role.accountId, region: 'sts', secretArn: role.arn, versionId: `session/${accessKeyId}` };
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A sealed access key secret can only be opened as that key of that user. */
export function accessKeyContext(user: IamUserRecord, accessKeyId: string): EncryptionContext {
  return { accountId: user.accountId, region: 'iam', secretArn: user.arn, versionId: `access-key/${accessKeyId}` };
}

/** A sealed GetSessionToken secret can only be opened as that session of that user (or root). */
export function userSessionContext(accountId: string, principalArn: string, accessKeyId: string): EncryptionContext {
  return { accountId, region: 'sts', secretArn: principalArn, versionId: `session/${accessKeyId}` };
}
