/** Raw signed HTTP requests, for the protocol edges the SDK never sends. Signed by Smithy's SigV4 signer. */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawOptions {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  target?: string;
  body?: string | Buffer;
  region?: string;
  service?: string;
  contentType?: string;
  signingDate?: Date;
  headers?: Record<string, string>;
  sign?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

export async function signedRequest(options: RawOptions): Promise<RawResponse> {
  const url = new URL(options.endpoint);
  const body = options.body ?? '{}';
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': options.contentType ?? 'application/x-amz-json-1.1',
    ...(options.target ? { 'x-amz-target': options.target } : {}),
    ...options.headers,
  };
  let request = new HttpRequest({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
  if (options.sign !== false) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      region: options.region ?? 'us-east-1',
      service: options.service ?? 'secretsmanager',
      sha256: Hash.bind(null, 'sha256'),
    });
    request = (await signer.sign(request, { signingDate: options.signingDate })) as HttpRequest;
  }
  const response = await fetch(`${options.endpoint}/`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => k !== 'host')),
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
