/**
 * AWS Signature Version 4 verification, for both the `Authorization` header form and the presigned query form.
 * Errors carry AWS's own types and texts. Derived signing keys are cached per key/date/region/service.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from './errors.js';

export const SIGNATURE_WINDOW_MINUTES = 15;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_PRESIGN_EXPIRES = 604800;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignedRequest {
  method: string;
  /** The raw request target: path plus optional query string, as received. */
  url: string;
  /** Raw header pairs as Node gives them in `IncomingMessage.rawHeaders`. */
  rawHeaders: string[];
  body: Buffer;
}

/**
 * Finds the secret and principal of an access key. `securityToken` is the request's X-Amz-Security-Token: required
 * for temporary credentials, refused for long-term ones. May throw (e.g. ExpiredTokenException).
 */
export interface CredentialLookup<P> {
  (accessKeyId: string, securityToken: string | undefined): Credential<P> | undefined | Promise<Credential<P> | undefined>;
}

export interface Credential<P> {
  secretAccessKey: string;
  principal: P;
  /** Temporary credentials: when they stop working (epoch ms). */
  expiresAt?: number;
}

export interface VerifiedRequest<P> {
  principal: P;
  accessKeyId: string;
  region: string;
  service: string;
  /** Non-signature query parameters (presigned requests carry their input there). */
  query: [string, string][];
}

interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  expiresSeconds?: number;
  securityToken?: string;
  presigned: boolean;
}

export class SigV4Verifier<P> {
  private readonly keyCache = new Map<string, { secret: string; key: Buffer }>();

