import type { Tag } from '../../../storage/store.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { StsDeps } from '../deps.js';
import { Credentials, credentialsOutput, PolicyArns, TagKeys, Tags } from '../shapes.js';

interface Input {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  Policy?: string;
  PolicyArns?: { arn?: string }[];
  Tags?: Tag[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
}

/** Authorized by the role's trust policy (and, when it trusts the account, the caller's policies): in the domain. */
export const assumeRole = defineOperation<Input, StsDeps>({
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
      PolicyArns,
      Tags,
      TransitiveTagKeys: TagKeys,
      ExternalId: { type: 'string', min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' },
    },
  },
  output: {
    type: 'structure',
    members: {
      Credentials,
      AssumedRoleUser: { type: 'structure', members: { AssumedRoleId: { type: 'string' }, Arn: { type: 'string' } } },
      PackedPolicySize: { type: 'integer' },
    },
  },
  async handle(input, ctx, { sts }) {
    const { principal } = ctx;
    const session = await sts.assumeRole(callerOf(ctx), ctx.scope.accountId, {
      roleArn: input.RoleArn,
      sessionName: input.RoleSessionName,
      durationSeconds: input.DurationSeconds,
      sessionPolicy: input.Policy,
      // A descriptor without an ARN names no policy; AWS ignores it too.
      policyArns: input.PolicyArns?.flatMap((p) => (p.arn === undefined ? [] : [p.arn])),
      externalId: input.ExternalId,
      tags: input.Tags,
      transitiveTagKeys: input.TransitiveTagKeys,
      chainedFrom: principal.type === 'AssumedRole' ? { transitiveTags: principal.transitiveTags ?? {} } : undefined,
    });
    const out: Record<string, unknown> = {
      Credentials: credentialsOutput(session),
      AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.arn },
    };
    if (session.packedPolicySize !== undefined) out.PackedPolicySize = session.packedPolicySize;
    return out;
  },
});
