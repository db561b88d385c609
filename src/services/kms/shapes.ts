/** Member shapes of the KMS model (botocore kms 2014-11-01), with their constraints. Blobs travel as base64. */
import type { Member, Shape } from '../../protocol/shape.js';

export const KeyId: Member = { type: 'string', min: 1, max: 2048, required: true };
export const OptionalKeyId: Shape = { type: 'string', min: 1, max: 2048 };
export const AliasName: Member = { type: 'string', min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/, patternText: '^[a-zA-Z0-9:/_-]+$', required: true };
export const Description: Shape = { type: 'string', min: 0, max: 8192 };
export const Policy: Shape = { type: 'string', min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
export const PolicyName: Shape = { type: 'string', min: 1, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' };
export const Limit: Shape = { type: 'integer', min: 1, max: 1000 };
export const Marker: Shape = { type: 'string', min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/, patternText: '[\\u0020-\\u00FF]*' };
export const Plaintext: Shape = { type: 'blob', min: 1, max: 4096, sensitive: true };
export const Ciphertext: Member = { type: 'blob', min: 1, max: 6144, required: true };
export const EncryptionContext: Shape = { type: 'map', key: { type: 'string' }, value: { type: 'string' } };
export const GrantTokens: Shape = { type: 'list', member: { type: 'string', min: 1, max: 8192 }, min: 0, max: 10 };
export const EncryptionAlgorithm: Shape = { type: 'string', enum: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] };
export const NumberOfBytes: Shape = { type: 'integer', min: 1, max: 1024 };
export const DataKeySpec: Shape = { type: 'string', enum: ['AES_256', 'AES_128'] };
export const DryRun: Shape = { type: 'boolean' };
/** Nitro Enclaves attestation: part of the model, refused by Coffer (see recipient.ts). */
export const Recipient: Shape = {
  type: 'structure',
  members: {
    KeyEncryptionAlgorithm: { type: 'string', enum: ['RSAES_OAEP_SHA_256'] },
    AttestationDocument: { type: 'blob', min: 1, max: 262144 },
  },
};
export const CustomKeyStoreId: Shape = { type: 'string', min: 1, max: 64 };
export const Tag: Shape = {
  type: 'structure',
  members: {
    TagKey: { type: 'string', min: 1, max: 128, required: true },
    TagValue: { type: 'string', min: 0, max: 256, required: true },
  },
};
export const Tags: Shape = { type: 'list', member: Tag };
export const TagKeys: Shape = { type: 'list', member: { type: 'string', min: 1, max: 128 } };
export const KeyUsage: Shape = { type: 'string', enum: ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] };
export const KeySpec: Shape = {
  type: 'string',
  enum: [
    'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT',
    'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519',
  ],
};
export const CustomerMasterKeySpec: Shape = {
  type: 'string',
  enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2'],
};
export const Origin: Shape = { type: 'string', enum: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] };
export const PendingWindowInDays: Shape = { type: 'integer', min: 1, max: 365 };
export const RotationPeriodInDays: Shape = { type: 'integer', min: 90, max: 2560 };
export const IncludeKeyMaterial: Shape = { type: 'string', enum: ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] };

/** KMS tags on the wire. */
export interface WireTag {
  TagKey: string;
  TagValue: string;
}
