import type { EncryptionContextMap } from '../../../domain/kms/index.js';
import { defineOperation } from '../../operation.js';
import { authorizedKey } from '../access.js';
import { assertSymmetricAlgorithm, endDryRun } from '../crypto-options.js';
import type { KmsDeps } from '../deps.js';
import { base64 } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  Plaintext: Buffer;
  EncryptionContext?: EncryptionContextMap;
  GrantTokens?: string[];
  EncryptionAlgorithm?: string;
  DryRun?: boolean;
}

export const encrypt = defineOperation<Input, KmsDeps>({
  name: 'Encrypt',
  readOnly: true,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      KeyId: S.KeyId,
      Plaintext: { ...S.Plaintext, required: true },
      EncryptionContext: S.EncryptionContext,
      GrantTokens: S.GrantTokens,
      EncryptionAlgorithm: S.EncryptionAlgorithm,
      DryRun: S.DryRun,
    },
  },
  async handle(input, ctx, deps) {
    const context = input.EncryptionContext ?? {};
    const key = await authorizedKey(ctx, deps, input.KeyId, 'kms:Encrypt', { encryptionContext: context });
    deps.kms.crypto.assertUsable(key);
    assertSymmetricAlgorithm(input.EncryptionAlgorithm);
    endDryRun(input.DryRun);
    const ciphertext = await deps.kms.crypto.encrypt(key, input.Plaintext, context);
    input.Plaintext.fill(0);
    return { CiphertextBlob: base64(ciphertext), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
});
