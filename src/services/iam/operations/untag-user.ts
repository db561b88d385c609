import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const untagUser = defineOperation<{ UserName: string; TagKeys: string[] }, IamDeps>({
  name: 'UntagUser',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, TagKeys: { ...S.TagKeys, required: true } } },
  output: { type: 'structure', members: {} },
  async handle(input, ctx, { tags }) {
    await tags.untagUser(ctx.scope.accountId, input.UserName, input.TagKeys);
    return {};
  },
});
