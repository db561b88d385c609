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
import { SealManager } from '../domain/seal/seal-manager.js';
import type { UnsealProvider } from '../domain/seal/unseal-providers.js';
import { SecretsEngine } from '../domain/secrets/engine.js';
import { Kms } from '../domain/kms/index.js';
import { CLOUDTRAIL, CLOUDTRAIL_OPERATIONS, CLOUDTRAIL_SHORT_TARGET_PREFIX, type CloudTrailDeps } from '../services/cloudtrail/index.js';
import { secretServiceEvent } from '../domain/audit/follow-up-events.js';
import { auditRefusal, withAuditHealth } from './audit-wiring.js';
import { setUpAudit, type AuditOptions } from './audit-setup.js';
import { RequestPipeline, type JsonService } from '../http/pipeline.js';
import { QueryPipeline } from '../http/query-pipeline.js';
import { AssumeRoleService } from '../domain/iam/assume-role.js';
import { SessionTokenService } from '../domain/iam/session-token.js';
import { EntityTagEngine } from '../domain/iam/entity-tags.js';
import { AccessKeyLastUsedReader } from '../domain/iam/access-key-last-used.js';
import { KeyUsageRecorder } from '../auth/key-usage.js';
import { GroupEngine } from '../domain/iam/groups.js';
import { IamEngine } from '../domain/iam/iam-engine.js';
import { RoleEngine } from '../domain/iam/roles.js';
import { ManagedPolicyEngine } from '../domain/iam/managed-policies.js';
import { PolicySimulator } from '../domain/iam/policy-simulator.js';
import { IAM, IAM_OPERATIONS } from '../services/iam/index.js';
import { STS, STS_OPERATIONS } from '../services/sts/index.js';
import { closeServer, createHttpServer, listen } from '../http/server.js';
import { SECRETS_MANAGER, SECRETS_MANAGER_NOT_YET, SECRETS_MANAGER_OPERATIONS } from '../services/secretsmanager/index.js';
import { KMS, KMS_NOT_YET, KMS_OPERATIONS } from '../services/kms/index.js';
import type { KmsDeps } from '../services/kms/deps.js';
import { CachedStore } from '../storage/cached-store.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { applyBootstrap, type BootstrapFile } from './bootstrap.js';
import { openDevSeal, openKeyring } from './keyring-bootstrap.js';
import { purgeTask } from './purge-task.js';
import { kmsMaintenanceTask } from './kms-maintenance-task.js';
import { SealableAuth } from './sealable-auth.js';
import { autoUnsealAtStart, healthReport, loadRootCredentialsAtUnseal, operatorFront } from './server-mode.js';

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
  /**
   * 'dev' (default): the root key in dev-root.key, unsealed from the start. 'server': starts sealed (or
   * uninitialized); the root key exists only as unseal shares and, optionally, wrapped by `autoUnseal`.
   */
  mode?: 'dev' | 'server';
  /** Server mode: unseal at start with this provider's copy of the root key (made at init or at an unseal). */
  autoUnseal?: UnsealProvider;
  /** Serve HTTPS with this PEM certificate chain and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Audit trail sinks, retention and digest interval (the store always keeps the trail). */
  audit?: AuditOptions;
  /** Whether this process signs audit digests and prunes the trail (one worker in the multi-process mode). Default: runPurge. */
  runAuditTask?: boolean;
}

export interface RunningCoffer {
  endpoint: string;
  port: number;
  accountId: string;
  dataDir: string;
  /** Throws SealedError while a server-mode Coffer is sealed. */
  rootCredentials: RootCredentials;
  engine: SecretsEngine;
  seal: SealManager;
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
  const store = new CachedStore(SqliteStore.open({ path: join(options.dataDir, 'coffer.db') }), { shared: options.sharedDatabase === true });
  const seal = options.mode === 'server' ? await SealManager.open(store, options.autoUnseal) : await openDevSeal(options.dataDir, store);
  const envelope = new Envelope(seal);
  const kms = new Kms(store, envelope, now);
  const engine = new SecretsEngine({ store, envelope, kms, now });
  const iam = new IamEngine(store, envelope, now);
  const roles = new RoleEngine(store, now);
  const policies = new ManagedPolicyEngine(store, now);
  const groups = new GroupEngine(store, now);
  const sts = new AssumeRoleService(store, envelope, now);
  const sessionTokens = new SessionTokenService(store, envelope, now);
  const tags = new EntityTagEngine(store);
  const keyLastUsed = new AccessKeyLastUsedReader(store);
  const keyUsage = new KeyUsageRecorder(store, logger, now);
  const audit = setUpAudit(store, envelope, () => seal.state === 'unsealed', now, logger, options.audit);
  const auditing = { log: audit.log, accountId: options.accountId, now };

