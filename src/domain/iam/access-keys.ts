/** Access key ids and secrets as IAM makes them, and the encryption context their sealed secrets are bound to. */
import { randomBytes, randomInt } from 'node:crypto';
import type { EncryptionContext } from '../crypto/envelope.js';
import type { IamUserRecord } from '../../storage/store.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newAccessKeyId(): string {
  let id = 'AKIA';
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function newUserId(): string {
  let id = 'AIDA';
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A sealed access key secret can only be opened as that key of that user. */
export function accessKeyContext(user: IamUserRecord, accessKeyId: string): EncryptionContext {
  return { accountId: user.accountId, region: 'iam', secretArn: user.arn, versionId: `access-key/${accessKeyId}` };
}
