import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import { describeSecretOutput } from '../output.js';
import * as S from '../shapes.js';

export const describeSecret = defineOperation<{ SecretId: string }, SecretsManagerDeps>({
  name: 'DescribeSecret',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId } },
  async handle(input, ctx, { engine }) {
    const { secret, versions } = await engine.describeSecret(ctx.scope, input.SecretId, callerOf(ctx));
    return describeSecretOutput(secret, versions);
  },
});
