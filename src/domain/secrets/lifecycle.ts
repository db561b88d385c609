/** DeleteSecret (scheduled or forced), RestoreSecret and the background purge of secrets past their window. */
import type { Scope, SecretRecord, Store } from '../../storage/store.js';
import * as E from './errors.js';
import { newSecretArn, parseSecretId } from './identifiers.js';
import type { Caller } from '../policy/index.js';
import { authorizeSecret } from './access.js';
import { findSecret, isPastRecovery } from './resolve.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;

export interface DeleteInput {
  secretId: string;
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
}

export interface DeleteResult {
  arn: string;
  name: string;
  deletionDate: number;
}

export async function deleteSecret(store: Store, scope: Scope, input: DeleteInput, now: number, caller?: Caller): Promise<DeleteResult> {
  const force = input.forceDeleteWithoutRecovery === true;
  if (force && input.recoveryWindowInDays !== undefined) throw E.forceWithWindow();
  const days = input.recoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS;
  if (!force && (days < 7 || days > 30)) throw E.recoveryWindowRange();
  return store.transaction(async (tx) => {
    const secret = await findSecret(tx, scope, input.secretId, now);
    authorizeSecret(caller, scope, input.secretId, secret, 'DeleteSecret', {
      'secretsmanager:RecoveryWindowInDays': input.recoveryWindowInDays,
      'secretsmanager:ForceDeleteWithoutRecovery': input.forceDeleteWithoutRecovery,
    });
    if (!secret) {
      if (!force) throw E.secretNotFound();
      return forcedDeletionOfUnknown(scope, input.secretId, now);
    }
    if (force) {
      await tx.deleteSecret(secret.id);
      return { arn: secret.arn, name: secret.name, deletionDate: now };
    }
    if (secret.deletedAt !== undefined) throw E.alreadyMarkedDeleted();
    const deletionDate = now + days * DAY_MS;
    await tx.updateSecret({ ...secret, deletedAt: now, deletionDate });
    return { arn: secret.arn, name: secret.name, deletionDate };
  });
}

/** AWS answers a forced delete of a secret that does not exist as if it had existed. */
function forcedDeletionOfUnknown(scope: Scope, secretId: string, now: number): DeleteResult {
  const ref = parseSecretId(scope, secretId);
  const name = ref.kind === 'name' ? ref.name : secretId;
  const arn = ref.kind === 'name' ? newSecretArn(scope, ref.name) : secretId;
  return { arn, name, deletionDate: now };
}

export async function restoreSecret(store: Store, scope: Scope, secretId: string, now: number, caller?: Caller): Promise<SecretRecord> {
  return store.transaction(async (tx) => {
    const secret = await findSecret(tx, scope, secretId, now);
    authorizeSecret(caller, scope, secretId, secret, 'RestoreSecret');
    if (!secret) throw E.secretNotFound();
    if (secret.deletedAt === undefined) return secret;
    const restored = { ...secret };
    delete restored.deletedAt;
    delete restored.deletionDate;
    await tx.updateSecret(restored);
    return restored;
  });
}

/** Removes every secret whose recovery window has passed. Returns what was purged. */
export async function purgeDueSecrets(store: Store, now: number, batch = 100): Promise<SecretRecord[]> {
  const purged: SecretRecord[] = [];
  for (;;) {
    const due = await store.secretsDueForPurge(now, batch);
    if (due.length === 0) return purged;
    // Re-checked inside the transaction: a RestoreSecret acknowledged after the scan must win.
    const deleted = await store.transaction(async (tx) => {
      const stillDue: SecretRecord[] = [];
      for (const secret of due) {
        const current = await tx.getSecretByArn(secret, secret.arn);
        if (current && isPastRecovery(current, now)) {
          await tx.deleteSecret(current.id);
          stillDue.push(current);
        }
      }
      return stillDue;
    });
    purged.push(...deleted);
    if (due.length < batch) return purged;
  }
}
