/**
 * KMS's key policy lockout safety check: a key policy that would not let the caller change it again is refused,
 * unless the caller sets BypassPolicyLockoutSafetyCheck.
 */
import { assertKeyAccess } from '../../domain/kms/index.js';
import * as E from '../../domain/kms/errors.js';
import { isAwsError } from '../../protocol/errors.js';
import type { KmsKeyRecord } from '../../storage/store.js';
import { callerOf, type RequestContext } from '../operation.js';

export function assertNoLockout(ctx: RequestContext, key: Pick<KmsKeyRecord, 'arn' | 'tags'>, policy: string, bypass: boolean | undefined): void {
  if (bypass === true) return;
  try {
    assertKeyAccess(callerOf(ctx), { arn: key.arn, tags: key.tags, policy }, 'kms:PutKeyPolicy');
  } catch (error) {
    if (isAwsError(error) && error.code === 'AccessDeniedException') throw E.keyPolicyLockout();
    throw error;
  }
}
