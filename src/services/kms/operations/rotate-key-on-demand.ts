import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
}

/** New key material at once; ciphertexts made before keep decrypting with the material they name. */
export const rotateKeyOnDemand = defineOperation<Input, KmsDeps>({
  name: 'RotateKeyOnDemand',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:RotateKeyOnDemand');
    await deps.kms.keys.rotateKeyOnDemand(key);
    return { KeyId: key.keyId };
  },
});
