import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const untagRole = defineOperation<{ RoleName: string; TagKeys: string[] }, IamDeps>({
  name: 'UntagRole',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, TagKeys: { ...S.TagKeys, required: true } } },
  output: { type: 'structure', members: {} },
  async handle(input, ctx, { tags }) {
    await tags.untagRole(ctx.scope.accountId, input.RoleName, input.TagKeys);
    return {};
  },
});
