import type { Tag } from '../../../storage/store.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

export const tagResource = defineOperation<{ SecretId: string; Tags: Tag[] }, SecretsManagerDeps>({
  name: 'TagResource',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId, Tags: { ...S.Tags, required: true } } },
  async handle(input, ctx, { engine }) {
    await engine.tagResource(ctx.scope, input.SecretId, input.Tags, callerOf(ctx));
    return {};
  },
});
