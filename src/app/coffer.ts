/**
 * The composition root: storage, keys, engine, services, pipeline and HTTP server, wired once.
 *
 * @example
 *   const coffer = await startCoffer({ dataDir: './.coffer', host: '127.0.0.1', port: 8910, accountId: '000000000000' });
 *   console.log(coffer.endpoint);
 *   await coffer.close();
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { CredentialResolver } from '../auth/credentials.js';
import { loadRootCredentials, type RootCredentials } from '../auth/root-credentials.js';
import { loadOrCreateDevRootKey } from '../domain/crypto/dev-root-key.js';
import { Envelope } from '../domain/crypto/envelope.js';
import { SecretsEngine } from '../domain/secrets/engine.js';
import { RequestPipeline, type JsonService } from '../http/pipeline.js';
import { QueryPipeline } from '../http/query-pipeline.js';
import { AssumeRoleService } from '../domain/iam/assume-role.js';
import { GroupEngine } from '../domain/iam/groups.js';
import { IamEngine } from '../domain/iam/iam-engine.js';
import { RoleEngine } from '../domain/iam/roles.js';
import { IAM, IAM_OPERATIONS } from '../services/iam/index.js';
import { STS, STS_OPERATIONS } from '../services/sts/index.js';
import { closeServer, createHttpServer, listen } from '../http/server.js';
import { SigV4Verifier } from '../protocol/sigv4.js';
import type { Principal } from '../services/operation.js';
import { SECRETS_MANAGER, SECRETS_MANAGER_NOT_YET, SECRETS_MANAGER_OPERATIONS } from '../services/secretsmanager/index.js';
import { CachedStore } from '../storage/cached-store.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { applyBootstrap, type BootstrapFile } from './bootstrap.js';
import { openKeyring } from './keyring-bootstrap.js';
import { PurgeTask } from './purge-task.js';

export const VERSION = '0.1.0';

export interface CofferOptions {
  dataDir: string;
  host: string;
  port: number;
  accountId: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** How often the background task purges secrets whose recovery window has passed. */
  purgeIntervalMs?: number;
  /** Whether this process runs the purge task (in the multi-process mode only one worker does). Default true. */
  runPurge?: boolean;
  /** True when other processes serve the same data dir (the multi-process mode): caches then trust no commit. */
  sharedDatabase?: boolean;
  /** Users, groups, roles and policies to apply at start (see app/bootstrap.ts). */
  bootstrap?: BootstrapFile;
  now?: () => number;
}

export interface RunningCoffer {
  endpoint: string;
  port: number;
  accountId: string;
  dataDir: string;
  rootCredentials: RootCredentials;
  engine: SecretsEngine;
  close(): Promise<void>;
}

/**
 * Creates what a data dir needs on first start (root credentials, dev root key, schema, keyring) and returns the
 * root credentials. Idempotent; the multi-process mode runs it once before starting workers.
 */
export async function prepareDataDir(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  bootstrap?: { accountId: string; file: BootstrapFile; logger: Logger },
): Promise<RootCredentials> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const rootCredentials = loadRootCredentials(dataDir, env);
  const rootKey = loadOrCreateDevRootKey(dataDir);
  const store = SqliteStore.open({ path: join(dataDir, 'coffer.db') });
  try {
    const keyring = await openKeyring(store, rootKey);
    if (bootstrap) await runBootstrap(store, new Envelope(keyring), Date.now, bootstrap.accountId, bootstrap.file, bootstrap.logger);
  } finally {
    rootKey.fill(0);
    await store.close();
  }
  return rootCredentials;
}

export async function startCoffer(options: CofferOptions): Promise<RunningCoffer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const rootCredentials = loadRootCredentials(options.dataDir, options.env ?? process.env);
  const rootKey = loadOrCreateDevRootKey(options.dataDir);
  const store = new CachedStore(SqliteStore.open({ path: join(options.dataDir, 'coffer.db') }), { shared: options.sharedDatabase === true });
  const keyring = await openKeyring(store, rootKey);
  rootKey.fill(0);
  const envelope = new Envelope(keyring);
  const engine = new SecretsEngine({ store, envelope, now });
  const iam = new IamEngine(store, envelope, now);
  const roles = new RoleEngine(store, now);
  const groups = new GroupEngine(store, now);
  const sts = new AssumeRoleService(store, envelope, now);

  if (options.bootstrap) await runBootstrap(store, envelope, now, options.accountId, options.bootstrap, logger);
  const credentials = new CredentialResolver(rootCredentials, options.accountId, store, envelope);
  const verifier = new SigV4Verifier<Principal>(credentials.lookup, now);
  const secretsManager: JsonService<{ engine: SecretsEngine }> = {
    targetPrefix: SECRETS_MANAGER.targetPrefix,
    signingName: SECRETS_MANAGER.signingName,
    operations: new Map(SECRETS_MANAGER_OPERATIONS.map((op) => [op.name, op])),
    notYet: new Set(SECRETS_MANAGER_NOT_YET),
    deps: { engine },
  };
  const pipeline = new RequestPipeline({ services: [secretsManager], verifier, logger });
  const queryPipeline = new QueryPipeline(
    [
      { ...IAM, operations: new Map(IAM_OPERATIONS.map((op) => [op.name, op])), deps: { iam, roles, groups } },
      { ...STS, operations: new Map(STS_OPERATIONS.map((op) => [op.name, op])), deps: { sts } },
    ],
    verifier,
    logger,
  );
  const startedAt = new Date(now()).toISOString();
  const server = createHttpServer({
    pipeline,
    queryPipeline,
    health: () => ({ status: 'ok', version: VERSION, mode: 'dev', storage: 'sqlite', startedAt }),
  });
  const address = await listen(server, options.port, options.host);
  const purge = new PurgeTask(store, now, options.purgeIntervalMs ?? 60_000, logger);
  if (options.runPurge !== false) purge.start();

  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    accountId: options.accountId,
    dataDir: options.dataDir,
    rootCredentials,
    engine,
    close() {
      closing ??= (async () => {
        purge.stop();
        await closeServer(server);
        await purge.idle();
        await store.close();
      })();
      return closing;
    },
  };
}

async function runBootstrap(store: Store, envelope: Envelope, now: () => number, accountId: string, file: BootstrapFile, logger: Logger): Promise<void> {
  const report = await applyBootstrap(accountId, file, {
    iam: new IamEngine(store, envelope, now),
    groups: new GroupEngine(store, now),
    roles: new RoleEngine(store, now),
  });
  logger.info({ created: report.created, policies: report.policies, memberships: report.memberships }, 'bootstrap applied');
}
