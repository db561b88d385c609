import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';
import { valueFrom } from '../values.js';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  SecretBinary?: Buffer;
  SecretString?: string;
  VersionStages?: string[];
  RotationToken?: string;
}

export const putSecretValue = defineOperation<Input, SecretsManagerDeps>({
  name: 'PutSecretValue',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      SecretId: S.SecretId,
      ClientRequestToken: S.ClientRequestToken,
      SecretBinary: S.SecretBinary,
      SecretString: S.SecretString,
      VersionStages: S.VersionStages,
      RotationToken: { type: 'string', min: 36, max: 256, pattern: /^[a-zA-Z0-9-]+$/, patternText: '^[a-zA-Z0-9\\-]+$', sensitive: true },
    },
  },
  async handle(input, ctx, { engine }) {
    const result = await engine.putSecretValue(ctx.scope, {
      secretId: input.SecretId,
      token: input.ClientRequestToken,
      value: valueFrom(input),
      stages: input.VersionStages,
    }, callerOf(ctx));
    return { ARN: result.secret.arn, Name: result.secret.name, VersionId: result.versionId, VersionStages: result.stages };
  },
});
