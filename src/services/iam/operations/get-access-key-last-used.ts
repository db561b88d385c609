import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

/** Authorized against the key owner's user ARN. */
export const getAccessKeyLastUsed = defineOperation<{ AccessKeyId: string }, IamDeps>({
  name: 'GetAccessKeyLastUsed',
  readOnly: true,
  authorization: { resource: (input, ctx, { keyLastUsed }) => keyLastUsed.ownerArnFor(ctx.scope.accountId, input.AccessKeyId) },
  input: { type: 'structure', members: { AccessKeyId: S.AccessKeyId } },
  output: {
    type: 'structure',
    members: {
      UserName: { type: 'string' },
      AccessKeyLastUsed: { type: 'structure', members: { LastUsedDate: { type: 'timestamp' }, ServiceName: { type: 'string' }, Region: { type: 'string' } } },
    },
  },
  async handle(input, ctx, { keyLastUsed }) {
    const used = await keyLastUsed.lastUsed(ctx.scope.accountId, input.AccessKeyId);
    const lastUsed: Record<string, unknown> = { ServiceName: used.serviceName, Region: used.region };
    if (used.lastUsedAt !== undefined) lastUsed.LastUsedDate = new Date(used.lastUsedAt);
    return { UserName: used.userName, AccessKeyLastUsed: lastUsed };
  },
});
