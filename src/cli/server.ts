/** `coffer server`: the production server. It starts sealed (or auto-unseals) and serves HTTPS unless told otherwise. */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { readBootstrapFile } from '../app/bootstrap.js';
import { startCoffer } from '../app/coffer.js';
import { envProvider, keyFileProvider, UNSEAL_KEY_ENV, type UnsealProvider } from '../domain/seal/unseal-providers.js';
import { onShutdownSignal } from './dev.js';
import { resolveServerSettings, type ServerFlags, type ServerSettings } from './server-config.js';

export async function runServer(flags: ServerFlags): Promise<void> {
  const settings = attempt(() => resolveServerSettings(flags, process.env));
  const logger = pino({ level: settings.logLevel }, pino.destination({ dest: 2, sync: false }));
  const tls = settings.tls ? attempt(() => ({ cert: readFileSync(settings.tls!.certFile), key: readFileSync(settings.tls!.keyFile) })) : undefined;
  const autoUnseal = attempt(() => unsealProvider(settings));
  const bootstrap = settings.bootstrapFile ? attempt(() => readBootstrapFile(settings.bootstrapFile!)) : undefined;
  const coffer = await startCoffer({
    mode: 'server',
    dataDir: settings.dataDir,
    host: settings.host,
    port: settings.port,
    accountId: settings.accountId,
    logger,
    env: {},
    audit: settings.audit,
    ...(bootstrap ? { bootstrap } : {}),
    ...(tls ? { tls } : {}),
    ...(autoUnseal ? { autoUnseal } : {}),
  }).catch((error: unknown) => fail((error as Error).message));
  const status = coffer.seal.status();
  const state = status.sealed ? (status.initialized ? 'sealed' : 'not initialized') : 'unsealed';
  process.stdout.write(
    [
      `Coffer server listening on ${coffer.endpoint}`,
      `  data dir:    ${settings.dataDir}`,
      `  account id:  ${settings.accountId}`,
      `  state:       ${state}${autoUnseal ? ` (auto-unseal: ${autoUnseal.description})` : ''}`,
      settings.tls ? '' : '  PLAIN HTTP (--insecure-http): requests, shares and secrets cross the network unencrypted.',
      status.initialized ? (status.sealed ? `Unseal it: COFFER_ENDPOINT=${coffer.endpoint} coffer operator unseal  (${status.threshold} of ${status.shares} shares)` : '') : `Initialize it: COFFER_ENDPOINT=${coffer.endpoint} coffer operator init --key-shares 5 --key-threshold 3`,
      '',
    ]
      .filter((line, i, lines) => line !== '' || i === lines.length - 1)
      .join('\n'),
  );
  onShutdownSignal(logger, () => coffer.close());
}

function unsealProvider(settings: ServerSettings): UnsealProvider | undefined {
  const fromEnv = envProvider(process.env);
  if (fromEnv && settings.autoUnsealKeyFile) throw new Error(`choose one auto-unseal key: --auto-unseal-key-file or ${UNSEAL_KEY_ENV}, not both`);
  return settings.autoUnsealKeyFile ? keyFileProvider(settings.autoUnsealKeyFile) : fromEnv;
}

function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    return fail((error as Error).message);
  }
}

function fail(message: string): never {
  process.stderr.write(`coffer: ${message}\n`);
  process.exit(2);
}
