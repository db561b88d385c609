import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const createAccessKey = defineOperation<{ UserName?: string }, IamDeps>({
  name: 'CreateAccessKey',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, targetUser(input.UserName, ctx)) },
  input: { type: 'structure', members: { UserName: S.OptionalUserName } },
  output: {
    type: 'structure',
    members: {
      AccessKey: {
        type: 'structure',
        members: { UserName: { type: 'string' }, AccessKeyId: { type: 'string' }, Status: { type: 'string' }, SecretAccessKey: { type: 'string' }, CreateDate: { type: 'timestamp' } },
      },
    },
  },
  async handle(input, ctx, { iam }) {
    const { key, secretAccessKey } = await iam.createAccessKey(ctx.scope.accountId, targetUser(input.UserName, ctx));
    return { AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: secretAccessKey, CreateDate: new Date(key.createdAt) } };
  },
});
