import * as E from '../../../domain/kms/errors.js';
import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import { refuseRecipient } from '../crypto-options.js';
import type { KmsDeps } from '../deps.js';
import { base64 } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  NumberOfBytes?: number;
  CustomKeyStoreId?: string;
  Recipient?: unknown;
}

export const generateRandom = defineOperation<Input, KmsDeps>({
  name: 'GenerateRandom',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { NumberOfBytes: S.NumberOfBytes, CustomKeyStoreId: S.CustomKeyStoreId, Recipient: S.Recipient } },
  async handle(input, _ctx, { kms }) {
    if (input.NumberOfBytes === undefined) throw E.numberOfBytesRequired();
    if (input.CustomKeyStoreId !== undefined) throw E.unsupported('Custom key stores are not supported by Coffer.');
    refuseRecipient(input.Recipient);
    return { Plaintext: base64(kms.crypto.generateRandom(input.NumberOfBytes)) };
  },
});
