/**
 * The production server as an operator runs it, through the real `coffer` binary: `coffer server` starts sealed,
 * `coffer operator …` initializes, unseals, seals, rekeys and rotates the root key, and the AWS SDK sees a clear
 * error while sealed and every secret once unsealed.
 */
import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCoffer } from '../src/app/coffer.js';
import { combine, decodeShare } from '../src/domain/seal/shamir.js';
import { awsError, tempDataDir } from './support/coffer.js';

const bin = join(import.meta.dirname, '..', 'bin', 'coffer.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];
const SEALED = 'Coffer is sealed: an operator must unseal it (coffer operator unseal).';
const UNINITIALIZED = 'Coffer is not initialized: an operator must initialize it (coffer operator init).';

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Server {
  endpoint: string;
  output: () => string;
  /** SIGTERM, then the exit code (or the signal that ended it). */
  stop(): Promise<number | string | null>;
}

/** Starts `coffer server …` and waits for its banner; `output()` is everything it wrote to stdout and stderr. */
async function startServer(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [bin, 'server', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const deadline = Date.now() + 15_000;
  while (!/listening on (https?:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`coffer server exited early: ${out}`);
    if (Date.now() > deadline) throw new Error(`coffer server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    endpoint: /listening on (https?:\/\/\S+)/.exec(out)![1]!,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a `coffer` command to completion, with `input` on its standard input. */
function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-operator-'));
  dirs.push(dir);
  return dir;
}

function smClient(endpoint: string, id: string, secret: string, httpsAgent?: Agent): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: id, secretAccessKey: secret },
    maxAttempts: 1,
    ...(httpsAgent ? { requestHandler: { httpsAgent } } : {}),
  });
}

interface InitOutput {
  unsealShares: string[];
  rootAccessKeyId: string;
  rootSecretAccessKey: string;
}

async function initialize(endpoint: string, shares: number, threshold: number, extra: string[] = []): Promise<InitOutput> {
  const result = await cli(['operator', 'init', '--key-shares', String(shares), '--key-threshold', String(threshold), '--format', 'json', '--endpoint', endpoint, ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const parsed = JSON.parse(result.stdout) as InitOutput;
  expect(Object.keys(parsed)).toEqual(['unsealShares', 'rootAccessKeyId', 'rootSecretAccessKey']);
  return parsed;
}

async function unseal(endpoint: string, share: string): Promise<CliResult> {
  return cli(['operator', 'unseal', share, '--endpoint', endpoint]);
}

async function health(endpoint: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${endpoint}/health`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Every file under `dir`, concatenated (the database, its WAL and anything else). */
function dataDirBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) parts.push(readFileSync(path));
  }
  return Buffer.concat(parts);
}

function versionRows(dataDir: string): unknown[] {
  const db = new Database(join(dataDir, 'coffer.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT secret_id, version_id, kek_id, hex(wrapped_key) AS wrapped, hex(ciphertext) AS ciphertext FROM versions ORDER BY secret_id, version_id').all();
  } finally {
    db.close();
  }
}

function keyringBlob(dataDir: string): Buffer {
  const db = new Database(join(dataDir, 'coffer.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'keyring'").get() as { value: Buffer }).value;
  } finally {
    db.close();
  }
}

async function rootKeyOf(shares: string[]): Promise<Buffer> {
  return combine(shares.map((s) => decodeShare(s, 32)));
}

describe('coffer server and coffer operator', () => {
  it('starts sealed; init, restart, unseal (2 → still sealed, wrong share refused, 3 → unsealed), seal, rekey, rotate-root, restart: every secret reads; nothing leaks', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const logs: string[] = [];
    let server = await startServer(['--port', '0', '--data-dir', dataDir, '--insecure-http']);
    let endpoint = server.endpoint;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toContain('state:       not initialized');

    // Uninitialized: health says sealed, every API call gets the 503, in both protocols.
    expect(await health(endpoint)).toMatchObject({ status: 503, body: { status: 'sealed', initialized: false, mode: 'server' } });
    const anyone = smClient(endpoint, 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(await awsError(() => anyone.send(new ListSecretsCommand({})))).toEqual({ name: 'ServiceUnavailableException', message: UNINITIALIZED, status: 503 });
    anyone.destroy();
    const status0 = await cli(['status', '--endpoint', endpoint]);
    expect(status0.code).toBe(2);
    expect(status0.stdout).toContain('Initialized:  false');

    const init = await initialize(endpoint, 5, 3);
    const shares = init.unsealShares;
    expect(shares).toHaveLength(5);
    expect(init.rootAccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const again = await cli(['operator', 'init', '--key-shares', '5', '--key-threshold', '3', '--endpoint', endpoint]);
    expect(again).toMatchObject({ code: 1, stderr: 'coffer: Coffer is already initialized.\n' });
    expect(await health(endpoint)).toMatchObject({ status: 200, body: { status: 'ok', initialized: true } });

    const values: Record<string, string> = {
      'prod/db': 'plaintext-db-password-5f1c2e7a9b',
      'prod/api': '{"token":"plaintext-api-token-8d3b6a"}',
      'team/cert': 'plaintext-certificate-body-c41f09',
    };
    let sm = smClient(endpoint, init.rootAccessKeyId, init.rootSecretAccessKey);
    for (const [name, value] of Object.entries(values)) await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    sm.destroy();
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: init.rootAccessKeyId, secretAccessKey: init.rootSecretAccessKey }, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'operator-bob' }));
    const bobKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator-bob' }))).AccessKey!;
    iam.destroy();
    const readAll = async (client: SecretsManagerClient) => {
      for (const [name, value] of Object.entries(values)) expect((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe(value);
    };

    // Restart: sealed. The root credentials are refused with the sealed error until an unseal.
    expect(await server.stop(), server.output()).toBe(0);
    logs.push(server.output());
    server = await startServer(['--port', '0', '--data-dir', dataDir, '--insecure-http']);
    endpoint = server.endpoint;
    expect(server.output()).toContain('state:       sealed');
    expect(await health(endpoint)).toMatchObject({ status: 503, body: { status: 'sealed', initialized: true } });
    sm = smClient(endpoint, init.rootAccessKeyId, init.rootSecretAccessKey);
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toEqual({ name: 'ServiceUnavailableException', message: SEALED, status: 503 });
    const sealedIam = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: init.rootAccessKeyId, secretAccessKey: init.rootSecretAccessKey }, maxAttempts: 1 });
    expect(await awsError(() => sealedIam.send(new ListUsersCommand({})))).toEqual({ name: 'ServiceUnavailable', message: SEALED, status: 503 });
    sealedIam.destroy();

    expect((await unseal(endpoint, shares[0]!)).stdout).toBe('Unseal progress: 1 of 3 shares. Coffer is still sealed.\n');
    expect((await unseal(endpoint, shares[0]!)).stdout).toBe('Unseal progress: 1 of 3 shares. Coffer is still sealed.\n');
    expect((await unseal(endpoint, shares[1]!)).stdout).toBe('Unseal progress: 2 of 3 shares. Coffer is still sealed.\n');
    expect((await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).status).toBe(503);
    const statusSealed = await cli(['status', '--endpoint', endpoint, '--format', 'json']);
    expect(statusSealed.code).toBe(2);
    expect(JSON.parse(statusSealed.stdout)).toEqual({ mode: 'server', initialized: true, sealed: true, shares: 5, threshold: 3, progress: 2, autoUnseal: null });

    // A wrong share (well-formed, from another split) is refused and the progress starts over.
    const otherDir = tempDir();
    const other = await startServer(['--port', '0', '--data-dir', join(otherDir, 'data'), '--insecure-http']);
    const foreign = (await initialize(other.endpoint, 3, 2)).unsealShares[0]!;
    await other.stop();
    const wrong = await unseal(endpoint, foreign);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      'coffer: That is not one of the current unseal shares (shares replaced by a rekey or rotate-root no longer work). Unseal progress was reset: submit the shares again.\n',
    );
    const malformed = await unseal(endpoint, 'bm90LWEtc2hhcmU=');
    expect(malformed).toMatchObject({ code: 1, stderr: 'coffer: an unseal share is the base64 text of 33 bytes\n' });
    expect(JSON.parse((await cli(['status', '--endpoint', endpoint, '--format', 'json'])).stdout).progress).toBe(0);

    // 3 of 5, one of them typed at the (non-terminal) prompt: unsealed, every secret reads.
    await unseal(endpoint, shares[4]!);
    await unseal(endpoint, shares[2]!);
    const prompted = await cli(['operator', 'unseal', '--endpoint', endpoint], { input: `${shares[3]!}\n` });
    expect(prompted.stdout).toBe('Coffer is unsealed.\n');
    expect(prompted.stderr).toBe('');
    expect(await health(endpoint)).toMatchObject({ status: 200, body: { status: 'ok' } });
    await readAll(sm);
    expect((await cli(['status', '--endpoint', endpoint])).code).toBe(0);

    // Seal: only the root credentials may.
    const noCreds = await cli(['operator', 'seal', '--endpoint', endpoint], {
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', COFFER_ROOT_ACCESS_KEY_ID: '', COFFER_ROOT_SECRET_ACCESS_KEY: '' },
    });
    expect(noCreds.code).toBe(1);
    expect(noCreds.stderr).toContain('sealing needs the root credentials');
    const badSecret = await cli(['operator', 'seal', '--endpoint', endpoint], { env: { COFFER_ROOT_ACCESS_KEY_ID: init.rootAccessKeyId, COFFER_ROOT_SECRET_ACCESS_KEY: 'not-the-secret' } });
    expect(badSecret.code).toBe(1);
    expect(badSecret.stderr).toContain('The request signature we calculated does not match the signature you provided.');
    const asBob = await cli(['operator', 'seal', '--endpoint', endpoint], { env: { COFFER_ROOT_ACCESS_KEY_ID: '', AWS_ACCESS_KEY_ID: bobKey.AccessKeyId!, AWS_SECRET_ACCESS_KEY: bobKey.SecretAccessKey! } });
    expect(asBob).toMatchObject({ code: 1, stderr: 'coffer: Only the root credentials may seal Coffer.\n' });
    expect((await health(endpoint)).status).toBe(200);
    const sealed = await cli(['operator', 'seal', '--endpoint', endpoint], { env: { AWS_ACCESS_KEY_ID: init.rootAccessKeyId, AWS_SECRET_ACCESS_KEY: init.rootSecretAccessKey } });
    expect(sealed).toMatchObject({ code: 0, stdout: 'Coffer is sealed. Every API call fails until an operator unseals it (coffer operator unseal).\n' });
    expect(await health(endpoint)).toMatchObject({ status: 503, body: { status: 'sealed' } });
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toEqual({ name: 'ServiceUnavailableException', message: SEALED, status: 503 });
    const sealedAgain = await cli(['operator', 'seal', '--endpoint', endpoint], { env: { COFFER_ROOT_ACCESS_KEY_ID: init.rootAccessKeyId, COFFER_ROOT_SECRET_ACCESS_KEY: 'irrelevant' } });
    expect(sealedAgain.code).toBe(0); // sealing a sealed server is a no-op
    for (const share of [shares[1]!, shares[2]!, shares[4]!]) await unseal(endpoint, share);
    await readAll(sm);

    // Rekey: 3 new shares, threshold 2, authorized by 3 current shares typed at the prompt.
    const rekeyed = await cli(['operator', 'rekey', '--key-shares', '3', '--key-threshold', '2', '--format', 'json', '--endpoint', endpoint], {
      input: `${shares[0]!}\n${shares[3]!}\n${shares[4]!}\n`,
    });
    expect(rekeyed.stderr).toBe('');
    const rekeyShares = (JSON.parse(rekeyed.stdout) as { unsealShares: string[]; keyShares: number; keyThreshold: number }).unsealShares;
    expect(JSON.parse(rekeyed.stdout)).toMatchObject({ keyShares: 3, keyThreshold: 2 });
    expect(rekeyShares).toHaveLength(3);
    await readAll(sm); // no downtime
    await cli(['operator', 'seal', '--endpoint', endpoint], { env: { COFFER_ROOT_ACCESS_KEY_ID: init.rootAccessKeyId, COFFER_ROOT_SECRET_ACCESS_KEY: init.rootSecretAccessKey } });
    expect((await unseal(endpoint, shares[0]!)).stderr).toContain('That is not one of the current unseal shares');
    expect((await unseal(endpoint, rekeyShares[2]!)).stdout).toBe('Unseal progress: 1 of 2 shares. Coffer is still sealed.\n');
    expect((await unseal(endpoint, rekeyShares[0]!)).stdout).toBe('Coffer is unsealed.\n');
    await readAll(sm);

    // Rotate-root: the keyring blob changes, no secret version row does, secrets still read.
    const rowsBefore = versionRows(dataDir);
    expect(rowsBefore).toHaveLength(3);
    const keyringBefore = keyringBlob(dataDir);
    const rotated = await cli(['operator', 'rotate-root', '--format', 'json', '--endpoint', endpoint], { input: `${rekeyShares[1]!}\n${rekeyShares[2]!}\n` });
    expect(rotated.stderr).toBe('');
    const newest = (JSON.parse(rotated.stdout) as { unsealShares: string[] }).unsealShares;
    expect(newest).toHaveLength(3);
    expect(keyringBlob(dataDir).equals(keyringBefore)).toBe(false);
    expect(versionRows(dataDir)).toEqual(rowsBefore);
    await readAll(sm);
    const staleRotate = await cli(['operator', 'rotate-root', '--endpoint', endpoint], { input: `${rekeyShares[1]!}\n${rekeyShares[2]!}\n` });
    expect(staleRotate.code).toBe(1);
    expect(staleRotate.stderr).toContain('is not a current unseal share');
    sm.destroy();

    // Restart: sealed; the previous shares are refused, the newest unseal it; every secret reads.
    expect(await server.stop(), server.output()).toBe(0);
    logs.push(server.output());
    server = await startServer(['--port', '0', '--data-dir', dataDir, '--insecure-http']);
    endpoint = server.endpoint;
    expect((await unseal(endpoint, rekeyShares[0]!)).code).toBe(1);
    await unseal(endpoint, newest[2]!);
    expect((await unseal(endpoint, newest[1]!)).stdout).toBe('Coffer is unsealed.\n');
    sm = smClient(endpoint, init.rootAccessKeyId, init.rootSecretAccessKey);
    await readAll(sm);
    sm.destroy();
    expect(await server.stop(), server.output()).toBe(0);
    logs.push(server.output());

    // Nothing secret in the data dir or in the server's output: values, root secret, root keys (old and new), shares.
    const rootKeys = [await rootKeyOf(shares.slice(0, 3)), await rootKeyOf(newest.slice(0, 2))];
    expect(rootKeys[0]!.equals(await rootKeyOf(rekeyShares.slice(1, 3)))).toBe(true); // rekey kept the root key
    expect(rootKeys[0]!.equals(rootKeys[1]!)).toBe(false); // rotate-root replaced it
    const needles: Array<[string, Buffer]> = [
      ...Object.values(values).map((v) => [`secret value ${v}`, Buffer.from(v)] as [string, Buffer]),
      ['root secret access key', Buffer.from(init.rootSecretAccessKey)],
      ['bob secret access key', Buffer.from(bobKey.SecretAccessKey!)],
      ...rootKeys.flatMap((key, i) => [
        [`root key ${i}`, key],
        [`root key ${i} base64`, Buffer.from(key.toString('base64'))],
        [`root key ${i} hex`, Buffer.from(key.toString('hex'))],
      ] as Array<[string, Buffer]>),
      ...[...shares, ...rekeyShares, ...newest].flatMap((share) => [
        [`share ${share}`, Buffer.from(share)],
        [`share bytes ${share}`, Buffer.from(share, 'base64')],
      ] as Array<[string, Buffer]>),
    ];
    const stored = dataDirBytes(dataDir);
    const output = Buffer.from(logs.join('\n'));
    expect(output.length).toBeGreaterThan(0);
    for (const [label, needle] of needles) {
      expect(stored.includes(needle), `data dir holds ${label}`).toBe(false);
      expect(output.includes(needle), `server output holds ${label}`).toBe(false);
    }
    expect(readdirSync(dataDir).some((f) => f.startsWith('dev-root') || f.startsWith('root-credentials'))).toBe(false);
  }, 180_000);

  it('auto-unseals from a key file (set in a --config file) on restart; the key file is created mode 0600', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'coffer.json'), JSON.stringify({ port: 0, dataDir: 'data', insecureHttp: true, autoUnsealKeyFile: 'unseal.key', accountId: '123456789012' }));
    let server = await startServer(['--config', join(dir, 'coffer.json')]);
    expect(server.output()).toContain(`data dir:    ${join(dir, 'data')}`);
    expect(server.output()).toContain('account id:  123456789012');
    expect(statSync(join(dir, 'unseal.key')).mode & 0o777).toBe(0o600);
    const init = await initialize(server.endpoint, 3, 2);
    let sm = smClient(server.endpoint, init.rootAccessKeyId, init.rootSecretAccessKey);
    const created = await sm.send(new CreateSecretCommand({ Name: 'auto', SecretString: 'plaintext-auto-unsealed-value' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:auto-/);
    sm.destroy();
    expect(await server.stop(), server.output()).toBe(0);

    server = await startServer(['--config', join(dir, 'coffer.json')]);
    expect(server.output()).toContain(`state:       unsealed (auto-unseal: key file ${join(dir, 'unseal.key')})`);
    expect(await health(server.endpoint)).toMatchObject({ status: 200, body: { status: 'ok' } });
    sm = smClient(server.endpoint, init.rootAccessKeyId, init.rootSecretAccessKey);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'auto' }))).SecretString).toBe('plaintext-auto-unsealed-value');
    sm.destroy();
    expect(await server.stop(), server.output()).toBe(0);

    // Without the key (a flag overrides the file: no auto-unseal key file given → a different one) it stays sealed.
    server = await startServer(['--config', join(dir, 'coffer.json'), '--auto-unseal-key-file', join(dir, 'other.key')]);
    expect(server.output()).toContain('state:       sealed');
    expect(server.output()).toContain('the auto-unseal copy of the root key does not open with the key file');
    const key = readFileSync(join(dir, 'unseal.key'), 'utf8').trim();
    for (const needle of [key, init.rootSecretAccessKey, 'plaintext-auto-unsealed-value', ...init.unsealShares]) {
      expect(server.output().includes(needle)).toBe(false);
      expect(dataDirBytes(join(dir, 'data')).includes(Buffer.from(needle))).toBe(false);
    }
    await server.stop();
  }, 60_000);

  it('serves HTTPS with a certificate and key; operator commands trust it through --ca-cert or NODE_EXTRA_CA_CERTS', async () => {
    const dir = tempDir();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], {
      stdio: 'ignore',
    });
    const server = await startServer(['--port', '0', '--data-dir', join(dir, 'data'), '--tls-cert', cert, '--tls-key', key]);
    expect(server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).not.toContain('PLAIN HTTP');

    const untrusted = await cli(['status', '--endpoint', server.endpoint]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^coffer: cannot reach Coffer at https:\/\/127\.0\.0\.1:\d+: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
    const init = await initialize(server.endpoint, 2, 2, ['--ca-cert', cert]);
    const viaEnv = await cli(['status', '--endpoint', server.endpoint], { env: { NODE_EXTRA_CA_CERTS: cert } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toContain('Sealed:       false');
    // Plain HTTP to the TLS port gets nowhere.
    await expect(fetch(server.endpoint.replace('https:', 'http:') + '/health')).rejects.toThrow();

    const sm = smClient(server.endpoint, init.rootAccessKeyId, init.rootSecretAccessKey, new Agent({ ca: readFileSync(cert) }));
    await sm.send(new CreateSecretCommand({ Name: 'tls', SecretString: 'over-tls' }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'tls' }))).SecretString).toBe('over-tls');
    sm.destroy();
    const sealed = await cli(['operator', 'seal', '--endpoint', server.endpoint, '--ca-cert', cert], {
      env: { COFFER_ROOT_ACCESS_KEY_ID: init.rootAccessKeyId, COFFER_ROOT_SECRET_ACCESS_KEY: init.rootSecretAccessKey },
    });
    expect(sealed.code).toBe(0);
    const status = await cli(['status', '--endpoint', server.endpoint, '--ca-cert', cert, '--format', 'json']);
    expect(status.code).toBe(2);
    expect(JSON.parse(status.stdout)).toMatchObject({ initialized: true, sealed: true });
    expect(await server.stop(), server.output()).toBe(0);
  }, 60_000);

  it('refuses to start without TLS unless --insecure-http, and with half a TLS setting or a bad setting', async () => {
    const dir = tempDir();
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['--port', '0', '--data-dir', join(dir, 'a')], {}, 'coffer: refusing to serve without TLS: give --tls-cert and --tls-key, or --insecure-http'],
      [['--port', '0', '--data-dir', join(dir, 'a'), '--tls-cert', join(dir, 'cert.pem')], {}, 'coffer: give both a TLS certificate (--tls-cert) and its key (--tls-key), or neither'],
      [['--port', '70000', '--insecure-http'], {}, "coffer: port must be a number from 0 to 65535, got '70000'"],
      [['--data-dir', join(dir, 'a')], { COFFER_PORT: '0', COFFER_INSECURE_HTTP: 'maybe' }, "coffer: insecure-http must be true or false, got 'maybe'"],
    ];
    for (const [args, env, message] of cases) {
      const result = await cli(['server', ...args], { env });
      expect(result.code, message).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(join(dir, 'a'))).toBe(false);
    // COFFER_INSECURE_HTTP=true is the environment's way of saying it.
    const server = await startServer(['--data-dir', join(dir, 'b')], { COFFER_PORT: '0', COFFER_INSECURE_HTTP: 'true' });
    expect(server.endpoint).toMatch(/^http:/);
    expect(await server.stop(), server.output()).toBe(0);
  }, 60_000);

  it('keeps dev and server data dirs apart', async () => {
    const dir = tempDir();
    const server = await startServer(['--port', '0', '--data-dir', join(dir, 'server'), '--insecure-http']);
    await initialize(server.endpoint, 1, 1);
    await server.stop();
    const dev = await cli(['dev', '--port', '0', '--data-dir', join(dir, 'server')]);
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('this data dir belongs to a production server');
    expect(existsSync(join(dir, 'server', 'dev-root.key'))).toBe(false);

    const devRun = spawn(process.execPath, [bin, 'dev', '--port', '0', '--data-dir', join(dir, 'dev')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(devRun);
    let out = '';
    devRun.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    while (!out.includes('listening on')) await new Promise((r) => setTimeout(r, 25));
    const devStatus = await cli(['status', '--endpoint', /listening on (\S+)/.exec(out)![1]!, '--format', 'json']);
    expect(JSON.parse(devStatus.stdout)).toEqual({ mode: 'dev', initialized: true, sealed: false, shares: 0, threshold: 0, progress: 0, autoUnseal: null });
    devRun.kill('SIGTERM');
    await new Promise((r) => devRun.on('exit', r));
    const onDev = await cli(['server', '--port', '0', '--data-dir', join(dir, 'dev'), '--insecure-http']);
    expect(onDev.code).toBe(2);
    expect(onDev.stderr).toContain('this data dir was made by `coffer dev`');
  }, 60_000);
});

