/** Raw signed HTTP: the protocol edges the SDK never sends. */
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';
import { signedRequest, type RawOptions } from './support/raw.js';

let coffer: TestCoffer;
let base: Pick<RawOptions, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>;
beforeAll(async () => {
  coffer = await startTestCoffer();
  base = { endpoint: coffer.endpoint, ...coffer.rootCredentials };
});
afterAll(() => coffer.destroy());

const target = (op: string) => `secretsmanager.${op}`;
const unique = () => `raw-${randomUUID().slice(0, 8)}`;

describe('awsJson1_1 requests', () => {
  it('answers a valid raw request with JSON, epoch-second dates and x-amzn-RequestId', async () => {
    const name = unique();
    const created = await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name, ClientRequestToken: randomUUID(), SecretBinary: 'Zm9vdGVzdA==' }) });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(created.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const got = await signedRequest({ ...base, target: target('GetSecretValue'), body: JSON.stringify({ SecretId: name }) });
    expect(got.json!.SecretBinary).toBe('Zm9vdGVzdA==');
    expect(typeof got.json!.CreatedDate).toBe('number');
    expect(got.json!.CreatedDate as number).toBeLessThan(Date.now() / 1000 + 1);
  });

  it('refuses Create/Put/Update with a value but no ClientRequestToken, changing nothing', async () => {
    const name = unique();
    const create = await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name, SecretString: 'x' }) });
    expect(create.status).toBe(400);
    expect(create.json).toEqual({ __type: 'InvalidRequestException', Message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.' });
    expect((await awsError(() => coffer.client().send(new DescribeSecretCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
    await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name }) });
    for (const op of ['PutSecretValue', 'UpdateSecret']) {
      const res = await signedRequest({ ...base, target: target(op), body: JSON.stringify({ SecretId: name, SecretString: 'x' }) });
      expect(res.json).toEqual({ __type: 'InvalidRequestException', Message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.' });
    }
  });

  it('malformed JSON is a SerializationException without a message', async () => {
    const res = await signedRequest({ ...base, target: target('ListSecrets'), body: '{"MaxResults": ' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ __type: 'SerializationException' });
  });

  it('a member of the wrong JSON type is a SerializationException', async () => {
    const res = await signedRequest({ ...base, target: target('DescribeSecret'), body: JSON.stringify({ SecretId: 12 }) });
    expect(res.status).toBe(400);
    expect(res.json!.__type).toBe('SerializationException');
    const obj = await signedRequest({ ...base, target: target('DescribeSecret'), body: JSON.stringify({ SecretId: { a: 1 } }) });
    expect(obj.json).toEqual({ __type: 'SerializationException', Message: 'Start of structure or map found where not expected.' });
  });

  it('a missing required member is a ValidationException', async () => {
    const res = await signedRequest({ ...base, target: target('GetSecretValue'), body: '{}' });
    expect(res.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('an unknown or missing X-Amz-Target is UnknownOperationException', async () => {
    const unknown = await signedRequest({ ...base, target: target('FlyToTheMoon') });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ __type: 'UnknownOperationException' });
    const missing = await signedRequest({ ...base });
    expect(missing.json).toEqual({ __type: 'UnknownOperationException' });
    const otherService = await signedRequest({ ...base, target: 'DynamoDB_20120810.ListTables' });
    expect(otherService.json).toEqual({ __type: 'UnknownOperationException' });
  });

  it('a wrong content type gets the AWS front door XML 403', async () => {
    const signed = await signedRequest({ ...base, target: target('ListSecrets'), contentType: 'text/plain' });
    expect(signed.status).toBe(403);
    expect(signed.text).toBe('<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n');
    const unsigned = await signedRequest({ ...base, target: target('ListSecrets'), contentType: 'application/xml', sign: false });
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toContain('<MissingAuthenticationTokenException>');
  });

  it('an oversize body is refused with 413 before anything is parsed', async () => {
    const res = await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: unique(), SecretString: 'x'.repeat(1_100_000) }) });
    expect(res.status).toBe(413);
    expect(res.json!.__type).toBe('RequestEntityTooLargeException');
  });
});

