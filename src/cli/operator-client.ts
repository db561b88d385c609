/**
 * The HTTP(S) client of the operator commands: JSON to and from Coffer's /sys/ API. A self-signed server
 * certificate is trusted through --ca-cert (or NODE_EXTRA_CA_CERTS, which Node reads at start).
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8910';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export class OperatorError extends Error {}

export class OperatorClient {
  private readonly url: URL;

  constructor(
    endpoint: string,
    private readonly ca?: Buffer,
  ) {
    try {
      this.url = new URL(endpoint);
    } catch {
      throw new OperatorError(`the endpoint must be a URL such as ${DEFAULT_ENDPOINT}, got '${endpoint}'`);
    }
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new OperatorError(`the endpoint must be http:// or https://, got '${endpoint}'`);
  }

  get(path: string): Promise<Record<string, unknown>> {
    return this.send('GET', path, undefined, {});
  }

  post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.send('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });
  }

  /** A POST signed with SigV4 (signing name 'coffer'), as /sys/seal requires. */
  async signedPost(path: string, body: Record<string, unknown>, credentials: Credentials): Promise<Record<string, unknown>> {
    const payload = JSON.stringify(body);
    const signer = new SignatureV4({ service: 'coffer', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      path,
      query: {},
      headers: { host: this.url.host, 'content-type': 'application/json' },
      body: payload,
    });
    return this.send('POST', path, payload, signed.headers);
  }

  private send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Record<string, unknown>> {
    const request = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const target = new URL(path, this.url);
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, ...(this.ca ? { ca: this.ca } : {}) },
        (res) => readJson(res).then(resolve, reject),
      );
      req.on('error', (error: NodeJS.ErrnoException) => reject(new OperatorError(`cannot reach Coffer at ${this.url.origin}: ${error.code ?? error.message}`)));
      req.end(body);
    });
  }
}

function readJson(res: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        reject(new OperatorError(`unexpected answer from the server (HTTP ${res.statusCode}): is this a Coffer endpoint?`));
        return;
      }
      if ((res.statusCode ?? 500) >= 300) reject(new OperatorError(typeof parsed.message === 'string' ? parsed.message : `HTTP ${res.statusCode}`));
      else resolve(parsed);
    });
  });
}
