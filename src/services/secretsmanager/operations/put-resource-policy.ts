import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  SecretId: string;
  ResourcePolicy: string;
  BlockPublicPolicy?: boolean;
}

export const putResourcePolicy = defineOperation<Input, SecretsManagerDeps>({
  name: 'PutResourcePolicy',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: { SecretId: S.SecretId, ResourcePolicy: { ...S.ResourcePolicy, required: true }, BlockPublicPolicy: { type: 'boolean' } },
  },
  async handle(input, ctx, { engine }) {
    const secret = await engine.putResourcePolicy(ctx.scope, input.SecretId, input.ResourcePolicy, input.BlockPublicPolicy === true, callerOf(ctx));
    return { ARN: secret.arn, Name: secret.name };
  },
});
