/** The STS service (awsQuery, signing name `sts`). */
import { defineOperation, type Operation } from '../operation.js';

/** Who am I? Always allowed, as on AWS. */
export const getCallerIdentity = defineOperation<Record<string, never>, unknown>({
  name: 'GetCallerIdentity',
  readOnly: true,
  authorization: 'none',
  input: { type: 'structure', members: {} },
  output: { type: 'structure', members: { UserId: { type: 'string' }, Account: { type: 'string' }, Arn: { type: 'string' } } },
  async handle(_input, ctx) {
    return { UserId: ctx.principal.userId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
  },
});

export const STS_OPERATIONS: readonly Operation<unknown>[] = [getCallerIdentity];

export const STS = { signingName: 'sts', apiVersion: '2011-06-15', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/' } as const;
