/**
 * Calls on a managed policy are authorized against the policy's ARN, and denials name it as IAM does
 * (`on resource: policy arn:…`). AWS's own policies live in the account `aws`; IAM lets the caller's identity
 * policies grant reading them, so they are evaluated as if in the caller's account (changing them is refused by the
 * domain, whatever the policies say).
 */
import { isAwsManagedArn } from '../../domain/iam/aws-managed-policies.js';
import { assertAllowed } from '../../domain/policy/index.js';
import { callerOf, type RequestContext } from '../operation.js';

export function authorizePolicyCall(ctx: RequestContext, operation: string, policyArn: string): void {
  assertAllowed(callerOf(ctx), {
    action: `iam:${operation}`,
    resource: policyArn,
    shownResource: `policy ${policyArn}`,
    ...(isAwsManagedArn(policyArn) ? { resourceAccountId: ctx.principal.accountId } : {}),
  });
}
