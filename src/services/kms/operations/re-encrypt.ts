import type { EncryptionContextMap } from '../../../domain/kms/index.js';
import { assertKeyAccess } from '../../../domain/kms/index.js';
import { callerOf, defineOperation } from '../../operation.js';
import { authorizedKey } from '../access.js';
import { assertSymmetricAlgorithm, endDryRun } from '../crypto-options.js';
import type { KmsDeps } from '../deps.js';
import { base64 } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  CiphertextBlob: Buffer;
  SourceEncryptionContext?: EncryptionContextMap;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: EncryptionContextMap;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
  GrantTokens?: string[];
  DryRun?: boolean;
}

/** Decrypts under the source key and encrypts under the destination key; the plaintext never leaves Coffer. */
export const reEncrypt = defineOperation<Input, KmsDeps>({
  name: 'ReEncrypt',
  readOnly: true,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      CiphertextBlob: S.Ciphertext,
      SourceEncryptionContext: S.EncryptionContext,
      SourceKeyId: S.OptionalKeyId,
      DestinationKeyId: S.KeyId,
      DestinationEncryptionContext: S.EncryptionContext,
      SourceEncryptionAlgorithm: S.EncryptionAlgorithm,
      DestinationEncryptionAlgorithm: S.EncryptionAlgorithm,
      GrantTokens: S.GrantTokens,
      DryRun: S.DryRun,
    },
  },
  async handle(input, ctx, deps) {
    const { kms } = deps;
    const sourceContext = input.SourceEncryptionContext ?? {};
    const destinationContext = input.DestinationEncryptionContext ?? {};
    const source = await kms.crypto.keyOf(ctx.scope, input.CiphertextBlob, input.SourceKeyId);
    assertKeyAccess(callerOf(ctx), source, 'kms:ReEncryptFrom', { encryptionContext: sourceContext });
    const destination = await authorizedKey(ctx, deps, input.DestinationKeyId, 'kms:ReEncryptTo', { encryptionContext: destinationContext });
    kms.crypto.assertUsable(source);
    kms.crypto.assertUsable(destination);
    assertSymmetricAlgorithm(input.SourceEncryptionAlgorithm);
    assertSymmetricAlgorithm(input.DestinationEncryptionAlgorithm);
    endDryRun(input.DryRun);
    const plaintext = await kms.crypto.decrypt(source, input.CiphertextBlob, sourceContext);
    try {
      const ciphertext = await kms.crypto.encrypt(destination, plaintext, destinationContext);
      return {
        CiphertextBlob: base64(ciphertext),
        SourceKeyId: source.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    } finally {
      plaintext.fill(0);
    }
  },
});
