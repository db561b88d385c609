/**
 * The wiring that makes a server sealable: root credentials sealed in the store and loaded at unseal, the operator
 * API, the refusal of AWS requests while sealed, the health report, and auto-unseal at start.
 */
import type { Logger } from 'pino';
import { newRootCredentials, openRootCredentials, ROOT_CREDENTIALS_META_KEY, sealRootCredentials } from '../auth/root-credentials.js';
import { Envelope } from '../domain/crypto/envelope.js';
import { SealedError } from '../domain/seal/seal-errors.js';
import type { SealManager } from '../domain/seal/seal-manager.js';
import type { HttpServerOptions } from '../http/server.js';
import { sysRoutes } from '../http/sys-routes.js';
import type { Store } from '../storage/store.js';
import type { SealableAuth } from './sealable-auth.js';

/** Server mode: every unseal loads the root credentials from the store, sealed through the keyring. */
export function loadRootCredentialsAtUnseal(seal: SealManager, store: Store, envelope: Envelope, auth: SealableAuth): void {
  seal.onUnsealing(async () => {
    const stored = await store.getMeta(ROOT_CREDENTIALS_META_KEY);
    if (!stored) throw new Error('the store holds no root credentials');
    auth.unlock(openRootCredentials(envelope, stored));
  });
}

/** The operator API and the sealed gate, for createHttpServer. */
export function operatorFront(seal: SealManager, auth: SealableAuth, logger: Logger): Pick<HttpServerOptions, 'unavailable' | 'sys'> {
  return {
    unavailable: () => (seal.state === 'unsealed' ? undefined : new SealedError(seal.state === 'sealed')),
    sys: sysRoutes({
      seal,
      logger,
      verifyRoot: (request) => auth.verifyRoot(request),
      async init(keyShares, keyThreshold) {
        const root = newRootCredentials();
        const result = await seal.init(keyShares, keyThreshold, (keyring) => ({ [ROOT_CREDENTIALS_META_KEY]: sealRootCredentials(new Envelope(keyring), root) }));
        return { unsealShares: result.shares, rootAccessKeyId: root.accessKeyId, rootSecretAccessKey: root.secretAccessKey, autoUnseal: result.autoUnseal };
      },
    }),
  };
}

/** GET /health: 200 `ok` when unsealed; 503 `sealed` while sealed or not yet initialized. */
export function healthReport(seal: SealManager, fields: Record<string, unknown>): () => Record<string, unknown> {
  return () => {
    const { initialized, sealed } = seal.status();
    return { status: sealed ? 'sealed' : 'ok', ...(seal.mode === 'server' ? { initialized } : {}), mode: seal.mode, ...fields };
  };
}

export async function autoUnsealAtStart(seal: SealManager, logger: Logger): Promise<void> {
  const outcome = await seal.autoUnseal();
  if (outcome.unsealed) logger.info('coffer auto-unsealed');
  else if (seal.state === 'uninitialized') logger.info('coffer is not initialized: run `coffer operator init`');
  else logger.warn({ reason: outcome.reason }, 'coffer is sealed: run `coffer operator unseal` with the unseal shares');
}
