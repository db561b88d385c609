import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const detachGroupPolicy = defineOperation<{ GroupName: string; PolicyArn: string }, IamDeps>({
  name: 'DetachGroupPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, PolicyArn: P.PolicyArn } },
  async handle(input, ctx, { policies }) {
    await policies.detach(ctx.scope.accountId, 'group', input.GroupName, input.PolicyArn);
    return {};
  },
});
