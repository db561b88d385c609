import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import { secretValueOutput } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  SecretId: string;
  VersionId?: string;
  VersionStage?: string;
}

export const getSecretValue = defineOperation<Input, SecretsManagerDeps>({
  name: 'GetSecretValue',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId, VersionId: S.VersionId, VersionStage: S.VersionStage } },
  async handle(input, ctx, { engine }) {
    const { secret, version, value } = await engine.getSecretValue(ctx.scope, input.SecretId, input.VersionId, input.VersionStage, callerOf(ctx));
    return secretValueOutput(secret, version, value);
  },
});
