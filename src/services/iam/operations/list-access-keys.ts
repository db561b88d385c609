import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import { accessKeyMetadata } from '../output.js';
import { pageByPosition } from '../paging.js';
import * as S from '../shapes.js';

export const listAccessKeys = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListAccessKeys',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, targetUser(input.UserName, ctx)) },
  input: { type: 'structure', members: { UserName: S.OptionalUserName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: {
    type: 'structure',
    members: { AccessKeyMetadata: { type: 'list', member: S.AccessKeyMetadata }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } },
  },
  async handle(input, ctx, { iam }) {
    const keys = await iam.listAccessKeys(ctx.scope.accountId, targetUser(input.UserName, ctx));
    // Access keys are listed oldest first, not by name, so the marker is a position.
    const { page, isTruncated, marker } = pageByPosition(keys, input.Marker, input.MaxItems);
    return { AccessKeyMetadata: page.map(accessKeyMetadata), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
