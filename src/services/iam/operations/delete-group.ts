import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteGroup = defineOperation<{ GroupName: string }, IamDeps>({
  name: 'DeleteGroup',
  readOnly: false,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName } },
  async handle(input, ctx, { groups }) {
    await groups.deleteGroup(ctx.scope.accountId, input.GroupName);
    return {};
  },
});
