/** The Secrets Manager service: its wire identity and its operations, one file each under operations/. */
import type { Operation } from '../operation.js';
import type { SecretsManagerDeps } from './deps.js';
import { batchGetSecretValue } from './operations/batch-get-secret-value.js';
import { createSecret } from './operations/create-secret.js';
import { deleteSecret } from './operations/delete-secret.js';
import { describeSecret } from './operations/describe-secret.js';
import { getRandomPassword } from './operations/get-random-password.js';
import { getSecretValue } from './operations/get-secret-value.js';
import { listSecretVersionIds } from './operations/list-secret-version-ids.js';
import { listSecrets } from './operations/list-secrets.js';
import { putSecretValue } from './operations/put-secret-value.js';
import { restoreSecret } from './operations/restore-secret.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateSecret } from './operations/update-secret.js';
import { updateSecretVersionStage } from './operations/update-secret-version-stage.js';

export const SECRETS_MANAGER_OPERATIONS: readonly Operation<SecretsManagerDeps>[] = [
  batchGetSecretValue,
  createSecret,
  deleteSecret,
  describeSecret,
  getRandomPassword,
  getSecretValue,
  listSecretVersionIds,
  listSecrets,
  putSecretValue,
  restoreSecret,
  tagResource,
  untagResource,
  updateSecret,
  updateSecretVersionStage,
];

/** Operations in the AWS model that Coffer answers with a clear "not available" error until their issues land. */
export const SECRETS_MANAGER_NOT_YET = [
  'RotateSecret',
  'CancelRotateSecret',
  'PutResourcePolicy',
  'GetResourcePolicy',
  'DeleteResourcePolicy',
  'ValidateResourcePolicy',
  'ReplicateSecretToRegions',
  'RemoveRegionsFromReplication',
  'StopReplicationToReplica',
] as const;

export const SECRETS_MANAGER = {
  targetPrefix: 'secretsmanager',
  signingName: 'secretsmanager',
  eventSource: 'secretsmanager.amazonaws.com',
} as const;
