/**
 * The orchestrator's handle on the load generator: a separate Node process (load-worker.ts) pinned to the load core,
 * so that neither autocannon nor request signing runs in the orchestrator or on the server's core.
 */
import { fileURLToPath } from 'node:url';
import { ROOT } from './paths.js';
import type { Job, LoadJob, LoadResult, Reply, SeedJob, SeedResult } from './jobs.js';
import { spawnTracked, stopChild, type Child } from './processes.js';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

type JobInput<J extends Job> = Omit<J, 'id' | 'type'>;

export class LoadGenerator {
  private child: Child | undefined;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly cpu: string | undefined) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child && this.child.exit === undefined) return;
    const child = spawnTracked('load-worker', process.execPath, ['--import', 'tsx', WORKER], { cpu: this.cpu, cwd: ROOT, ipc: true, inheritStderr: true });
    this.child = child;
    child.proc.on('message', (reply: Reply) => {
      if (reply.type === 'ready') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'result') waiter?.resolve(reply.result);
      else waiter?.reject(new Error(`load worker: ${reply.message}`));
    });
    void child.exited.then((exit) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load worker exited (code ${exit.code}, signal ${exit.signal})`));
      this.pending.clear();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('load worker did not start within 20 s')), 20_000);
      child.proc.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      void child.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`load worker exited during start: ${child.output()}`));
      });
    });
  }

  load(job: JobInput<LoadJob>): Promise<LoadResult> {
    const limitMs = (job.warmupS + job.durationS) * 1000 + 60_000;
    return this.submit({ ...job, type: 'load' }, limitMs) as Promise<LoadResult>;
  }

  seed(job: JobInput<SeedJob>): Promise<SeedResult> {
    const limitMs = 120_000 + (job.to - job.from) * 20;
    return this.submit({ ...job, type: 'seed' }, limitMs) as Promise<SeedResult>;
  }

  /** Sends one job; a job that overruns `limitMs` stops the worker (a fresh one starts for the next job). */
  private async submit(job: Omit<LoadJob, 'id'> | Omit<SeedJob, 'id'>, limitMs: number): Promise<unknown> {
    await this.start();
    const id = this.nextId++;
    const child = this.child!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load worker: ${job.type} job did not finish within ${Math.round(limitMs / 1000)} s`));
        void stopChild(child, 2000);
      }, limitMs);
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        fn(value);
      };
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      child.proc.send({ ...job, id });
    });
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 2000);
  }
}
