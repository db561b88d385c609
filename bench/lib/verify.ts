/**
 * Proves the benchmark signer before anything is measured: it must agree with Smithy's SigV4 signer (the AWS SDK's)
 * byte for byte, a real Coffer must accept what it signs, and must refuse the same request with one signature
 * character changed (so acceptance means verification, not indifference).
 */
import { randomUUID } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { httpCall, signedCall, HOST } from './http.js';
import { REGION, SERVICE, Signer, target, type Credentials } from './sign.js';

export async function crossCheckWithSmithy(credentials: Credentials, port: number): Promise<void> {
  const when = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
  const host = `${HOST}:${port}`;
  const body = JSON.stringify({ SecretId: 'bench/cross-check' });
  const ours = new Signer(credentials, host).sign(target('GetSecretValue'), body, when.getTime());
  const smithy = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: HOST,
    port,
    path: '/',
    headers: { host, 'content-type': ours['content-type'], 'x-amz-target': ours['x-amz-target'] },
    body,
  });
  const signed = (await smithy.sign(request, { signingDate: when })) as HttpRequest;
  const theirs = signed.headers.authorization ?? signed.headers.Authorization;
  if (theirs !== ours.authorization) throw new Error(`signer disagrees with Smithy:\n  ours:   ${ours.authorization}\n  smithy: ${theirs}`);
}

export async function verifyAgainstServer(credentials: Credentials, port: number): Promise<string> {
  const signer = new Signer(credentials, `${HOST}:${port}`);
  const name = `bench/signer-check-${Date.now()}`;
  const created = await signedCall(port, signer, 'CreateSecret', { Name: name, ClientRequestToken: randomUUID(), SecretString: 'signer-check' });
  if (created.status !== 200) throw new Error(`signed CreateSecret was refused: HTTP ${created.status} ${created.body}`);
  const got = await signedCall(port, signer, 'GetSecretValue', { SecretId: name });
  if (got.status !== 200 || (JSON.parse(got.body) as { SecretString?: string }).SecretString !== 'signer-check') {
    throw new Error(`signed GetSecretValue failed: HTTP ${got.status} ${got.body}`);
  }
  const body = JSON.stringify({ SecretId: name });
  const headers = signer.sign(target('GetSecretValue'), body);
  const last = headers.authorization.slice(-1);
  headers.authorization = headers.authorization.slice(0, -1) + (last === '0' ? '1' : '0');
  const tampered = await httpCall(port, 'POST', '/', headers, body);
  if (tampered.status < 400 || tampered.status >= 500 || !tampered.body.includes('InvalidSignatureException')) {
    throw new Error(`a tampered signature was not refused: HTTP ${tampered.status} ${tampered.body}`);
  }
  return `signer matches Smithy SigV4; Coffer accepts its signatures (CreateSecret, GetSecretValue) and refuses a tampered one (${tampered.status} InvalidSignatureException)`;
}
