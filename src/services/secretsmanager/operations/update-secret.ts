import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';
import { valueFrom } from '../values.js';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretBinary?: Buffer;
  SecretString?: string;
  Type?: string;
}

export const updateSecret = defineOperation<Input, SecretsManagerDeps>({
  name: 'UpdateSecret',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      SecretId: S.SecretId,
      ClientRequestToken: S.ClientRequestToken,
      Description: S.Description,
      KmsKeyId: S.KmsKeyId,
      SecretBinary: S.SecretBinary,
      SecretString: S.SecretString,
      Type: S.MedeaType,
    },
  },
  async handle(input, ctx, { engine }) {
    const result = await engine.updateSecret(ctx.scope, {
      secretId: input.SecretId,
      token: input.ClientRequestToken,
      description: input.Description,
      kmsKeyId: input.KmsKeyId,
      type: input.Type,
      value: valueFrom(input),
    }, callerOf(ctx));
    const out: Record<string, unknown> = { ARN: result.secret.arn, Name: result.secret.name };
    if (result.versionId !== undefined) out.VersionId = result.versionId;
    return out;
  },
});
