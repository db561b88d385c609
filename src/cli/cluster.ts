/**
 * The multi-process mode (`coffer dev --workers N`): a primary prepares the data dir, then forks N workers that
 * share the listening socket (node:cluster) and the SQLite database (WAL allows many processes; writes serialize
 * on SQLite's lock; each worker's read cache drops itself on any commit). One worker runs the purge task.
 * A worker that dies is replaced; SIGINT/SIGTERM stop every worker gracefully.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { prepareDataDir, startCoffer } from '../app/coffer.js';
import { banner } from './banner.js';
import type { ValidDevOptions } from './dev.js';
import { onShutdownSignal } from './dev.js';

const PURGE_ENV = 'COFFER_RUNS_PURGE';
const MAX_RESTARTS_PER_MINUTE = 10;

export async function runClusterPrimary(options: ValidDevOptions, logger: Logger): Promise<void> {
  const bootstrap = options.bootstrap ? { accountId: options.accountId, file: options.bootstrap, logger } : undefined;
  const credentials = await prepareDataDir(options.dataDir, process.env, bootstrap);
  let announced = false;
  let stopping = false;
  const restarts: number[] = [];

  const fork = (runsPurge: boolean): Worker => cluster.fork({ [PURGE_ENV]: runsPurge ? '1' : '0' });
  const purgeWorkers = new Set<number>();
  for (let i = 0; i < options.workers; i++) {
    const worker = fork(i === 0);
    if (i === 0) purgeWorkers.add(worker.id);
  }

  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    const host = address.address === undefined || address.address === null ? options.host : String(address.address);
    const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    process.stdout.write(banner({ endpoint, dataDir: options.dataDir, accountId: options.accountId, credentials, workers: options.workers }));
  });

  cluster.on('exit', (worker, code, signal) => {
    const runsPurge = purgeWorkers.delete(worker.id);
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      logger.fatal({ code, signal }, 'workers keep dying; stopping');
      process.exit(1);
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    const replacement = fork(runsPurge);
    if (runsPurge) purgeWorkers.add(replacement.id);
  });

  onShutdownSignal(logger, async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  });
}

export async function runClusterWorker(options: ValidDevOptions, logger: Logger): Promise<void> {
  const coffer = await startCoffer({
    dataDir: options.dataDir,
    host: options.host,
    port: options.port,
    accountId: options.accountId,
    logger,
    runPurge: process.env[PURGE_ENV] === '1',
    // The worker that purges also signs audit digests and prunes the trail; every worker appends events.
    runAuditTask: process.env[PURGE_ENV] === '1',
    audit: options.audit,
    sharedDatabase: true,
  });
  onShutdownSignal(logger, () => coffer.close());
}
