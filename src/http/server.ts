/**
 * The HTTP front (HTTP, or HTTPS when given a certificate): reads bodies (bounded), answers GET /health and the
 * operator API under /sys/, refuses AWS requests while the server cannot serve them (sealed), and hands the rest
 * to the pipelines.
 * Shutdown stops accepting, lets in-flight requests finish, then closes idle keep-alive connections.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AwsError } from '../protocol/errors.js';
import { sendJson, sendJsonError } from '../protocol/json11.js';
import { isQueryContentType } from '../protocol/query.js';
import { sendQueryError } from '../protocol/xml.js';
import type { SysHandler } from './sys-routes.js';
import type { RequestPipeline } from './pipeline.js';
import type { QueryPipeline } from './query-pipeline.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export type Server = HttpServer | HttpsServer;

/** The xmlns of awsQuery errors answered before any service is chosen (clients read only Code and Message). */
const QUERY_ERROR_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export interface HttpServerOptions {
  pipeline: RequestPipeline;
  queryPipeline: QueryPipeline;
  health: () => Record<string, unknown>;
  /** The error every AWS API request gets while the server cannot serve (sealed), or undefined when it can. */
  unavailable?: () => AwsError | undefined;
  /** The operator API under /sys/. */
  sys?: SysHandler;
  /** PEM certificate chain and private key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Records a request refused before the pipelines (sealed, too large); its failure refuses the request anyway. */
  auditRefusal?: (req: IncomingMessage, body: Buffer | undefined, error: AwsError) => Promise<void>;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res, options).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : undefined);
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ keepAliveTimeout: 65_000, cert: options.tls.cert, key: options.tls.key }, handler)
    : createServer({ keepAliveTimeout: 65_000 }, handler);
  server.headersTimeout = 60_000;
  server.requestTimeout = 120_000;
  return server;
}

async function route(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    req.resume();
    const health = options.health();
    sendJson(res, 'health', health.status === 'ok' ? 200 : 503, health);
    return;
  }
  const body = await readBody(req);
  if (body === 'too-large') {
    const tooLarge = new AwsError('RequestEntityTooLargeException', `Request body must not exceed ${MAX_BODY_BYTES} bytes.`);
    await options.auditRefusal?.(req, undefined, tooLarge).catch(() => undefined);
    sendJsonError(res, 'too-large', tooLarge);
    res.once('finish', () => req.destroy());
    return;
  }
  if (path?.startsWith('/sys/') && options.sys) {
    await options.sys(req, path, body, res);
    return;
  }
  const unavailable = options.unavailable?.();
  if (unavailable) {
    await options.auditRefusal?.(req, body, unavailable).catch(() => undefined);
    refuse(req, res, unavailable);
    return;
  }
  if (isQueryContentType(req.headers['content-type'])) await options.queryPipeline.handle(req, body, res);
  else await options.pipeline.handle(req, body, res);
}

/** The refusal in the request's protocol: awsQuery (IAM, STS) or JSON. */
function refuse(req: IncomingMessage, res: ServerResponse, error: AwsError): void {
  const requestId = randomUUID();
  if (isQueryContentType(req.headers['content-type'])) {
    sendQueryError(res, requestId, QUERY_ERROR_NAMESPACE, error.code === 'ServiceUnavailableException' ? new AwsError('ServiceUnavailable', error.message) : error);
  } else {
    sendJsonError(res, requestId, error);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting, lets in-flight requests finish (up to `graceMs`), and closes keep-alive connections. */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
