import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listGroupPolicies = defineOperation<{ GroupName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListGroupPolicies',
  readOnly: true,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { PolicyNames: S.StringList, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { groups }) {
    const names = await groups.listGroupPolicies(ctx.scope.accountId, input.GroupName);
    const { page, isTruncated, marker } = pageByName(names, (name) => name, input.Marker, input.MaxItems);
    return { PolicyNames: page, IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
