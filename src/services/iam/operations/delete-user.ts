import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteUser = defineOperation<{ UserName: string }, IamDeps>({
  name: 'DeleteUser',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.UserName } },
  async handle(input, ctx, { iam }) {
    await iam.deleteUser(ctx.scope.accountId, input.UserName);
    return {};
  },
});
