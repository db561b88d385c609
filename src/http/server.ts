/**
 * The HTTP front: reads bodies (bounded), answers GET /health, and hands AWS requests to the pipeline.
 * Shutdown stops accepting, lets in-flight requests finish, then closes idle keep-alive connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from '../protocol/errors.js';
import { sendJson, sendJsonError } from '../protocol/json11.js';
import { isQueryContentType } from '../protocol/query.js';
import type { RequestPipeline } from './pipeline.js';
import type { QueryPipeline } from './query-pipeline.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServerOptions {
  pipeline: RequestPipeline;
  queryPipeline: QueryPipeline;
  health: () => Record<string, unknown>;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    route(req, res, options).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.headersTimeout = 60_000;
  server.requestTimeout = 120_000;
  return server;
}

async function route(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    req.resume();
    sendJson(res, 'health', 200, options.health());
    return;
  }
  const body = await readBody(req);
  if (body === 'too-large') {
    sendJsonError(res, 'too-large', new AwsError('RequestEntityTooLargeException', `Request body must not exceed ${MAX_BODY_BYTES} bytes.`));
    res.once('finish', () => req.destroy());
    return;
  }
  if (isQueryContentType(req.headers['content-type'])) await options.queryPipeline.handle(req, body, res);
  else await options.pipeline.handle(req, body, res);
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
