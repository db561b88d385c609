import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { groupOutput } from '../output.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listGroupsForUser = defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListGroupsForUser',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Groups: { type: 'list', member: S.Group }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { groups }) {
    const all = await groups.listGroupsForUser(ctx.scope.accountId, input.UserName);
    const { page, isTruncated, marker } = pageByName(all, (item) => item.groupName, input.Marker, input.MaxItems);
    return { Groups: page.map(groupOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
