import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { SigV4Verifier } from '../../src/protocol/sigv4.js';
import { JSON11, Signer, target } from './sign.js';

const credentials = { accessKeyId: 'AKIABENCHSIGNER00001', secretAccessKey: 'bench/signer+secret' };
const host = '127.0.0.1:8910';
const now = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('the benchmark signer', () => {
  it('produces the same Authorization as the Smithy SigV4 signer', async () => {
    const body = JSON.stringify({ SecretId: 'bench/secret-000001' });
    const ours = new Signer(credentials, host).sign(target('GetSecretValue'), body, now);
    const smithy = new SignatureV4({ credentials, region: 'us-east-1', service: 'secretsmanager', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const theirs = await smithy.sign(
      new HttpRequest({ method: 'POST', hostname: '127.0.0.1', port: 8910, path: '/', headers: { host, 'content-type': JSON11, 'x-amz-target': target('GetSecretValue') }, body }),
      { signingDate: new Date(now) },
    );
    expect(ours.authorization).toBe(theirs.headers.authorization);
    expect(ours['x-amz-date']).toBe(theirs.headers['x-amz-date']);
  });

  it("is accepted by Coffer's verifier, and a changed body is not", async () => {
    const verifier = new SigV4Verifier((id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey, principal: 'root' } : undefined), () => now);
    const body = JSON.stringify({ SecretId: 'x', ClientRequestToken: '00000000-0000-4000-8000-000000000000', SecretString: 'v' });
    const headers = new Signer(credentials, host).sign(target('PutSecretValue'), body, now);
    const rawHeaders = Object.entries(headers).flat();
    expect((await verifier.verify({ method: 'POST', url: '/', rawHeaders, body: Buffer.from(body) }, 'secretsmanager')).principal).toBe('root');
    await expect(verifier.verify({ method: 'POST', url: '/', rawHeaders, body: Buffer.from(body.replace('"v"', '"w"')) }, 'secretsmanager')).rejects.toThrow(
      /signature we calculated does not match/,
    );
  });
});
