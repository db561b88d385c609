import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import { userArn } from '../output.js';
import * as S from '../shapes.js';

export const deleteAccessKey = defineOperation<{ UserName?: string; AccessKeyId: string }, IamDeps>({
  name: 'DeleteAccessKey',
  readOnly: false,
  authorization: { resource: (input, ctx) => userArn(ctx.scope.accountId, targetUser(input.UserName, ctx)) },
  input: { type: 'structure', members: { UserName: S.OptionalUserName, AccessKeyId: S.AccessKeyId } },
  async handle(input, ctx, { iam }) {
    await iam.deleteAccessKey(ctx.scope.accountId, targetUser(input.UserName, ctx), input.AccessKeyId);
    return {};
  },
});