  constructor(
    private readonly lookup: CredentialLookup<P>,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(request: SignedRequest, expectedService: string): Promise<VerifiedRequest<P>> {
    const queryIndex = request.url.indexOf('?');
    const rawPath = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
    const query = parseQuery(queryIndex === -1 ? '' : request.url.slice(queryIndex + 1));
    const headers = collectHeaders(request.rawHeaders);
    const auth = parseAuth(headers, query);

    checkScope(auth, expectedService);
    const credential = await this.lookup(auth.accessKeyId, auth.securityToken);
    if (!credential) throw new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    this.checkTime(auth);

    const payloadHash = auth.presigned ? sha256Hex(request.body) : payloadHashOf(headers, request.body);
    const canonical = [
      request.method.toUpperCase(),
      canonicalUri(rawPath),
      canonicalQuery(query, auth.presigned),
      ...canonicalHeaderLines(headers, auth.signedHeaders),
      auth.signedHeaders.join(';'),
      payloadHash,
    ].join('\n');
    const scope = `${auth.date}/${auth.region}/${auth.service}/${auth.terminator}`;
    const stringToSign = `${ALGORITHM}\n${auth.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const key = this.signingKey(auth, credential.secretAccessKey);
    const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
    const given = Buffer.from(auth.signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AwsError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
    // Only once the signature proves possession of the key does the caller learn that its token has expired.
    if (credential.expiresAt !== undefined && this.now() >= credential.expiresAt) {
      throw new AwsError('ExpiredTokenException', 'The security token included in the request is expired');
    }
    const plainQuery = query.filter(([k]) => !k.toLowerCase().startsWith('x-amz-'));
    return { principal: credential.principal, accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service, query: plainQuery };
  }

  private checkTime(auth: ParsedAuth): void {
    const signedAt = parseAmzDate(auth.amzDate);
    const now = this.now();
    const windowMs = SIGNATURE_WINDOW_MINUTES * 60_000;
    if (auth.presigned && now > signedAt + auth.expiresSeconds! * 1000) {
      throw new AwsError('InvalidSignatureException', `Signature expired: ${auth.amzDate} is now earlier than ${formatAmzDate(now - auth.expiresSeconds! * 1000)} (${formatAmzDate(now)} - ${auth.expiresSeconds} sec.)`);
    }
    if (!auth.presigned && signedAt < now - windowMs) {
      throw new AwsError('InvalidSignatureException', `Signature expired: ${auth.amzDate} is now earlier than ${formatAmzDate(now - windowMs)} (${formatAmzDate(now)} - ${SIGNATURE_WINDOW_MINUTES} min.)`);
    }
    if (signedAt > now + windowMs) {
      throw new AwsError('InvalidSignatureException', `Signature not yet current: ${auth.amzDate} is still later than ${formatAmzDate(now + windowMs)} (${formatAmzDate(now)} + ${SIGNATURE_WINDOW_MINUTES} min.)`);
    }
  }

  private signingKey(auth: ParsedAuth, secret: string): Buffer {
    const cacheKey = `${auth.accessKeyId}\0${auth.date}\0${auth.region}\0${auth.service}`;
    const cached = this.keyCache.get(cacheKey);
    if (cached && cached.secret === secret) return cached.key;
    const kDate = hmac(`AWS4${secret}`, auth.date);
    const kRegion = hmac(kDate, auth.region);
    const kService = hmac(kRegion, auth.service);
    const key = hmac(kService, 'aws4_request');
    if (this.keyCache.size >= 10_000) this.keyCache.clear();
    this.keyCache.set(cacheKey, { secret, key });
    return key;
  }
}

function parseAuth(headers: Map<string, string[]>, query: [string, string][]): ParsedAuth {
  const authorization = headers.get('authorization')?.join(',');
  const algorithmParam = query.find(([k]) => k === 'X-Amz-Algorithm')?.[1];
  if (authorization !== undefined && algorithmParam !== undefined) {
    throw new AwsError('InvalidSignatureException', "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (algorithmParam !== undefined) return parsePresigned(query, headers);
  if (authorization === undefined) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  return parseAuthorizationHeader(authorization, headers);
}

function parseAuthorizationHeader(authorization: string, headers: Map<string, string[]>): ParsedAuth {
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw new AwsError('IncompleteSignatureException', `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${authorization}`);
  }
  const params = authorizationParams(authorization.slice(space + 1));
  const amzDate = headers.get('x-amz-date')?.[0];
  const missing: string[] = [];
  if (!params.get('Credential')) missing.push("Authorization header requires 'Credential' parameter.");
  if (!params.get('Signature')) missing.push("Authorization header requires 'Signature' parameter.");
  if (!params.get('SignedHeaders')) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!amzDate) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) throw new AwsError('IncompleteSignatureException', `${missing.join(' ')} Authorization=${authorization}`);
  const signedHeaders = params.get('SignedHeaders')!.split(';');
  requireSigned(headers, signedHeaders);
  return {
    ...parseCredential(params.get('Credential')!),
    signedHeaders,
    signature: params.get('Signature')!,
    amzDate: validAmzDate(amzDate!),
    securityToken: headers.get('x-amz-security-token')?.[0],
    presigned: false,
  };
}

/** `Credential=…, SignedHeaders=…, Signature=…` into its three parameters (others are ignored). */
function authorizationParams(text: string): { get(name: 'Credential' | 'SignedHeaders' | 'Signature'): string | undefined } {
  const values: Record<string, string> = {};
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf(',', start);
    if (end === -1) end = text.length;
    const eq = text.indexOf('=', start);
    if (eq > start && eq < end) values[text.slice(start, eq).trim()] = text.slice(eq + 1, end).trim();
    start = end + 1;
  }
  return { get: (name) => (Object.hasOwn(values, name) ? values[name] : undefined) };
}

function parsePresigned(query: [string, string][], headers: Map<string, string[]>): ParsedAuth {
  const get = (name: string) => query.find(([k]) => k === name)?.[1];
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Expires'];
  const missing = required.filter((name) => !get(name)).map((name) => `AWS query-string parameters must include '${name}'.`);
  if (missing.length > 0) throw new AwsError('IncompleteSignatureException', `${missing.join(' ')} Re-examine the query-string parameters.`);
  if (get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new AwsError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${get('X-Amz-Algorithm')}'`);
  }
  const expiresText = get('X-Amz-Expires')!;
  const expiresSeconds = Number(expiresText);
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_EXPIRES) {
    throw new AwsError('IncompleteSignatureException', `X-Amz-Expires must be a number between 1 and ${MAX_PRESIGN_EXPIRES} seconds, got '${expiresText}'`);
  }
  const signedHeaders = get('X-Amz-SignedHeaders')!.split(';');
  requireSigned(headers, signedHeaders);
  return {
    ...parseCredential(get('X-Amz-Credential')!),
    signedHeaders,
    signature: get('X-Amz-Signature')!,
    amzDate: validAmzDate(get('X-Amz-Date')!),
    expiresSeconds,
    securityToken: get('X-Amz-Security-Token'),
    presigned: true,
  };
}

