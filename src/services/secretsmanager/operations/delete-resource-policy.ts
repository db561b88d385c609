import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteResourcePolicy = defineOperation<{ SecretId: string }, SecretsManagerDeps>({
  name: 'DeleteResourcePolicy',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId } },
  async handle(input, ctx, { engine }) {
    const secret = await engine.deleteResourcePolicy(ctx.scope, input.SecretId, callerOf(ctx));
    return { ARN: secret.arn, Name: secret.name };
  },
});
