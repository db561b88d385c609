import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { groupOutput } from '../output.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listGroups = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListGroups',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { PathPrefix: { type: 'string', min: 1, max: 512 }, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Groups: { type: 'list', member: S.Group }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { groups }) {
    const all = await groups.listGroups(ctx.scope.accountId, input.PathPrefix);
    const { page, isTruncated, marker } = pageByName(all, (item) => item.groupName, input.Marker, input.MaxItems);
    return { Groups: page.map(groupOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
