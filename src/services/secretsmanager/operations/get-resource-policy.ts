import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

export const getResourcePolicy = defineOperation<{ SecretId: string }, SecretsManagerDeps>({
  name: 'GetResourcePolicy',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId } },
  async handle(input, ctx, { engine }) {
    const secret = await engine.getResourcePolicy(ctx.scope, input.SecretId, callerOf(ctx));
    const out: Record<string, unknown> = { ARN: secret.arn, Name: secret.name };
    if (secret.resourcePolicy !== undefined) out.ResourcePolicy = secret.resourcePolicy;
    return out;
  },
});
