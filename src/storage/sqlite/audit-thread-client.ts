/**
 * The store's side of the audit writer thread: requests go out in order, each answered by its promise.
 */
import type { Worker } from 'node:worker_threads';
import type { AuditDigestRecord, NewAuditEvent } from '../store.js';
import type { AuditThreadReply, AuditThreadRequest } from './audit-thread-protocol.js';
import { startSiblingWorker } from './start-worker.js';

type Request = AuditThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class AuditThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(path: string) {
    this.worker = startSiblingWorker('audit-thread', { path });
    this.worker.on('message', (reply: AuditThreadReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`audit store: ${reply.message}`));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`audit store thread exited (${code})`)));
  }

  append(events: readonly NewAuditEvent[]): Promise<{ seq: number; prevHash: string; hash: string }[]> {
    return this.send({ kind: 'append', events: JSON.stringify(events) }) as Promise<{ seq: number; prevHash: string; hash: string }[]>;
  }

  digest(digest: AuditDigestRecord): Promise<void> {
    return this.send({ kind: 'digest', digest }) as Promise<void>;
  }

  prune(region: string, throughSeq: number, digest: AuditDigestRecord): Promise<number> {
    return this.send({ kind: 'prune', region, throughSeq, digest }) as Promise<number>;
  }

  /** Waits for every request sent, then stops the thread. */
  async close(): Promise<void> {
    while (this.waiting.size > 0) await new Promise((resolve) => setImmediate(resolve));
    this.failure ??= new Error('audit store is closed');
    await this.worker.terminate();
  }

  private send(request: Request): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
