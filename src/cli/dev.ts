/** `coffer dev`: start the development server, print how to reach it, shut down cleanly on SIGINT/SIGTERM. */
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import type { AuditOptions } from '../app/audit-setup.js';
import { readBootstrapFile, type BootstrapFile } from '../app/bootstrap.js';
import { startCoffer } from '../app/coffer.js';
import { AUDIT_ENV, auditOptionsFrom, envFlag, type AuditFlags } from './audit-flags.js';
import { banner } from './banner.js';
import { runClusterPrimary, runClusterWorker } from './cluster.js';

export interface DevOptions extends AuditFlags {
  port: string;
  host: string;
  dataDir: string;
  accountId: string;
  logLevel: string;
  workers: string;
  bootstrap?: string;
}

export interface ValidDevOptions {
  port: number;
  host: string;
  dataDir: string;
  accountId: string;
  workers: number;
  bootstrap?: BootstrapFile;
  audit: AuditOptions;
}

export async function runDev(opts: DevOptions): Promise<void> {
  const options = validate(opts);
  const logger = pino({ level: opts.logLevel }, pino.destination({ dest: 2, sync: false }));
  if (cluster.isWorker) return runClusterWorker(options, logger);
  if (options.workers > 1) return runClusterPrimary(options, logger);
  const coffer = await startCoffer({
    dataDir: options.dataDir,
    host: options.host,
    port: options.port,
    accountId: options.accountId,
    logger,
    bootstrap: options.bootstrap,
    audit: options.audit,
  }).catch((error: unknown) => fail((error as Error).message));
  process.stdout.write(banner({ endpoint: coffer.endpoint, dataDir: options.dataDir, accountId: coffer.accountId, credentials: coffer.rootCredentials, workers: 1 }));
  onShutdownSignal(logger, () => coffer.close());
}

/** On SIGINT/SIGTERM: run `shutdown` once (in-flight requests finish), then exit 0; exit 1 if it fails. */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    shutdown()
      .then(() => {
        logger.info('stopped cleanly');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ errorType: (error as Error).name }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function validate(opts: DevOptions): ValidDevOptions {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, got '${opts.port}'`);
  if (!/^\d{12}$/.test(opts.accountId)) fail(`--account-id must be 12 digits, got '${opts.accountId}'`);
  const workers = Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) fail(`--workers must be a number from 1 to 64, got '${opts.workers}'`);
  let bootstrap: BootstrapFile | undefined;
  if (opts.bootstrap !== undefined && opts.bootstrap !== '') {
    try {
      bootstrap = readBootstrapFile(opts.bootstrap);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  let audit: AuditOptions = {};
  try {
    audit = auditOptionsFrom({ ...opts, auditStdout: opts.auditStdout ?? envFlag(process.env[AUDIT_ENV.auditStdout], AUDIT_ENV.auditStdout) });
  } catch (error) {
    fail((error as Error).message);
  }
  // Each worker would rotate the file on its own: one process must own it.
  if (audit.file !== undefined && workers > 1) fail('--audit-file needs a single process (the workers would rotate it over each other); use --audit-stdout with --workers');
  return { port, host: opts.host, dataDir: resolve(opts.dataDir), accountId: opts.accountId, workers, ...(bootstrap ? { bootstrap } : {}), audit };
}

function fail(message: string): never {
  process.stderr.write(`coffer: ${message}\n`);
  process.exit(2);
}
