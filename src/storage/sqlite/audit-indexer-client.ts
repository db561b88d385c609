/** The store's side of the audit lookup indexer thread. */
import type { Worker } from 'node:worker_threads';
import type { AuditIndexerReply } from './audit-indexer-protocol.js';
import { startSiblingWorker } from './start-worker.js';

export class AuditIndexer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopped: Error | undefined;
  /** Why the background rounds fail, while they do. */
  failure: string | undefined;

  constructor(auditPath: string, indexPath: string) {
    this.worker = startSiblingWorker('audit-indexer', { auditPath, indexPath });
    this.worker.on('message', (reply: AuditIndexerReply) => {
      if (reply.kind === 'status') {
        this.failure = reply.failure;
        return;
      }
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) waiter?.resolve();
      else waiter?.reject(new Error(`audit index: ${reply.message}`));
    });
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`audit indexer thread exited (${code})`)));
  }

  /** Resolves once every event appended before the call is in the lookup index. */
  catchUp(): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, kind: 'catch-up' });
    });
  }

  async close(): Promise<void> {
    this.stop(new Error('audit indexer is closed'), false);
    await this.worker.terminate();
  }

  /** A thread that died leaves the index behind for good (until a restart): /health says so. */
  private stop(error: Error, unexpected = true): void {
    if (unexpected && !this.stopped) this.failure = error.message;
    this.stopped ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
