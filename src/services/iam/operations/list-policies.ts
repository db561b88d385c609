import { policyKey } from '../../../domain/iam/managed-policies.js';
import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

interface Input {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

export const listPolicies = defineOperation<Input, IamDeps>({
  name: 'ListPolicies',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: {
    type: 'structure',
    members: {
      Scope: { type: 'string', enum: ['All', 'AWS', 'Local'] },
      OnlyAttached: { type: 'boolean' },
      PathPrefix: P.PolicyPath,
      PolicyUsageFilter: P.PolicyUsageFilter,
      Marker: S.Marker,
      MaxItems: S.MaxItems,
    },
  },
  output: { type: 'structure', members: { Policies: { type: 'list', member: P.Policy }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { policies }) {
    const all = await policies.listPolicies(ctx.scope.accountId, {
      scope: input.Scope,
      onlyAttached: input.OnlyAttached,
      pathPrefix: input.PathPrefix,
      usage: input.PolicyUsageFilter,
    });
    const { page, isTruncated, marker } = pageByName(all, policyKey, input.Marker, input.MaxItems);
    return { Policies: page.map((p) => P.policyOutput(p)), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
