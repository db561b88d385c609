/** Minimal loopback HTTP calls (node:http), for readiness polls, signer checks, cold starts and seeding. */
import { request, type Agent } from 'node:http';
import { Signer } from './sign.js';

export const HOST = '127.0.0.1';

export interface Reply {
  status: number;
  body: string;
}

export function httpCall(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  options: { agent?: Agent | false; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: HOST, port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** One signed awsJson1_1 call: `operation` with `input` as its JSON body. */
export function signedCall(
  port: number,
  signer: Signer,
  operation: string,
  input: unknown,
  options: { agent?: Agent | false; timeoutMs?: number } = {},
): Promise<Reply> {
  const body = JSON.stringify(input);
  return httpCall(port, 'POST', '/', signer.sign(`secretsmanager.${operation}`, body), body, options);
}
