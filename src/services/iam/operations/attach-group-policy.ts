import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const attachGroupPolicy = defineOperation<{ GroupName: string; PolicyArn: string }, IamDeps>({
  name: 'AttachGroupPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, PolicyArn: P.PolicyArn } },
  async handle(input, ctx, { policies }) {
    await policies.attach(ctx.scope.accountId, 'group', input.GroupName, input.PolicyArn);
    return {};
  },
});
