import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const getUserPolicy = defineOperation<{ UserName: string; PolicyName: string }, IamDeps>({
  name: 'GetUserPolicy',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, PolicyName: S.PolicyName } },
  output: { type: 'structure', members: { UserName: { type: 'string' }, PolicyName: { type: 'string' }, PolicyDocument: { type: 'string' } } },
  async handle(input, ctx, { iam }) {
    const policy = await iam.getUserPolicy(ctx.scope.accountId, input.UserName, input.PolicyName);
    // IAM returns policy documents URL-encoded (RFC 3986); the AWS CLI and SDKs decode them.
    return { UserName: policy.userName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
  },
});
