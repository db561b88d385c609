/**
 * The load generator process (started by load.ts, pinned to its own core): takes jobs from the orchestrator over
 * IPC, one at a time, and answers with the figures. It exits when the orchestrator goes away.
 */
import { createMany } from './create-many.js';
import type { Job, LoadResult, Reply, SeedResult } from './jobs.js';
import { runAutocannon } from './load-autocannon.js';
import { runReconnecting } from './load-reconnect.js';

function send(reply: Reply): void {
  process.send?.(reply);
}

function run(job: Job): Promise<LoadResult | SeedResult> {
  if (job.type === 'seed') return createMany(job);
  return job.newConnectionPerRequest ? runReconnecting(job) : runAutocannon(job);
}

process.on('message', (job: Job) => {
  run(job).then(
    (result) => send({ type: 'result', id: job.id, result }),
    (error: unknown) => send({ type: 'error', id: job.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
