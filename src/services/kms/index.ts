/** The KMS service (awsJson1_1, `X-Amz-Target: TrentService.<Op>`): its wire identity and its operations, one file each. */
import type { Operation } from '../operation.js';
import type { KmsDeps } from './deps.js';
import { cancelKeyDeletion } from './operations/cancel-key-deletion.js';
import { createAlias } from './operations/create-alias.js';
import { createKey } from './operations/create-key.js';
import { decrypt } from './operations/decrypt.js';
import { deleteAlias } from './operations/delete-alias.js';
import { describeKey } from './operations/describe-key.js';
import { disableKeyRotation } from './operations/disable-key-rotation.js';
import { disableKey } from './operations/disable-key.js';
import { enableKeyRotation } from './operations/enable-key-rotation.js';
import { enableKey } from './operations/enable-key.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateRandom } from './operations/generate-random.js';
import { getKeyPolicy } from './operations/get-key-policy.js';
import { getKeyRotationStatus } from './operations/get-key-rotation-status.js';
import { listAliases } from './operations/list-aliases.js';
import { listKeyPolicies } from './operations/list-key-policies.js';
import { listKeyRotations } from './operations/list-key-rotations.js';
import { listKeys } from './operations/list-keys.js';
import { listResourceTags } from './operations/list-resource-tags.js';
import { putKeyPolicy } from './operations/put-key-policy.js';
import { reEncrypt } from './operations/re-encrypt.js';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand.js';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateAlias } from './operations/update-alias.js';

export const KMS_OPERATIONS: readonly Operation<KmsDeps>[] = [
  cancelKeyDeletion,
  createAlias,
  createKey,
  decrypt,
  deleteAlias,
  describeKey,
  disableKey,
  disableKeyRotation,
  enableKey,
  enableKeyRotation,
  encrypt,
  generateDataKey,
  generateDataKeyWithoutPlaintext,
  generateRandom,
  getKeyPolicy,
  getKeyRotationStatus,
  listAliases,
  listKeyPolicies,
  listKeyRotations,
  listKeys,
  listResourceTags,
  putKeyPolicy,
  reEncrypt,
  rotateKeyOnDemand,
  scheduleKeyDeletion,
  tagResource,
  untagResource,
  updateAlias,
];

/**
 * Operations of the KMS model that Coffer answers with a clear "not available" error: asymmetric and HMAC keys,
 * grants, imported key material, custom key stores, multi-Region keys.
 */
export const KMS_NOT_YET = [
  'ConnectCustomKeyStore',
  'CreateCustomKeyStore',
  'CreateGrant',
  'DeleteCustomKeyStore',
  'DeleteImportedKeyMaterial',
  'DeriveSharedSecret',
  'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'GetKeyLastUsage',
  'GetParametersForImport',
  'GetPublicKey',
  'ImportKeyMaterial',
  'ListGrants',
  'ListRetirableGrants',
  'ReplicateKey',
  'RetireGrant',
  'RevokeGrant',
  'Sign',
  'UpdateCustomKeyStore',
  'UpdateKeyDescription',
  'UpdatePrimaryRegion',
  'Verify',
  'VerifyMac',
] as const;

export const KMS = {
  targetPrefix: 'TrentService',
  signingName: 'kms',
} as const;
