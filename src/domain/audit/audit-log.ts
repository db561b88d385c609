/**
 * The audit trail's writer. An event is committed to the store — chained to the previous event of its region —
 * before the caller may answer the request; concurrent requests share commits through the store's group commit.
 * If the store cannot write, `append` throws and the request fails (fail closed). Sinks get a copy afterwards.
 */
import type { Logger } from 'pino';
import type { Store } from '../../storage/store.js';
import type { AuditResource } from './resources.js';
import type { AuditSink } from './sinks.js';

export interface EventIndex {
  region: string;
  eventTime: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  resources: AuditResource[];
}

interface PendingEvent {
  eventJson: string;
  eventId: string;
  index: EventIndex;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Events appended while a commit is under way wait for the next one; one transaction takes at most this many. */
const MAX_BATCH = 512;

export class AuditLog {
  private lastFailure: string | undefined;
  private pending: PendingEvent[] = [];
  private flushing = false;

  constructor(
    private readonly store: Store,
    private readonly sinks: AuditSink[],
    private readonly logger: Logger,
  ) {}

  /**
   * Resolves once the event is durable. Events from concurrent requests are chained and inserted together in one
   * transaction — one commit, one fsync, off the main thread — which is what keeps an event per read affordable.
   */
  append(record: Record<string, unknown>, index: EventIndex): Promise<void> {
    const eventJson = JSON.stringify(record);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ eventJson, eventId: String(record.eventID), index, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const written = await this.store.appendAuditEvents(batch.map(({ eventJson, eventId, index }) => ({ ...index, eventId, json: eventJson })));
        this.lastFailure = undefined;
        batch.forEach((event, i) => {
          for (const sink of this.sinks) sink.write({ ...written[i]!, region: event.index.region, eventJson: event.eventJson });
          event.resolve();
        });
      } catch (error) {
        this.lastFailure = (error as Error).message;
        this.logger.error({ err: { message: (error as Error).message }, events: batch.length }, 'audit store write failed; requests refused');
        for (const event of batch) event.reject(error);
      }
    }
    this.flushing = false;
  }

  /** For /health: the primary store, its lookup index and every sink, with the last failure of each. */
  health(): { store: string; index: string; sinks: { name: string; status: string }[] } {
    const indexFailure = this.store.auditIndexFailure();
    return {
      store: this.lastFailure === undefined ? 'ok' : `failing: ${this.lastFailure}`,
      index: indexFailure === undefined ? 'ok' : `failing: ${indexFailure}`,
      sinks: this.sinks.map((s) => ({ name: s.name, status: s.failure === undefined ? 'ok' : `failing: ${s.failure}` })),
    };
  }

  get healthy(): boolean {
    return this.lastFailure === undefined && this.sinks.every((s) => s.failure === undefined);
  }
}
