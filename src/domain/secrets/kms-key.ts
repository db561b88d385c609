/**
 * Which KMS key encrypts a secret. Until customer-managed keys exist, the only key is the account's AWS managed key
 * `alias/aws/secretsmanager` (recorded as "no KmsKeyId", as DescribeSecret omits it for that key); any other key
 * cannot be found, as on AWS for a key that does not exist.
 */
import { AwsError } from '../../protocol/errors.js';
import type { Scope } from '../../storage/store.js';
import { partitionOf } from './identifiers.js';

export const DEFAULT_KEY_ALIAS = 'alias/aws/secretsmanager';

/** Returns the KmsKeyId to record (undefined for the default key) or throws the AWS error for an unusable key. */
export function resolveKmsKey(scope: Scope, kmsKeyId: string | undefined): string | undefined {
  if (kmsKeyId === undefined || kmsKeyId === '' || kmsKeyId === DEFAULT_KEY_ALIAS) return undefined;
  if (kmsKeyId === `arn:${partitionOf(scope.region)}:kms:${scope.region}:${scope.accountId}:${DEFAULT_KEY_ALIAS}`) return undefined;
  throw new AwsError('EncryptionFailure', `Secrets Manager can't encrypt the secret value: Key '${kmsKeyId}' does not exist`);
}
