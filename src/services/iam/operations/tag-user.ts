import type { Tag } from '../../../storage/store.js';
import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const tagUser = defineOperation<{ UserName: string; Tags: Tag[] }, IamDeps>({
  name: 'TagUser',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, Tags: { ...S.Tags, required: true } } },
  output: { type: 'structure', members: {} },
  async handle(input, ctx, { tags }) {
    await tags.tagUser(ctx.scope.accountId, input.UserName, input.Tags);
    return {};
  },
});
