import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const getGroupPolicy = defineOperation<{ GroupName: string; PolicyName: string }, IamDeps>({
  name: 'GetGroupPolicy',
  readOnly: true,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, PolicyName: S.PolicyName } },
  output: { type: 'structure', members: { GroupName: { type: 'string' }, PolicyName: { type: 'string' }, PolicyDocument: { type: 'string' } } },
  async handle(input, ctx, { groups }) {
    const policy = await groups.getGroupPolicy(ctx.scope.accountId, input.GroupName, input.PolicyName);
    return { GroupName: policy.groupName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
  },
});
