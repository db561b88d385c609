import { deleteSecret as deleteOrSchedule } from '../../../domain/secrets/lifecycle.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import { epochSeconds } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  SecretId: string;
  RecoveryWindowInDays?: number;
  ForceDeleteWithoutRecovery?: boolean;
}

export const deleteSecret = defineOperation<Input, SecretsManagerDeps>({
  name: 'DeleteSecret',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: { SecretId: S.SecretId, RecoveryWindowInDays: { type: 'long' }, ForceDeleteWithoutRecovery: { type: 'boolean' } },
  },
  async handle(input, ctx, { engine }) {
    const result = await deleteOrSchedule(
      engine.store,
      ctx.scope,
      { secretId: input.SecretId, recoveryWindowInDays: input.RecoveryWindowInDays, forceDeleteWithoutRecovery: input.ForceDeleteWithoutRecovery },
      engine.now(),
      callerOf(ctx),
    );
    return { ARN: result.arn, Name: result.name, DeletionDate: epochSeconds(result.deletionDate) };
  },
});
