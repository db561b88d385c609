/** Secret names, ARNs and the forms a SecretId may take. */
import { randomInt } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import type { Scope } from '../../storage/store.js';

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const FULL_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

export function invalidName(): AwsError {
  return new AwsError('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
}

export function assertValidName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw invalidName();
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function arnPrefix(scope: Scope): string {
  return `arn:${partitionOf(scope.region)}:secretsmanager:${scope.region}:${scope.accountId}:secret:`;
}

/** A new ARN: the name, a dash and six random letters and digits. */
export function newSecretArn(scope: Scope, name: string): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return `${arnPrefix(scope)}${name}-${suffix}`;
}

export type SecretRef = { kind: 'name'; name: string } | { kind: 'arn'; arn: string } | { kind: 'partial-arn'; name: string } | { kind: 'elsewhere' };

/**
 * Classifies a SecretId. An ARN whose name part ends in "-" and six letters/digits is taken as a full ARN, so the
 * partial ARN of a secret whose own name ends that way does not resolve (as on AWS).
 */
export function parseSecretId(scope: Scope, secretId: string): SecretRef {
  if (!secretId.startsWith('arn:')) {
    assertValidName(secretId);
    return { kind: 'name', name: secretId };
  }
  const prefix = arnPrefix(scope);
  if (!secretId.startsWith(prefix)) return { kind: 'elsewhere' };
  const rest = secretId.slice(prefix.length);
  if (rest === '') return { kind: 'elsewhere' };
  if (FULL_ARN_SUFFIX.test(rest)) return { kind: 'arn', arn: secretId };
  return { kind: 'partial-arn', name: rest };
}