  if (options.bootstrap) await runBootstrap(store, envelope, now, options.accountId, options.bootstrap, logger);
  const auth = new SealableAuth((root) => new CredentialResolver(root, options.accountId, store, envelope), now);
  seal.onSealed(() => {
    envelope.clear();
    kms.material.clear();
    engine.clearKeyCache();
    audit.forgetSigner();
    auth.lock();
  });
  if (seal.mode === 'dev') auth.unlock(loadRootCredentials(options.dataDir, options.env ?? process.env));
  else loadRootCredentialsAtUnseal(seal, store, envelope, auth);
  const verifier = auth.verifier;
  const secretsManager: JsonService<{ engine: SecretsEngine }> = {
    targetPrefix: SECRETS_MANAGER.targetPrefix,
    signingName: SECRETS_MANAGER.signingName,
    operations: new Map(SECRETS_MANAGER_OPERATIONS.map((op) => [op.name, op])),
    notYet: new Set(SECRETS_MANAGER_NOT_YET),
    deps: { engine },
  };
  const kmsService: JsonService<KmsDeps> = {
    ...KMS,
    operations: new Map(KMS_OPERATIONS.map((op) => [op.name, op])),
    notYet: new Set(KMS_NOT_YET),
    notYetCode: 'UnsupportedOperationException',
    deps: { kms },
  };
  const cloudTrail: JsonService<CloudTrailDeps> = {
    ...CLOUDTRAIL,
    operations: new Map(CLOUDTRAIL_OPERATIONS.map((op) => [op.name, op])),
    notYet: new Set(),
    deps: { store },
  };
  const pipeline = new RequestPipeline({ services: [secretsManager, kmsService, cloudTrail, { ...cloudTrail, targetPrefix: CLOUDTRAIL_SHORT_TARGET_PREFIX }], verifier, logger, keyUsage, audit: auditing });
  const queryPipeline = new QueryPipeline(
    [
      { ...IAM, operations: new Map(IAM_OPERATIONS.map((op) => [op.name, op])), deps: { iam, roles, groups, policies, tags, keyLastUsed, simulator: new PolicySimulator(store) } },
      { ...STS, operations: new Map(STS_OPERATIONS.map((op) => [op.name, op])), deps: { sts, sessionTokens } },
    ],
    verifier,
    logger,
    keyUsage,
    auditing,
  );
  const startedAt = new Date(now()).toISOString();
  const server = createHttpServer({
    pipeline,
    queryPipeline,
    health: withAuditHealth(healthReport(seal, { version: VERSION, storage: 'sqlite', startedAt }), audit.log),
    ...operatorFront(seal, auth, logger),
    auditRefusal: (req, body, error) => auditRefusal(auditing, req, body, error),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  if (seal.mode === 'server') await autoUnsealAtStart(seal, logger);
  const address = await listen(server, options.port, options.host);
  const purge = purgeTask(store, now, options.purgeIntervalMs ?? 60_000, logger, async (secret) => {
    const event = secretServiceEvent('EndSecretVersionDelete', secret.arn, { eventTime: now(), region: secret.region, accountId: secret.accountId });
    await audit.log.append(event.record, event.index);
  });
  const kmsMaintenance = kmsMaintenanceTask(kms, options.purgeIntervalMs ?? 60_000, logger);
  if (options.runPurge !== false) {
    purge.start();
    kmsMaintenance.start();
  }
  const runAuditTask = options.runAuditTask ?? options.runPurge !== false;
  if (runAuditTask) audit.start();

  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `${options.tls ? 'https' : 'http'}://${hostForUrl}:${address.port}`,
    port: address.port,
    accountId: options.accountId,
    dataDir: options.dataDir,
    get rootCredentials() {
      return auth.rootCredentials;
    },
    engine,
    seal,
    close() {
      closing ??= (async () => {
        purge.stop();
        kmsMaintenance.stop();
        await closeServer(server);
        await purge.idle();
        await kmsMaintenance.idle();
        await keyUsage.idle();
        if (runAuditTask) await audit.stop();
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
    policies: new ManagedPolicyEngine(store, now),
  });
  logger.info(
    { created: report.created, policies: report.policies, memberships: report.memberships, policyVersions: report.policyVersions, attachments: report.attachments },
    'bootstrap applied',
  );
}
