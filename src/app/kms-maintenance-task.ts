/**
 * The background task of the key service: deletes keys whose deletion waiting period is over and rotates keys whose
 * automatic rotation is due. Runs on the purge interval, like PurgeTask.
 */
import type { Logger } from 'pino';
import type { Kms } from '../domain/kms/index.js';

export class KmsMaintenanceTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly kms: Kms,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.runOnce();
    this.timer = setInterval(() => this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  idle(): Promise<void> {
    return this.running;
  }

  runOnce(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        const { deleted, rotated } = await this.kms.keys.runDue();
        if (deleted > 0 || rotated > 0) this.logger.info({ deleted, rotated }, 'KMS keys deleted after their waiting period or rotated on schedule');
      } catch (error) {
        this.logger.error({ errorType: (error as Error).name }, 'KMS key maintenance failed');
      }
    });
    return this.running;
  }
}
