import type { Tag } from '../../../storage/store.js';
import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const tagRole = defineOperation<{ RoleName: string; Tags: Tag[] }, IamDeps>({
  name: 'TagRole',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, Tags: { ...S.Tags, required: true } } },
  output: { type: 'structure', members: {} },
  async handle(input, ctx, { tags }) {
    await tags.tagRole(ctx.scope.accountId, input.RoleName, input.Tags);
    return {};
  },
});
