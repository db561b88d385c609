import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { userOutput } from '../output.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listUsers = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListUsers',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { PathPrefix: { type: 'string', min: 1, max: 512 }, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Users: { type: 'list', member: S.User }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { iam }) {
    const users = await iam.listUsers(ctx.scope.accountId, input.PathPrefix);
    const { page, isTruncated, marker } = pageByName(users, (item) => item.userName, input.Marker, input.MaxItems);
    return { Users: page.map(userOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
