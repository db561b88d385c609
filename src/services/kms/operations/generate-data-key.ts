import { defineOperation } from '../../operation.js';
import { refuseRecipient } from '../crypto-options.js';
import { dataKeyInputMembers, prepareDataKey, type DataKeyInput } from '../data-key.js';
import type { KmsDeps } from '../deps.js';
import { base64 } from '../output.js';
import * as S from '../shapes.js';

export const generateDataKey = defineOperation<DataKeyInput & { Recipient?: unknown }, KmsDeps>({
  name: 'GenerateDataKey',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { ...dataKeyInputMembers, Recipient: S.Recipient } },
  async handle(input, ctx, deps) {
    refuseRecipient(input.Recipient);
    const { key, bytes, context } = await prepareDataKey(input, ctx, deps, 'kms:GenerateDataKey');
    const { plaintext, ciphertext } = await deps.kms.crypto.generateDataKey(key, bytes, context);
    try {
      return { CiphertextBlob: base64(ciphertext), Plaintext: base64(plaintext), KeyId: key.arn };
    } finally {
      plaintext.fill(0);
    }
  },
});
