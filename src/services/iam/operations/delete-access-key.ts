import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteAccessKey = defineOperation<{ UserName?: string; AccessKeyId: string }, IamDeps>({
  name: 'DeleteAccessKey',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, targetUser(input.UserName, ctx)) },
  input: { type: 'structure', members: { UserName: S.OptionalUserName, AccessKeyId: S.AccessKeyId } },
  async handle(input, ctx, { iam }) {
    await iam.deleteAccessKey(ctx.scope.accountId, targetUser(input.UserName, ctx), input.AccessKeyId);
    return {};
  },
});
