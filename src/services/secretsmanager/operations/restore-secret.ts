import { restoreSecret as restore } from '../../../domain/secrets/lifecycle.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

export const restoreSecret = defineOperation<{ SecretId: string }, SecretsManagerDeps>({
  name: 'RestoreSecret',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId } },
  async handle(input, ctx, { engine }) {
    const secret = await restore(engine.store, ctx.scope, input.SecretId, engine.now(), callerOf(ctx));
    return { ARN: secret.arn, Name: secret.name };
  },
});
