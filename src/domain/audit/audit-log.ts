/**
 * The audit trail's writer. An event is committed to the store — chained to the previous event of its region —
 * before the caller may answer the request; concurrent requests share commits through the store's group commit.
 * If the store cannot write, `append` throws and the request fails (fail closed). Sinks get a copy afterwards.
 */
import type { Logger } from 'pino';
import type { Store } from '../../storage/store.js';
import { chainHash, GENESIS_HASH } from './chain.js';
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

export class AuditLog {
  private lastFailure: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly sinks: AuditSink[],
    private readonly logger: Logger,
  ) {}

  async append(record: Record<string, unknown>, index: EventIndex): Promise<void> {
    const eventJson = JSON.stringify(record);
    const eventId = String(record.eventID);
    let written: { seq: number; prevHash: string; hash: string };
    try {
      written = await this.store.auditTransaction(async (tx) => {
        const last = await tx.lastAuditEvent(index.region);
        const prevHash = last?.hash ?? GENESIS_HASH;
        const hash = chainHash(prevHash, eventJson);
        const seq = await tx.insertAuditEvent({ ...index, eventId, json: eventJson, prevHash, hash });
        return { seq, prevHash, hash };
      });
      this.lastFailure = undefined;
    } catch (error) {
      this.lastFailure = (error as Error).message;
      this.logger.error({ err: { message: (error as Error).message }, eventName: index.eventName }, 'audit store write failed; request refused');
      throw error;
    }
    for (const sink of this.sinks) sink.write({ ...written, region: index.region, eventJson });
  }

  /** For /health: the primary store and every sink, with the last failure of each. */
  health(): { store: string; sinks: { name: string; status: string }[] } {
    return {
      store: this.lastFailure === undefined ? 'ok' : `failing: ${this.lastFailure}`,
      sinks: this.sinks.map((s) => ({ name: s.name, status: s.failure === undefined ? 'ok' : `failing: ${s.failure}` })),
    };
  }

  get healthy(): boolean {
    return this.lastFailure === undefined && this.sinks.every((s) => s.failure === undefined);
  }
}
