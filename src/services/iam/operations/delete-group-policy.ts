import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteGroupPolicy = defineOperation<{ GroupName: string; PolicyName: string }, IamDeps>({
  name: 'DeleteGroupPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, PolicyName: S.PolicyName } },
  async handle(input, ctx, { groups }) {
    await groups.deleteGroupPolicy(ctx.scope.accountId, input.GroupName, input.PolicyName);
    return {};
  },
});