describe('the operator API (/sys/)', () => {
  it('answers malformed requests, unknown paths and wrong methods with {code, message}', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const coffer = await startCoffer({ mode: 'server', dataDir, host: '127.0.0.1', port: 0, accountId: '000000000000' });
    const call = async (method: string, path: string, body?: string) => {
      const res = await fetch(`${coffer.endpoint}${path}`, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    try {
      expect(await call('GET', '/sys/nope')).toEqual({ status: 404, body: { code: 'NotFound', message: 'no operator endpoint /sys/nope' } });
      expect(await call('POST', '/sys/seal-status')).toEqual({ status: 405, body: { code: 'MethodNotAllowed', message: '/sys/seal-status takes GET' } });
      expect(await call('POST', '/sys/init', '[1]')).toEqual({ status: 400, body: { code: 'InvalidRequest', message: 'the body must be a JSON object' } });
      expect(await call('POST', '/sys/init', '{"keyShares":"5","keyThreshold":3}')).toEqual({ status: 400, body: { code: 'InvalidRequest', message: 'keyShares must be a whole number' } });
      expect(await call('POST', '/sys/init', '{"keyShares":3,"keyThreshold":4}')).toEqual({
        status: 400,
        body: { code: 'InvalidRequest', message: 'key threshold must be a whole number from 1 to the number of key shares' },
      });
      expect(await call('POST', '/sys/unseal', '{"share":"x"}')).toEqual({ status: 409, body: { code: 'NotInitialized', message: UNINITIALIZED } });
      expect(await call('POST', '/sys/rekey', '{"shares":["x"],"keyShares":3,"keyThreshold":2}')).toEqual({ status: 409, body: { code: 'NotInitialized', message: UNINITIALIZED } });

      const init = await call('POST', '/sys/init', '{"keyShares":3,"keyThreshold":2}');
      expect(init.status).toBe(200);
      const { unsealShares, rootAccessKeyId } = init.body as InitOutput;
      expect(coffer.rootCredentials.accessKeyId).toBe(rootAccessKeyId);
      expect(await call('POST', '/sys/init', '{"keyShares":3,"keyThreshold":2}')).toEqual({ status: 409, body: { code: 'AlreadyInitialized', message: 'Coffer is already initialized.' } });
      expect(await call('POST', '/sys/unseal', '{}')).toEqual({ status: 400, body: { code: 'InvalidRequest', message: 'the body must be {"share": "<unseal share>"}' } });
      expect(await call('POST', '/sys/rotate-root', '{"shares":[]}')).toEqual({ status: 400, body: { code: 'InvalidRequest', message: 'shares must be a list of current unseal shares' } });
      expect(await call('POST', '/sys/rotate-root', JSON.stringify({ shares: [unsealShares[0]] }))).toEqual({
        status: 400,
        body: { code: 'InvalidRequest', message: '2 different current unseal shares are needed; got 1.' },
      });
      // Seal takes a root-signed request: unsigned is refused as AWS refuses it.
      expect(await call('POST', '/sys/seal', '{}')).toEqual({ status: 403, body: { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } });
      expect(coffer.seal.state).toBe('unsealed');
      await coffer.seal.seal();
      expect(() => coffer.rootCredentials).toThrow(SEALED);
      expect(await call('POST', '/sys/rekey', JSON.stringify({ shares: unsealShares.slice(0, 2), keyShares: 3, keyThreshold: 2 }))).toEqual({
        status: 503,
        body: { code: 'Sealed', message: 'Coffer is sealed: unseal it first.' },
      });
      expect((await call('GET', '/sys/seal-status')).body).toEqual({ mode: 'server', initialized: true, sealed: true, shares: 3, threshold: 2, progress: 0, autoUnseal: null });
    } finally {
      await coffer.close();
    }
  });
});
