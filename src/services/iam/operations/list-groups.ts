import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { groupOutput } from '../output.js';
import * as S from '../shapes.js';

export const listGroups = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListGroups',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { PathPrefix: { type: 'string', min: 1, max: 512 }, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Groups: { type: 'list', member: S.Group }, IsTruncated: { type: 'boolean' } } },
  async handle(input, ctx, { groups }) {
    return { Groups: (await groups.listGroups(ctx.scope.accountId, input.PathPrefix)).map(groupOutput), IsTruncated: false };
  },
});
