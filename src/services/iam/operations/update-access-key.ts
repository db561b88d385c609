import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  UserName?: string;
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
}

export const updateAccessKey = defineOperation<Input, IamDeps>({
  name: 'UpdateAccessKey',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, targetUser(input.UserName, ctx)) },
  input: {
    type: 'structure',
    members: { UserName: S.OptionalUserName, AccessKeyId: S.AccessKeyId, Status: { type: 'string', enum: ['Active', 'Inactive'], required: true } },
  },
  async handle(input, ctx, { iam }) {
    await iam.updateAccessKey(ctx.scope.accountId, targetUser(input.UserName, ctx), input.AccessKeyId, input.Status);
    return {};
  },
});
