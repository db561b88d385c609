/**
 * Records when an IAM user's access key last authenticated a request, and for which service and region
 * (iam:GetAccessKeyLastUsed). Off the request path: the write is started and not awaited, and a failure is only
 * logged. A key's use is written at most once a minute, unless the service or region changed, so a busy key costs a
 * map lookup a request rather than a write.
 */
import type { Logger } from 'pino';
import type { Principal } from '../services/operation.js';
import type { Store } from '../storage/store.js';

const MIN_INTERVAL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

interface Recorded {
  at: number;
  service: string;
  region: string;
}

export class KeyUsageRecorder {
  private readonly recorded = new Map<string, Recorded>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** After a request authenticated as `principal`, signed for `service` in `region`. */
  record(principal: Principal, service: string, region: string): void {
    // Only long-term keys of IAM users: not root's, not temporary credentials (which GetSessionToken users also have).
    if (principal.type !== 'IAMUser' || !principal.accessKeyId.startsWith('AKIA')) return;
    const at = this.now();
    const previous = this.recorded.get(principal.accessKeyId);
    if (previous && previous.service === service && previous.region === region && at - previous.at < MIN_INTERVAL_MS) return;
    if (this.recorded.size >= MAX_REMEMBERED) this.recorded.clear();
    this.recorded.set(principal.accessKeyId, { at, service, region });
    const write = this.write(principal.accessKeyId, at, service, region);
    this.inFlight.add(write);
    void write.finally(() => this.inFlight.delete(write));
  }

  /** Resolves once every write started so far has finished (before the store closes). */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async write(accessKeyId: string, at: number, service: string, region: string): Promise<void> {
    try {
      await this.store.transaction((tx) => tx.recordAccessKeyUse(accessKeyId, at, service, region));
    } catch (error) {
      // Forget the use, so the next request tries again; log no message (it could quote request data).
      this.recorded.delete(accessKeyId);
      this.logger.warn({ accessKeyId, errorType: (error as Error).name }, 'could not record access key use');
    }
  }
}
