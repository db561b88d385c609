/** The STS service (awsQuery, signing name `sts`). */
import type { AssumeRoleService } from '../../domain/iam/assume-role.js';
import { callerOf, defineOperation, type Operation } from '../operation.js';

export interface StsDeps {
  sts: AssumeRoleService;
}

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

interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  Policy?: string;
  ExternalId?: string;
}

/** Authorized by the role's trust policy (and, when it trusts the account, the caller's policies): in the domain. */
export const assumeRole = defineOperation<AssumeRoleInput, StsDeps>({
  name: 'AssumeRole',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      RoleArn: { type: 'string', min: 20, max: 2048, required: true },
      RoleSessionName: { type: 'string', min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*', required: true },
      DurationSeconds: { type: 'integer', min: 900, max: 43200 },
      Policy: { type: 'string', min: 1, max: 2048 },
      ExternalId: { type: 'string', min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' },
    },
  },
  output: {
    type: 'structure',
    members: {
      Credentials: {
        type: 'structure',
        members: { AccessKeyId: { type: 'string' }, SecretAccessKey: { type: 'string' }, SessionToken: { type: 'string' }, Expiration: { type: 'timestamp' } },
      },
      AssumedRoleUser: { type: 'structure', members: { AssumedRoleId: { type: 'string' }, Arn: { type: 'string' } } },
      PackedPolicySize: { type: 'integer' },
    },
  },
  async handle(input, ctx, { sts }) {
    const session = await sts.assumeRole(callerOf(ctx), ctx.scope.accountId, {
      roleArn: input.RoleArn,
      sessionName: input.RoleSessionName,
      durationSeconds: input.DurationSeconds,
      sessionPolicy: input.Policy,
      externalId: input.ExternalId,
    });
    const out: Record<string, unknown> = {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: new Date(session.expiresAt),
      },
      AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.arn },
    };
    if (input.Policy !== undefined) out.PackedPolicySize = Math.min(100, Math.ceil((input.Policy.length / 2048) * 100));
    return out;
  },
});

export const STS_OPERATIONS: readonly Operation<StsDeps>[] = [assumeRole, getCallerIdentity];

export const STS = { signingName: 'sts', apiVersion: '2011-06-15', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/' } as const;
