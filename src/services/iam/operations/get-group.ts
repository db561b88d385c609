import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { groupOutput, userOutput } from '../output.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const getGroup = defineOperation<{ GroupName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'GetGroup',
  readOnly: true,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: {
    type: 'structure',
    members: { Group: S.Group, Users: { type: 'list', member: S.User }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } },
  },
  async handle(input, ctx, { groups, iam }) {
    const { group, members } = await groups.getGroup(ctx.scope.accountId, input.GroupName);
    const { page, isTruncated, marker } = pageByName(members, (name) => name, input.Marker, input.MaxItems);
    const users = await Promise.all(page.map((name) => iam.getUser(ctx.scope.accountId, name)));
    return { Group: groupOutput(group), Users: users.map(userOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
