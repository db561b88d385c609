import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

/** Versions are listed newest first: the marker key counts down as version numbers go up. */
const newestFirstKey = (versionId: string) => String(1e9 - Number.parseInt(versionId.slice(1), 10)).padStart(10, '0');

export const listPolicyVersions = defineOperation<{ PolicyArn: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListPolicyVersions',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { PolicyArn: P.PolicyArn, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Versions: { type: 'list', member: P.PolicyVersion }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'ListPolicyVersions', input.PolicyArn);
    const all = await policies.listPolicyVersions(ctx.scope.accountId, input.PolicyArn);
    const { page, isTruncated, marker } = pageByName(all, (v) => newestFirstKey(v.versionId), input.Marker, input.MaxItems);
    return { Versions: page.map((v) => P.versionOutput(v, false)), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
