import type { EncryptionContextMap } from '../../../domain/kms/index.js';
import { assertKeyAccess } from '../../../domain/kms/index.js';
import { callerOf, defineOperation } from '../../operation.js';
import { assertSymmetricAlgorithm, endDryRun, refuseRecipient } from '../crypto-options.js';
import type { KmsDeps } from '../deps.js';
import { base64 } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  CiphertextBlob: Buffer;
  EncryptionContext?: EncryptionContextMap;
  GrantTokens?: string[];
  KeyId?: string;
  EncryptionAlgorithm?: string;
  Recipient?: unknown;
  DryRun?: boolean;
}

/** The ciphertext names its key; a KeyId, when given, must name the same key (IncorrectKeyException otherwise). */
export const decrypt = defineOperation<Input, KmsDeps>({
  name: 'Decrypt',
  readOnly: true,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      CiphertextBlob: S.Ciphertext,
      EncryptionContext: S.EncryptionContext,
      GrantTokens: S.GrantTokens,
      KeyId: S.OptionalKeyId,
      EncryptionAlgorithm: S.EncryptionAlgorithm,
      Recipient: S.Recipient,
      DryRun: S.DryRun,
    },
  },
  async handle(input, ctx, { kms }) {
    const context = input.EncryptionContext ?? {};
    const key = await kms.crypto.keyOf(ctx.scope, input.CiphertextBlob, input.KeyId);
    assertKeyAccess(callerOf(ctx), key, 'kms:Decrypt', { encryptionContext: context });
    kms.crypto.assertUsable(key);
    assertSymmetricAlgorithm(input.EncryptionAlgorithm);
    refuseRecipient(input.Recipient);
    endDryRun(input.DryRun);
    const plaintext = await kms.crypto.decrypt(key, input.CiphertextBlob, context);
    try {
      return { KeyId: key.arn, Plaintext: base64(plaintext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    } finally {
      plaintext.fill(0);
    }
  },
});
