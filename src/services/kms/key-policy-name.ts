/** KMS keys have exactly one key policy, named `default`. */
import * as E from '../../domain/kms/errors.js';

export const DEFAULT_POLICY_NAME = 'default';

export function assertDefaultPolicyName(policyName: string | undefined): void {
  if (policyName !== undefined && policyName !== DEFAULT_POLICY_NAME) throw E.noSuchPolicy();
}
