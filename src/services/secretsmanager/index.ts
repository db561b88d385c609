/** The Secrets Manager service: its wire identity and its operations, one file each under operations/. */
import type { Operation } from '../operation.js';
import type { SecretsManagerDeps } from './deps.js';
import { batchGetSecretValue } from './operations/batch-get-secret-value.js';
import { createSecret } from './operations/create-secret.js';
import { deleteResourcePolicy } from './operations/delete-resource-policy.js';
import { deleteSecret } from './operations/delete-secret.js';
import { describeSecret } from './operations/describe-secret.js';
import { getRandomPassword } from './operations/get-random-password.js';
import { getResourcePolicy } from './operations/get-resource-policy.js';
import { getSecretValue } from './operations/get-secret-value.js';
import { listSecretVersionIds } from './operations/list-secret-version-ids.js';
import { listSecrets } from './operations/list-secrets.js';
import { putResourcePolicy } from './operations/put-resource-policy.js';
import { putSecretValue } from './operations/put-secret-value.js';
import { restoreSecret } from './operations/restore-secret.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateSecret } from './operations/update-secret.js';
import { updateSecretVersionStage } from './operations/update-secret-version-stage.js';
import { validateResourcePolicy } from './operations/validate-resource-policy.js';

export const SECRETS_MANAGER_OPERATIONS: readonly Operation<SecretsManagerDeps>[] = [
  batchGetSecretValue,
  createSecret,
  deleteResourcePolicy,
  deleteSecret,
  describeSecret,
  getRandomPassword,
  getResourcePolicy,
  getSecretValue,
  listSecretVersionIds,
  listSecrets,
  putResourcePolicy,
  putSecretValue,
  restoreSecret,
  tagResource,
  untagResource,
  updateSecret,
  updateSecretVersionStage,
  validateResourcePolicy,
];

/** Operations in the AWS model that Coffer answers with a clear "not available" error until their issues land. */
export const SECRETS_MANAGER_NOT_YET = [
  'RotateSecret',
  'CancelRotateSecret',
  'ReplicateSecretToRegions',
  'RemoveRegionsFromReplication',
  'StopReplicationToReplica',
] as const;

export const SECRETS_MANAGER = {
  targetPrefix: 'secretsmanager',
  signingName: 'secretsmanager',
  eventSource: 'secretsmanager.amazonaws.com',
} as const;
