import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const addUserToGroup = defineOperation<{ GroupName: string; UserName: string }, IamDeps>({
  name: 'AddUserToGroup',
  readOnly: false,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, UserName: S.UserName } },
  async handle(input, ctx, { groups }) {
    await groups.addUserToGroup(ctx.scope.accountId, input.GroupName, input.UserName);
    return {};
  },
});
