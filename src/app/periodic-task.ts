/**
 * A background job run now and then every `intervalMs`, one run at a time; a run's failure is logged (by type only:
 * errors may carry request data) and the next run still happens.
 */
import type { Logger } from 'pino';

export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly job: () => Promise<void>,
  ) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves when the run under way (if any) has finished. */
  idle(): Promise<void> {
    return this.running;
  }

  runOnce(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        await this.job();
      } catch (error) {
        this.logger.error({ errorType: (error as Error).name }, `${this.name} failed`);
      }
    });
    return this.running;
  }
}
