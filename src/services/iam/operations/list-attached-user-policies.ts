import { policyKey } from '../../../domain/iam/managed-policies.js';
import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const listAttachedUserPolicies = defineOperation<{ UserName: string; PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListAttachedUserPolicies',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.UserName, PathPrefix: P.PolicyPath, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: P.AttachedPoliciesOutput,
  async handle(input, ctx, { policies }) {
    const all = await policies.listAttached(ctx.scope.accountId, 'user', input.UserName, input.PathPrefix);
    const { page, isTruncated, marker } = pageByName(all, policyKey, input.Marker, input.MaxItems);
    return { AttachedPolicies: page.map(P.attachedPolicyOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
