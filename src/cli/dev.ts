/** `coffer dev`: start the development server, print how to reach it, shut down cleanly on SIGINT/SIGTERM. */
import { resolve } from 'node:path';
import pino from 'pino';
import { startCoffer } from '../app/coffer.js';

export interface DevOptions {
  port: string;
  host: string;
  dataDir: string;
  accountId: string;
  logLevel: string;
}

export async function runDev(opts: DevOptions): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, got '${opts.port}'`);
  if (!/^\d{12}$/.test(opts.accountId)) fail(`--account-id must be 12 digits, got '${opts.accountId}'`);
  const logger = pino({ level: opts.logLevel }, pino.destination({ dest: 2, sync: false }));
  const dataDir = resolve(opts.dataDir);
  const coffer = await startCoffer({ dataDir, host: opts.host, port, accountId: opts.accountId, logger });
  const { accessKeyId, secretAccessKey, source } = coffer.rootCredentials;
  const env = `AWS_ENDPOINT_URL=${coffer.endpoint} AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1`;
  process.stdout.write(
    [
      `Coffer ${'dev'} server listening on ${coffer.endpoint}`,
      `  data dir:           ${dataDir}`,
      `  account id:         ${coffer.accountId}`,
      `  root access key id: ${accessKeyId}`,
      `  root secret key:    ${secretAccessKey}   (${source === 'environment' ? 'from COFFER_ROOT_SECRET_ACCESS_KEY' : `stored in ${dataDir}/root-credentials.json`})`,
      '',
      '  DEV MODE: the root key is stored in the data dir. Anyone who can read it can decrypt every secret. Not for production.',
      '',
      'Try it:',
      `  ${env} aws secretsmanager list-secrets`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    coffer
      .close()
      .then(() => {
        logger.info('stopped cleanly');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ errorType: (error as Error).name }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function fail(message: string): never {
  process.stderr.write(`coffer: ${message}\n`);
  process.exit(2);
}
