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

describe('hostile input gets a 4xx and changes nothing', () => {
  it('a null body is an empty input', async () => {
    const res = await signedRequest({ ...base, target: target('GetSecretValue'), body: 'null' });
    expect(res.status).toBe(400);
    expect(res.json!.__type).toBe('ValidationException');
  });

  it('null list items are ValidationExceptions, and no null label or tag is ever stored', async () => {
    const name = unique();
    await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name, ClientRequestToken: randomUUID(), SecretString: 'x' }) });
    const stages = await signedRequest({ ...base, target: target('PutSecretValue'), body: JSON.stringify({ SecretId: name, ClientRequestToken: randomUUID(), SecretString: 'y', VersionStages: [null, 'X'] }) });
    expect(stages.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'versionStages.1.member' failed to satisfy constraint: Member must not be null",
    });
    for (const body of [{ SecretId: name, Tags: [{}] }, { SecretId: name, Tags: [null] }]) {
      const res = await signedRequest({ ...base, target: target('TagResource'), body: JSON.stringify(body) });
      expect(res.json!.__type).toBe('ValidationException');
    }
    const untag = await signedRequest({ ...base, target: target('UntagResource'), body: JSON.stringify({ SecretId: name, TagKeys: [null] }) });
    expect(untag.json!.__type).toBe('ValidationException');
    const batch = await signedRequest({ ...base, target: target('BatchGetSecretValue'), body: JSON.stringify({ SecretIdList: [null] }) });
    expect(batch.json!.__type).toBe('ValidationException');
    const filters = await signedRequest({ ...base, target: target('ListSecrets'), body: JSON.stringify({ Filters: [null, { Key: 'name', Values: [null] }] }) });
    expect(filters.json!.__type).toBe('ValidationException');
    const described = await signedRequest({ ...base, target: target('DescribeSecret'), body: JSON.stringify({ SecretId: name }) });
    expect(Object.values(described.json!.VersionIdsToStages as Record<string, string[]>)).toEqual([['AWSCURRENT']]);
    expect(described.json!.Tags).toBeUndefined();
  });

  it('a tag without a Value is stored with an empty value and filters keep working', async () => {
    const name = unique();
    await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name }) });
    const tagged = await signedRequest({ ...base, target: target('TagResource'), body: JSON.stringify({ SecretId: name, Tags: [{ Key: 'k' }] }) });
    expect(tagged.status).toBe(200);
    const listed = await signedRequest({ ...base, target: target('ListSecrets'), body: JSON.stringify({ Filters: [{ Key: 'tag-value', Values: ['zzz'] }, { Key: 'all', Values: ['k'] }] }) });
    expect(listed.status).toBe(200);
    const described = await signedRequest({ ...base, target: target('DescribeSecret'), body: JSON.stringify({ SecretId: name }) });
    expect(described.json!.Tags).toEqual([{ Key: 'k', Value: '' }]);
  });

  it('a string with an unpaired surrogate is refused rather than silently altered', async () => {
    const res = await signedRequest({ ...base, target: target('CreateSecret'), body: `{"Name":"${unique()}","ClientRequestToken":"${randomUUID()}","SecretString":"\\ud800"}` });
    expect(res.status).toBe(400);
    expect(res.json!.__type).toBe('SerializationException');
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

  it('refuses a request whose X-Amz-Target or Content-Type was not signed, so it cannot be replayed as another operation', async () => {
    const name = unique();
    await signedRequest({ ...base, target: target('CreateSecret'), body: JSON.stringify({ Name: name, ClientRequestToken: randomUUID(), SecretString: 'x' }) });
    const url = new URL(coffer.endpoint);
    const signer = new SignatureV4({ credentials: coffer.rootCredentials, region: 'us-east-1', service: 'secretsmanager', sha256: Hash.bind(null, 'sha256') });
    const body = JSON.stringify({ SecretId: name });
    for (const unsigned of ['x-amz-target', 'content-type']) {
      const signed = await signer.sign(
        new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('DescribeSecret') }, body }),
        { unsignableHeaders: new Set([unsigned]) },
      );
      const headers = { ...Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'host')), 'x-amz-target': target('DeleteSecret') };
      const res = await fetch(`${coffer.endpoint}/`, { method: 'POST', headers, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ __type: 'IncompleteSignatureException', message: `'${unsigned}' must be a 'SignedHeader' in the AWS Authorization.` });
    }
    expect((await coffer.client().send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
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
    expect(qs.toLowerCase()).toContain('x-amz-target=secretsmanager.getsecretvalue'); // the presigner hoists x-amz-* headers into the query
    const res = await fetch(`${coffer.endpoint}/?${qs}`, { method: 'POST', headers: { 'content-type': headers['content-type'] } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect((JSON.parse(text) as { SecretString: string }).SecretString).toBe('presigned!');
    const expired = await signer.presign(
      new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', query: { SecretId: name }, headers }),
      { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) },
    );
    const noExpiry = new URLSearchParams(presigned.query as Record<string, string>);
    noExpiry.delete('X-Amz-Expires');
    const forever = await fetch(`${coffer.endpoint}/?${noExpiry.toString()}`, { method: 'POST', headers: { 'content-type': headers['content-type'] } });
    expect(forever.status).toBe(400);
    expect(((await forever.json()) as { __type: string; message: string })).toEqual({
      __type: 'IncompleteSignatureException',
      message: "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.",
    });
    const late = await fetch(`${coffer.endpoint}/?${new URLSearchParams(expired.query as Record<string, string>).toString()}`, {
      method: 'POST',
      headers: { 'content-type': headers['content-type'] },
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
