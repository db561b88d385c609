import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteUserPolicy = defineOperation<{ UserName: string; PolicyName: string }, IamDeps>({
  name: 'DeleteUserPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, PolicyName: S.PolicyName } },
  async handle(input, ctx, { iam }) {
    await iam.deleteUserPolicy(ctx.scope.accountId, input.UserName, input.PolicyName);
    return {};
  },
});
