/** The background task that permanently deletes secrets whose recovery window has passed. */
import type { Logger } from 'pino';
import { purgeDueSecrets } from '../domain/secrets/lifecycle.js';
import type { SecretRecord, Store } from '../storage/store.js';

export class PurgeTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    /** Told of each purged secret (the audit trail's EndSecretVersionDelete). */
    private readonly onPurged?: (secret: SecretRecord) => Promise<void>,
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
        const purged = await purgeDueSecrets(this.store, this.now());
        for (const secret of purged) {
          this.logger.info({ arn: secret.arn }, 'purged secret after its recovery window');
          await this.onPurged?.(secret);
        }
      } catch (error) {
        this.logger.error({ errorType: (error as Error).name }, 'purge of deleted secrets failed');
      }
    });
    return this.running;
  }
}
