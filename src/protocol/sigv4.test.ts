import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { AwsError } from './errors.js';
import { SigV4Verifier } from './sigv4.js';

const credentials = { accessKeyId: 'AKIAUNITTEST00000001', secretAccessKey: 'unit/test+secret=key' };
const now = Date.UTC(2026, 10, 29, 10, 0, 0);
const verifier = new SigV4Verifier((id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey, principal: 'root' } : undefined), () => now);
const smithy = new SignatureV4({ credentials, region: 'eu-west-3', service: 'secretsmanager', sha256: Hash.bind(null, 'sha256') });

interface Spec {
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  method?: string;
}

/** Signs with the AWS SDK's signer, then presents the request to the verifier as Node would receive it. */
async function signed(spec: Spec) {
  const request = await smithy.sign(
    new HttpRequest({
      method: spec.method ?? 'POST',
      hostname: 'localhost',
      port: 8910,
      path: spec.path ?? '/',
      query: spec.query,
      headers: { host: 'localhost:8910', 'content-type': 'application/x-amz-json-1.1', ...spec.headers },
      body: spec.body ?? '{}',
    }),
    { signingDate: new Date(now) },
  );
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(request.query ?? {})) for (const value of Array.isArray(v) ? v : [v]) search.append(k, value as string);
  const qs = search.toString().replace(/\+/g, '%20');
  return {
    method: request.method,
    url: `${request.path}${qs ? `?${qs}` : ''}`,
    rawHeaders: Object.entries(request.headers).flat(),
    body: Buffer.from(spec.body ?? '{}'),
  };
}

async function code(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return (error as AwsError).code;
  }
  return 'accepted';
}

describe('SigV4Verifier canonicalization (against the AWS SDK signer)', () => {
  it.each<[string, Spec]>([
    ['a plain JSON POST', {}],
    ['query parameters needing encoding, repeated keys, empty values', { query: { b: ['2', '1'], a: 'x y/z~*', 'c!': '', 'ü': 'é' } }],
    ['a nested path', { path: '/a/b%20c/d', method: 'GET', body: '' }],
    ['header values with runs of spaces', { headers: { 'x-amz-target': 'secretsmanager.ListSecrets', 'x-custom': '  a   b  ' } }],
    ['a unicode body', { body: JSON.stringify({ SecretId: 'ünï/cødé', Description: '✓' }) }],
  ])('accepts %s', async (_, spec) => {
    const request = await signed(spec);
    expect(await code(() => verifier.verify(request, 'secretsmanager'))).toBe('accepted');
  });

  it('refuses the same requests once anything signed changes', async () => {
    const request = await signed({ query: { a: '1' }, headers: { 'x-amz-target': 'secretsmanager.ListSecrets' }, body: '{"a":1}' });
    const variants = [
      { ...request, body: Buffer.from('{"a":2}') },
      { ...request, url: '/?a=2' },
      { ...request, method: 'PUT' },
      { ...request, rawHeaders: request.rawHeaders.map((h) => (h === 'secretsmanager.ListSecrets' ? 'secretsmanager.GetSecretValue' : h)) },
    ];
    for (const variant of variants) expect(await code(() => verifier.verify(variant, 'secretsmanager'))).toBe('InvalidSignatureException');
  });

  it('reports the scope problems AWS reports', async () => {
    const request = await signed({});
    expect(await code(() => verifier.verify(request, 'kms'))).toBe('InvalidSignatureException');
    const unknown = { ...request, rawHeaders: request.rawHeaders.map((h) => h.replace(credentials.accessKeyId, 'AKIAUNKNOWN000000000')) };
    expect(await code(() => verifier.verify(unknown, 'secretsmanager'))).toBe('UnrecognizedClientException');
  });
});
