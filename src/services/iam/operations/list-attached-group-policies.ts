import { policyKey } from '../../../domain/iam/managed-policies.js';
import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const listAttachedGroupPolicies = defineOperation<{ GroupName: string; PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListAttachedGroupPolicies',
  readOnly: true,
  authorization: { resource: (input, ctx, { groups }) => groups.groupArnFor(ctx.scope.accountId, input.GroupName) },
  input: { type: 'structure', members: { GroupName: S.GroupName, PathPrefix: P.PolicyPath, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: P.AttachedPoliciesOutput,
  async handle(input, ctx, { policies }) {
    const all = await policies.listAttached(ctx.scope.accountId, 'group', input.GroupName, input.PathPrefix);
    const { page, isTruncated, marker } = pageByName(all, policyKey, input.Marker, input.MaxItems);
    return { AttachedPolicies: page.map(P.attachedPolicyOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
