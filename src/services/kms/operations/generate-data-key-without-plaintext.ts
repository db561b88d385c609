import { defineOperation } from '../../operation.js';
import { dataKeyInputMembers, prepareDataKey, type DataKeyInput } from '../data-key.js';
import type { KmsDeps } from '../deps.js';
import { base64 } from '../output.js';

export const generateDataKeyWithoutPlaintext = defineOperation<DataKeyInput, KmsDeps>({
  name: 'GenerateDataKeyWithoutPlaintext',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: dataKeyInputMembers },
  async handle(input, ctx, deps) {
    const { key, bytes, context } = await prepareDataKey(input, ctx, deps, 'kms:GenerateDataKeyWithoutPlaintext');
    const { plaintext, ciphertext } = await deps.kms.crypto.generateDataKey(key, bytes, context);
    plaintext.fill(0);
    return { CiphertextBlob: base64(ciphertext), KeyId: key.arn };
  },
});
