import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

export const untagResource = defineOperation<{ SecretId: string; TagKeys: string[] }, SecretsManagerDeps>({
  name: 'UntagResource',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.SecretId, TagKeys: { ...S.TagKeys, required: true } } },
  async handle(input, ctx, { engine }) {
    await engine.untagResource(ctx.scope, input.SecretId, input.TagKeys, callerOf(ctx));
    return {};
  },
});
