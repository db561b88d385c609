import { defineOperation } from '../../operation.js';
import type { Tag } from '../../../storage/store.js';
import type { IamDeps } from '../deps.js';
import { userOutput } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  UserName: string;
  Path?: string;
  Tags?: Tag[];
}

export const createUser = defineOperation<Input, IamDeps>({
  name: 'CreateUser',
  readOnly: false,
  authorization: { resource: (input, ctx) => `arn:aws:iam::${ctx.scope.accountId}:user${input.Path ?? '/'}${input.UserName}` },
  input: { type: 'structure', members: { UserName: S.UserName, Path: S.Path, Tags: S.Tags, PermissionsBoundary: { type: 'string', min: 20, max: 2048 } } },
  output: { type: 'structure', members: { User: S.User } },
  async handle(input, ctx, { iam }) {
    return { User: userOutput(await iam.createUser(ctx.scope.accountId, input.UserName, input.Path ?? '/', input.Tags)) };
  },
});