describe('SigV4 authentication', () => {
  it('no Authorization at all is MissingAuthenticationTokenException', async () => {
    const res = await signedRequest({ ...base, target: target('ListSecrets'), sign: false });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('an incomplete Authorization header is IncompleteSignatureException', async () => {
    const res = await signedRequest({ ...base, target: target('ListSecrets'), sign: false, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/secretsmanager/aws4_request' } });
    expect(res.status).toBe(400);
    expect(res.json!.__type).toBe('IncompleteSignatureException');
    expect(res.json!.message).toBe(
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/secretsmanager/aws4_request",
    );
  });

  it('an unknown access key is UnrecognizedClientException', async () => {
    const res = await signedRequest({ ...base, accessKeyId: 'AKIANOTAREALKEY00000', target: target('ListSecrets') });
    expect(res.json).toEqual({ __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  });

  it('a wrong secret key or a tampered body is InvalidSignatureException, and nothing changes', async () => {
    const wrongKey = await signedRequest({ ...base, secretAccessKey: 'wrong', target: target('ListSecrets') });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.json).toEqual({
      __type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    const name = unique();
    const body = JSON.stringify({ Name: name, ClientRequestToken: randomUUID(), SecretString: 'x' });
    const url = new URL(coffer.endpoint);
    const signer = new SignatureV4({ credentials: coffer.rootCredentials, region: 'us-east-1', service: 'secretsmanager', sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(
      new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('CreateSecret') }, body }),
    );
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'host'));
    const tampered = await fetch(`${coffer.endpoint}/`, { method: 'POST', headers, body: body.replace('"x"', '"y"') });
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { __type: string }).__type).toBe('InvalidSignatureException');
    expect((await awsError(() => coffer.client().send(new DescribeSecretCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
  });

  it('a mismatching x-amz-content-sha256 is refused', async () => {
    const res = await signedRequest({ ...base, target: target('ListSecrets'), headers: { 'x-amz-content-sha256': '0'.repeat(64) } });
    expect(res.json!.__type).toBe('InvalidSignatureException');
  });

  it('a credential scoped to another service is refused', async () => {
    const res = await signedRequest({ ...base, target: target('ListSecrets'), service: 'kms' });
    expect(res.json).toEqual({ __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'secretsmanager'." });
  });

  it('a signed request may be replayed within 15 minutes, not after, and not from the future', async () => {
    const fourteen = await signedRequest({ ...base, target: target('ListSecrets'), signingDate: new Date(Date.now() - 14 * 60_000) });
    expect(fourteen.status).toBe(200);
    const sixteen = await signedRequest({ ...base, target: target('ListSecrets'), signingDate: new Date(Date.now() - 16 * 60_000) });
    expect(sixteen.status).toBe(400);
    expect(sixteen.json!.__type).toBe('InvalidSignatureException');
    expect(sixteen.json!.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    const future = await signedRequest({ ...base, target: target('ListSecrets'), signingDate: new Date(Date.now() + 16 * 60_000) });
    expect(future.json!.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/);
  });

  it('accepts the presigned query-string form, with the input in the query string', async () => {
    const name = unique();
    await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name, ClientRequestToken: randomUUID(), SecretString: 'presigned!' }) });
    const url = new URL(coffer.endpoint);
    const signer = new SignatureV4({ credentials: coffer.rootCredentials, region: 'us-east-1', service: 'secretsmanager', sha256: Hash.bind(null, 'sha256') });
    const headers = { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('GetSecretValue') };
    const presigned = await signer.presign(
      new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', query: { SecretId: name }, headers }),
      { expiresIn: 300 },
    );
    const qs = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${coffer.endpoint}/?${qs}`, { method: 'POST', headers: { 'content-type': headers['content-type'], 'x-amz-target': headers['x-amz-target'] } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { SecretString: string }).SecretString).toBe('presigned!');
    const expired = await signer.presign(
      new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', query: { SecretId: name }, headers }),
      { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) },
    );
    const late = await fetch(`${coffer.endpoint}/?${new URLSearchParams(expired.query as Record<string, string>).toString()}`, {
      method: 'POST',
      headers: { 'content-type': headers['content-type'], 'x-amz-target': headers['x-amz-target'] },
    });
    expect(late.status).toBe(400);
    expect(((await late.json()) as { message: string }).message).toMatch(/^Signature expired/);
  });
});

describe('health', () => {
  it('GET /health answers 200 with a small JSON status, unauthenticated', async () => {
    const res = await fetch(`${coffer.endpoint}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', storage: 'sqlite' });
  });
});
