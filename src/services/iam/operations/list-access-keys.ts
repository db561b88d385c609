import { defineOperation } from '../../operation.js';
import { targetUser } from '../caller-user.js';
import type { IamDeps } from '../deps.js';
import { accessKeyMetadata } from '../output.js';
import * as S from '../shapes.js';

export const listAccessKeys = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListAccessKeys',
  readOnly: true,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, targetUser(input.UserName, ctx)) },
  input: { type: 'structure', members: { UserName: S.OptionalUserName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { AccessKeyMetadata: { type: 'list', member: S.AccessKeyMetadata }, IsTruncated: { type: 'boolean' } } },
  async handle(input, ctx, { iam }) {
    const keys = await iam.listAccessKeys(ctx.scope.accountId, targetUser(input.UserName, ctx));
    return { AccessKeyMetadata: keys.map(accessKeyMetadata), IsTruncated: false };
  },
});