/**
 * Host must be signed, and so must every header that changes what a request means: the operation (x-amz-target),
 * how its body is read (content-type) and any x-amz-* header. Otherwise a captured request could be replayed as
 * another operation.
 */
function requireSigned(headers: Map<string, string[]>, signedHeaders: string[]): void {
  if (!signedHeaders.includes('host')) {
    throw new AwsError('IncompleteSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  for (const name of headers.keys()) {
    if ((name === 'content-type' || name.startsWith('x-amz-')) && !signedHeaders.includes(name)) {
      throw new AwsError('IncompleteSignatureException', `'${name}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
}

function parseCredential(credential: string): Pick<ParsedAuth, 'accessKeyId' | 'date' | 'region' | 'service' | 'terminator'> {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    throw new AwsError('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

function checkScope(auth: ParsedAuth, expectedService: string): void {
  const problems: string[] = [];
  if (!/^([a-z]+-)+\d+$/.test(auth.region)) problems.push(`Credential should be scoped to a valid region, not '${auth.region}'.`);
  if (auth.service !== expectedService) problems.push(`Credential should be scoped to correct service: '${expectedService}'.`);
  if (auth.terminator !== 'aws4_request') problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.`);
  if (auth.date !== auth.amzDate.slice(0, 8)) {
    problems.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'.`);
  }
  if (problems.length > 0) throw new AwsError('InvalidSignatureException', problems.join(' '));
}

function validAmzDate(value: string): string {
  if (!/^\d{8}T\d{6}Z$/.test(value) || Number.isNaN(parseAmzDate(value))) {
    throw new AwsError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  return value;
}

function parseAmzDate(value: string): number {
  return Date.UTC(+value.slice(0, 4), +value.slice(4, 6) - 1, +value.slice(6, 8), +value.slice(9, 11), +value.slice(11, 13), +value.slice(13, 15));
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function collectHeaders(rawHeaders: string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else headers.set(name, [rawHeaders[i + 1]!]);
  }
  return headers;
}

function canonicalHeaderLines(headers: Map<string, string[]>, signedHeaders: string[]): string[] {
  const lines = signedHeaders.map((name) => {
    const values = headers.get(name) ?? [];
    return `${name}:${values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}`;
  });
  lines.push('');
  return lines;
}

function payloadHashOf(headers: Map<string, string[]>, body: Buffer): string {
  const declared = headers.get('x-amz-content-sha256')?.[0];
  const actual = body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
  if (declared !== undefined && declared !== actual) {
    throw new AwsError('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  return actual;
}

function parseQuery(raw: string): [string, string][] {
  if (raw === '') return [];
  return raw.split('&').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    return [decode(key), decode(value)];
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

function canonicalQuery(query: [string, string][], presigned: boolean): string {
  return query
    .filter(([k]) => !(presigned && k === 'X-Amz-Signature'))
    .map(([k, v]) => [escapeUri(k), escapeUri(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function canonicalUri(rawPath: string): string {
  if (rawPath === '/') return '/';
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${rawPath.endsWith('/') && segments.length > 0 ? '/' : ''}`;
  return normalized.split('/').map(escapeUri).join('/');
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
