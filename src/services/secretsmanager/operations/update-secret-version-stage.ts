import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  SecretId: string;
  VersionStage: string;
  RemoveFromVersionId?: string;
  MoveToVersionId?: string;
}

export const updateSecretVersionStage = defineOperation<Input, SecretsManagerDeps>({
  name: 'UpdateSecretVersionStage',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      SecretId: S.SecretId,
      VersionStage: { ...S.VersionStage, required: true },
      RemoveFromVersionId: S.VersionId,
      MoveToVersionId: S.VersionId,
    },
  },
  async handle(input, ctx, { engine }) {
    const secret = await engine.updateSecretVersionStage(ctx.scope, input.SecretId, {
      label: input.VersionStage,
      removeFromVersionId: input.RemoveFromVersionId,
      moveToVersionId: input.MoveToVersionId,
    }, callerOf(ctx));
    return { ARN: secret.arn, Name: secret.name };
  },
});
