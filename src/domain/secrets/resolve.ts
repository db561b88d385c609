/** Finds the secret a SecretId names: by name, full ARN or partial ARN (ARN without the random suffix). */
import type { Scope, SecretRecord, StoreReader } from '../../storage/store.js';
import { secretNotFound, markedForDeletion } from './errors.js';
import { parseSecretId } from './identifiers.js';

export async function findSecret(store: StoreReader, scope: Scope, secretId: string): Promise<SecretRecord | undefined> {
  const ref = parseSecretId(scope, secretId);
  switch (ref.kind) {
    case 'name':
    case 'partial-arn':
      return store.getSecretByName(scope, ref.name);
    case 'arn':
      return store.getSecretByArn(scope, ref.arn);
    case 'elsewhere':
      return undefined;
  }
}

/** The secret, or ResourceNotFoundException. */
export async function requireSecret(store: StoreReader, scope: Scope, secretId: string): Promise<SecretRecord> {
  const secret = await findSecret(store, scope, secretId);
  if (!secret) throw secretNotFound();
  return secret;
}

/** The secret, which must not be scheduled for deletion. */
export async function requireLiveSecret(store: StoreReader, scope: Scope, secretId: string): Promise<SecretRecord> {
  const secret = await requireSecret(store, scope, secretId);
  if (secret.deletedAt !== undefined) throw markedForDeletion();
  return secret;
}
