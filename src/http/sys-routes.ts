/**
 * The operator API under /sys/ (JSON in, JSON out), which `coffer operator …` calls:
 *
 *   GET  /sys/seal-status                                   → {mode, initialized, sealed, shares, threshold, progress, autoUnseal}
 *   POST /sys/init         {keyShares, keyThreshold}         → {unsealShares, rootAccessKeyId, rootSecretAccessKey, autoUnseal}
 *   POST /sys/unseal       {share}                           → seal status
 *   POST /sys/seal         (SigV4-signed, root credentials)  → seal status
 *   POST /sys/rekey        {shares, keyShares, keyThreshold} → {unsealShares, keyShares, keyThreshold, autoUnseal}
 *   POST /sys/rotate-root  {shares}                          → {unsealShares, keyShares, keyThreshold, autoUnseal}
 *
 * Init is open to whoever comes first, as in Vault (run it right after the first start); unseal, rekey and
 * rotate-root are authorized by the shares themselves; seal by a root-signed request. Errors: {code, message}.
 * Shares and root secrets appear only in the responses that hand them out, never in logs.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SealManager } from '../domain/seal/seal-manager.js';
import { SealOperationError, type SealErrorCode } from '../domain/seal/seal-errors.js';
import { isAwsError, type AwsError } from '../protocol/errors.js';
import type { SignedRequest } from '../protocol/sigv4.js';
import { logInternalError } from './internal-error.js';

export interface InitResult {
  unsealShares: string[];
  rootAccessKeyId: string;
  rootSecretAccessKey: string;
  autoUnseal: string | null;
}

export interface SysRoutesOptions {
  seal: SealManager;
  /** Initializes the seal and creates the root credentials. */
  init(keyShares: number, keyThreshold: number): Promise<InitResult>;
  /** Throws (an AwsError) unless the request is signed with the root credentials. */
  verifyRoot(request: SignedRequest): Promise<void>;
  logger: Logger;
}

export type SysHandler = (req: IncomingMessage, path: string, body: Buffer, res: ServerResponse) => Promise<void>;

const STATUS_OF: Record<SealErrorCode, number> = {
  InvalidRequest: 400,
  WrongShares: 400,
  AlreadyInitialized: 409,
  NotInitialized: 409,
  DevMode: 409,
  NotDataDirOfServer: 409,
  Sealed: 503,
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sysRoutes(options: SysRoutesOptions): SysHandler {
  const { seal, logger } = options;
  const routes: Record<string, { method: 'GET' | 'POST'; handle(req: IncomingMessage, body: Buffer): Promise<unknown> }> = {
    '/sys/seal-status': { method: 'GET', handle: async () => seal.status() },
    '/sys/init': {
      method: 'POST',
      async handle(_req, body) {
        const input = jsonObject(body);
        const result = await options.init(integer(input, 'keyShares'), integer(input, 'keyThreshold'));
        logger.info({ keyShares: result.unsealShares.length, autoUnseal: result.autoUnseal }, 'coffer initialized and unsealed');
        return result;
      },
    },
    '/sys/unseal': {
      method: 'POST',
      async handle(_req, body) {
        const share = jsonObject(body).share;
        if (typeof share !== 'string') throw new RequestError(400, 'InvalidRequest', 'the body must be {"share": "<unseal share>"}');
        const wasSealed = seal.state !== 'unsealed';
        try {
          const status = await seal.submitShare(share);
          if (wasSealed && !status.sealed) logger.info('coffer unsealed');
          return status;
        } catch (error) {
          if (error instanceof SealOperationError && error.code === 'WrongShares') logger.warn('unseal attempt refused: wrong share; progress reset');
          throw error;
        }
      },
    },
    '/sys/seal': {
      method: 'POST',
      async handle(req, body) {
        // Sealed already: nothing to do (and the root credentials, sealed too, could not be checked).
        if (seal.state === 'sealed') return seal.status();
        await options.verifyRoot({ method: req.method ?? 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body });
        await seal.seal();
        logger.info('coffer sealed by an operator');
        return seal.status();
      },
    },
    '/sys/rekey': {
      method: 'POST',
      async handle(_req, body) {
        const input = jsonObject(body);
        const keyShares = integer(input, 'keyShares');
        const keyThreshold = integer(input, 'keyThreshold');
        const result = await seal.rekey(shareList(input), keyShares, keyThreshold);
        logger.info({ keyShares, keyThreshold }, 'unseal shares replaced (rekey)');
        return { unsealShares: result.shares, keyShares, keyThreshold, autoUnseal: result.autoUnseal };
      },
    },
    '/sys/rotate-root': {
      method: 'POST',
      async handle(_req, body) {
        const result = await seal.rotateRoot(shareList(jsonObject(body)));
        const status = seal.status();
        logger.info({ autoUnseal: result.autoUnseal }, 'root key rotated; keyring sealed under the new root key');
        return { unsealShares: result.shares, keyShares: status.shares, keyThreshold: status.threshold, autoUnseal: result.autoUnseal };
      },
    },
  };

  return async (req, path, body, res) => {
    const route = routes[path];
    try {
      if (!route) throw new RequestError(404, 'NotFound', `no operator endpoint ${path}`);
      if (req.method !== route.method) throw new RequestError(405, 'MethodNotAllowed', `${path} takes ${route.method}`);
      send(res, 200, await route.handle(req, body));
    } catch (error) {
      if (error instanceof RequestError) send(res, error.status, { code: error.code, message: error.message });
      else if (error instanceof SealOperationError) send(res, STATUS_OF[error.code], { code: error.code, message: error.message });
      else if (isAwsError(error)) send(res, awsStatus(error), { code: error.code, message: error.message });
      else {
        logInternalError(logger, error, { requestId: randomUUID(), operation: path });
        send(res, 500, { code: 'InternalError', message: 'An error occurred on the server side.' });
      }
    }
  };
}

/** Signature and permission failures are 403 here; a sealed server is 503. */
function awsStatus(error: AwsError): number {
  return error.status >= 500 ? error.status : 403;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': payload.length, 'Cache-Control': 'no-store' });
  res.end(payload);
}

function jsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestError(400, 'InvalidRequest', 'the body must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RequestError(400, 'InvalidRequest', 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function integer(input: Record<string, unknown>, name: string): number {
  const value = input[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new RequestError(400, 'InvalidRequest', `${name} must be a whole number`);
  return value;
}

function shareList(input: Record<string, unknown>): string[] {
  const shares = input.shares;
  if (!Array.isArray(shares) || shares.length === 0 || !shares.every((s) => typeof s === 'string')) {
    throw new RequestError(400, 'InvalidRequest', 'shares must be a list of current unseal shares');
  }
  return shares as string[];
}
