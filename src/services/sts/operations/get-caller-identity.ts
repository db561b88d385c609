import { defineOperation } from '../../operation.js';
import type { StsDeps } from '../deps.js';

/** Who am I? Always allowed, as on AWS. */
export const getCallerIdentity = defineOperation<Record<string, never>, StsDeps>({
  name: 'GetCallerIdentity',
  readOnly: true,
  authorization: 'none',
  input: { type: 'structure', members: {} },
  output: { type: 'structure', members: { UserId: { type: 'string' }, Account: { type: 'string' }, Arn: { type: 'string' } } },
  async handle(_input, ctx) {
    return { UserId: ctx.principal.userId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
  },
});
