import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listRoleTags = defineOperation<{ RoleName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListRoleTags',
  readOnly: true,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Tags: S.TagList, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { tags }) {
    const all = await tags.listRoleTags(ctx.scope.accountId, input.RoleName);
    const { page, isTruncated, marker } = pageByName(all, (tag) => tag.Key, input.Marker, input.MaxItems);
    return { Tags: page, IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
