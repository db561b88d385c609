import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listUserTags = defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListUserTags',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Tags: S.TagList, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { tags }) {
    const all = await tags.listUserTags(ctx.scope.accountId, input.UserName);
    const { page, isTruncated, marker } = pageByName(all, (tag) => tag.Key, input.Marker, input.MaxItems);
    return { Tags: page, IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
