import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import { userOutput } from '../output.js';
import * as S from '../shapes.js';

export const getUser = defineOperation<{ UserName?: string }, IamDeps>({
  name: 'GetUser',
  readOnly: true,
  authorization: {
    resource: (input, ctx, { iam }) => {
      const name = input.UserName ?? ctx.principal.userName;
      return name === undefined ? ctx.principal.arn : iam.userArnFor(ctx.scope.accountId, name);
    },
  },
  input: { type: 'structure', members: { UserName: S.OptionalUserName } },
  output: { type: 'structure', members: { User: S.User } },
  async handle(input, ctx, { iam }) {
    if (input.UserName === undefined && ctx.principal.type === 'Root') {
      return { User: { UserId: ctx.principal.accountId, Arn: ctx.principal.arn, CreateDate: new Date(0), Path: '/' } };
    }
    return { User: userOutput(await iam.getUser(ctx.scope.accountId, targetUser(input.UserName, ctx))) };
  },
});
