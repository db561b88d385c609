import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const listUserPolicies = defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListUserPolicies',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { PolicyNames: S.StringList, IsTruncated: { type: 'boolean' } } },
  async handle(input, ctx, { iam }) {
    return { PolicyNames: await iam.listUserPolicies(ctx.scope.accountId, input.UserName), IsTruncated: false };
  },
});
