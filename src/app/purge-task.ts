/** The background task that permanently deletes secrets whose recovery window has passed. */
import type { Logger } from 'pino';
import { purgeDueSecrets } from '../domain/secrets/lifecycle.js';
import type { SecretRecord, Store } from '../storage/store.js';
import { PeriodicTask } from './periodic-task.js';

/** `onPurged` hears of each purged secret (the audit trail's EndSecretVersionDelete). */
export function purgeTask(
  store: Store,
  now: () => number,
  intervalMs: number,
  logger: Logger,
  onPurged?: (secret: SecretRecord) => Promise<void>,
): PeriodicTask {
  return new PeriodicTask('purge of deleted secrets', intervalMs, logger, async () => {
    for (const secret of await purgeDueSecrets(store, now())) {
      logger.info({ arn: secret.arn }, 'purged secret after its recovery window');
      await onPurged?.(secret);
    }
  });
}
