/**
 * Finding the key a request names and authorizing the caller on it, in that order (as KMS does: a missing key is
 * NotFoundException for anyone). Authorization follows KMS's key-policy rules (domain/kms/key-access.ts).
 */
import { assertKeyAccess, type KeyAccessContext } from '../../domain/kms/index.js';
import * as E from '../../domain/kms/errors.js';
import type { KmsKeyRecord } from '../../storage/store.js';
import { callerOf, type RequestContext } from '../operation.js';
import type { KmsDeps } from './deps.js';

const ALIAS_ARN = /^arn:[\w-]+:kms:[\w-]*:\d*:alias\//;

/** A key named by key id, key ARN, alias name or alias ARN, authorized for `action`. */
export async function authorizedKey(ctx: RequestContext, { kms }: KmsDeps, keyIdInput: string, action: string, access?: KeyAccessContext): Promise<KmsKeyRecord> {
  const key = await kms.resolver.resolve(ctx.scope, keyIdInput);
  assertKeyAccess(callerOf(ctx), key, action, access);
  return key;
}

/**
 * For operations whose KeyId must be a key id or key ARN (key management, tags, rotation, policy): an alias there
 * is not a key id.
 */
export async function authorizedKeyById(ctx: RequestContext, deps: KmsDeps, keyIdInput: string, action: string): Promise<KmsKeyRecord> {
  if (isAlias(keyIdInput)) throw E.invalidKeyId(keyIdInput);
  return authorizedKey(ctx, deps, keyIdInput, action);
}

export function isAlias(keyIdInput: string): boolean {
  return keyIdInput.startsWith('alias/') || ALIAS_ARN.test(keyIdInput);
}
