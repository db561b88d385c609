/**
 * Finds the secret a SecretId names: by name, full ARN or partial ARN (ARN without the random suffix). A secret
 * whose recovery window has passed at `now` no longer exists, even before the background purge removes its row.
 */
import type { Scope, SecretRecord, StoreReader } from '../../storage/store.js';
import { parseSecretId } from './identifiers.js';

export async function findSecret(store: StoreReader, scope: Scope, secretId: string, now: number): Promise<SecretRecord | undefined> {
  const secret = await lookup(store, scope, secretId);
  return secret && !isPastRecovery(secret, now) ? secret : undefined;
}

export function isPastRecovery(secret: SecretRecord, now: number): boolean {
  return secret.deletionDate !== undefined && secret.deletionDate <= now;
}

function lookup(store: StoreReader, scope: Scope, secretId: string): Promise<SecretRecord | undefined> {
  const ref = parseSecretId(scope, secretId);
  switch (ref.kind) {
    case 'name':
    case 'partial-arn':
      return store.getSecretByName(scope, ref.name);
    case 'arn':
      return store.getSecretByArn(scope, ref.arn);
    case 'elsewhere':
      return Promise.resolve(undefined);
  }
}
