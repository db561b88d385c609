import type { Tag } from '../../../storage/store.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';
import { notAvailableYet } from '../unavailable.js';
import { valueFrom } from '../values.js';

interface Input {
  Name: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretBinary?: Buffer;
  SecretString?: string;
  Tags?: Tag[];
  AddReplicaRegions?: unknown[];
  ForceOverwriteReplicaSecret?: boolean;
  Type?: string;
}

export const createSecret = defineOperation<Input, SecretsManagerDeps>({
  name: 'CreateSecret',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      Name: { type: 'string', min: 1, max: 512, required: true },
      ClientRequestToken: S.ClientRequestToken,
      Description: S.Description,
      KmsKeyId: S.KmsKeyId,
      SecretBinary: S.SecretBinary,
      SecretString: S.SecretString,
      Tags: S.Tags,
      AddReplicaRegions: S.ReplicaRegions,
      ForceOverwriteReplicaSecret: { type: 'boolean' },
      Type: S.MedeaType,
    },
  },
  async handle(input, ctx, { engine }) {
    if (input.AddReplicaRegions !== undefined) throw notAvailableYet('Replication (AddReplicaRegions)');
    const result = await engine.createSecret(ctx.scope, {
      name: input.Name,
      token: input.ClientRequestToken,
      description: input.Description,
      kmsKeyId: input.KmsKeyId,
      type: input.Type,
      tags: input.Tags,
      value: valueFrom(input),
    }, callerOf(ctx));
    const out: Record<string, unknown> = { ARN: result.secret.arn, Name: result.secret.name };
    if (result.versionId !== undefined) out.VersionId = result.versionId;
    return out;
  },
});
