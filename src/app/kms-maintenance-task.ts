/**
 * The background task of the key service: deletes keys whose deletion waiting period is over and rotates keys whose
 * automatic rotation is due. Runs on the purge interval, like the purge task.
 */
import type { Logger } from 'pino';
import type { Kms } from '../domain/kms/index.js';
import { PeriodicTask } from './periodic-task.js';

export function kmsMaintenanceTask(kms: Kms, intervalMs: number, logger: Logger): PeriodicTask {
  return new PeriodicTask('KMS key maintenance', intervalMs, logger, async () => {
    const { deleted, rotated } = await kms.keys.runDue();
    if (deleted > 0 || rotated > 0) logger.info({ deleted, rotated }, 'KMS keys deleted after their waiting period or rotated on schedule');
  });
}
