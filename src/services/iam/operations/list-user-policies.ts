import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listUserPolicies = defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListUserPolicies',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { PolicyNames: S.StringList, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { iam }) {
    const names = await iam.listUserPolicies(ctx.scope.accountId, input.UserName);
    const { page, isTruncated, marker } = pageByName(names, (name) => name, input.Marker, input.MaxItems);
    return { PolicyNames: page, IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
