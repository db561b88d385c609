import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const putGroupPolicy = defineOperation<{ GroupName: string; PolicyName: string; PolicyDocument: string }, IamDeps>({
  name: 'PutGroupPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, PolicyName: S.PolicyName, PolicyDocument: S.PolicyDocument } },
  async handle(input, ctx, { groups }) {
    await groups.putGroupPolicy(ctx.scope.accountId, input.GroupName, input.PolicyName, input.PolicyDocument);
    return {};
  },
});
