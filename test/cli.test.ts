/** The `coffer` command as a new user runs it: a real process, started and stopped with signals. */
import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
} from '@aws-sdk/client-iam';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'coffer.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  endpoint: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

async function startCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [bin, 'dev', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  while (!/listening on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`coffer exited early: ${out}`);
    if (Date.now() > deadline) throw new Error(`coffer did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, endpoint: /listening on (http:\/\/\S+)/.exec(out)![1]!, stdout: () => out, exited };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-cli-'));
  dirs.push(dir);
  return dir;
}

function clientFor(endpoint: string, id: string, secret: string): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: id, secretAccessKey: secret }, maxAttempts: 1 });
}

describe('coffer dev', () => {
  it('prints the endpoint, generated root credentials and a copy-paste line that works', async () => {
    const dataDir = join(tempDir(), 'data');
    const run = await startCli(['--port', '0', '--data-dir', dataDir]);
    const creds = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    expect(run.stdout()).toContain(creds.accessKeyId);
    expect(run.stdout()).toContain(creds.secretAccessKey);
    expect(run.stdout()).toContain(`AWS_ENDPOINT_URL=${run.endpoint} AWS_ACCESS_KEY_ID=${creds.accessKeyId} AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}`);
    expect(run.stdout()).toContain('aws secretsmanager list-secrets');
    expect(run.stdout()).toMatch(/DEV MODE/);
    const health = await fetch(`${run.endpoint}/health`);
    expect(health.status).toBe(200);
    const sm = clientFor(run.endpoint, creds.accessKeyId, creds.secretAccessKey);
    expect((await sm.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    sm.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('takes its settings from COFFER_* environment variables, including root credentials', async () => {
    const dataDir = join(tempDir(), 'env-data');
    const run = await startCli([], {
      COFFER_PORT: '0',
      COFFER_HOST: '127.0.0.1',
      COFFER_DATA_DIR: dataDir,
      COFFER_ACCOUNT_ID: '123456789012',
      COFFER_ROOT_ACCESS_KEY_ID: 'AKIAEXAMPLEROOT00001',
      COFFER_ROOT_SECRET_ACCESS_KEY: 'example-secret-key',
    });
    expect(existsSync(join(dataDir, 'coffer.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'root-credentials.json'))).toBe(false);
    const sm = clientFor(run.endpoint, 'AKIAEXAMPLEROOT00001', 'example-secret-key');
    const created = await sm.send(new CreateSecretCommand({ Name: 'env', SecretString: 'x' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:env-/);
    sm.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('loses no acknowledged write when killed with SIGKILL', async () => {
    const dataDir = join(tempDir(), 'crash');
    const first = await startCli(['--port', '0', '--data-dir', dataDir]);
    const creds = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const sm = clientFor(first.endpoint, creds.accessKeyId, creds.secretAccessKey);
    await sm.send(new CreateSecretCommand({ Name: 'crash', SecretString: 'v0' }));
    const acknowledged: string[] = [];
    const writes = Array.from({ length: 40 }, (_, i) =>
      sm.send(new PutSecretValueCommand({ SecretId: 'crash', SecretString: `v${i + 1}`, VersionStages: [`L${i % 15}`] })).then(
        (out) => acknowledged.push(out.VersionId!),
        () => undefined,
      ),
    );
    await new Promise((r) => setTimeout(r, 15));
    first.child.kill('SIGKILL');
    await Promise.all(writes);
    await first.exited;
    sm.destroy();

    const second = await startCli(['--port', '0', '--data-dir', dataDir]);
    const again = clientFor(second.endpoint, creds.accessKeyId, creds.secretAccessKey);
    for (const versionId of acknowledged) {
      const got = await again.send(new GetSecretValueCommand({ SecretId: 'crash', VersionId: versionId }));
      expect(got.VersionId).toBe(versionId);
    }
    again.destroy();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('--workers 2 runs two processes on one port and one database, consistent across them', async () => {
    const dataDir = join(tempDir(), 'cluster');
    const run = await startCli(['--port', '0', '--data-dir', dataDir, '--workers', '2']);
    expect(run.stdout()).toContain('(2 worker processes)');
    const creds = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    // Separate clients (separate connections) land on different workers; every read must see the latest write.
    const clients = Array.from({ length: 4 }, () => clientFor(run.endpoint, creds.accessKeyId, creds.secretAccessKey));
    await clients[0]!.send(new CreateSecretCommand({ Name: 'shared', SecretString: 'v0' }));
    for (let i = 1; i <= 8; i++) {
      await clients[i % 4]!.send(new PutSecretValueCommand({ SecretId: 'shared', SecretString: `v${i}` }));
      for (const client of clients) expect((await client.send(new GetSecretValueCommand({ SecretId: 'shared' }))).SecretString).toBe(`v${i}`);
    }
    for (const client of clients) client.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('--bootstrap applies users, groups, roles and policies at start, idempotently; a bad file stops it with a clear error', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'boot');
    const file = join(dir, 'access.json');
    const readProd = (prefix: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:*:*:secret:${prefix}/*` }] });
    const setup = (prefix: string) => ({
      policies: [{ name: 'managed-read', description: 'reads', document: readProd(prefix) }],
      groups: [{ name: 'readers', policies: { 'read-prod': readProd(prefix) } }],
      users: [{ name: 'app', groups: ['readers'], tags: { team: 'payments' }, managedPolicies: ['managed-read'] }],
      roles: [{ name: 'ci', trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: 'sts:AssumeRole' }] }, policies: { all: readProd('*') } }],
    });
    writeFileSync(file, JSON.stringify(setup('prod')));
    for (const [i, prefix] of ['prod', 'staging'].entries()) {
      writeFileSync(file, JSON.stringify(setup(prefix)));
      const run = await startCli(['--port', '0', '--data-dir', dataDir, '--bootstrap', file]);
      const creds = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      const iam = new IAMClient({ endpoint: run.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
      expect((await iam.send(new GetUserCommand({ UserName: 'app' }))).User!.Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
      expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'app' }))).Groups!.map((g) => g.GroupName)).toEqual(['readers']);
      expect((await iam.send(new GetRoleCommand({ RoleName: 'ci' }))).Role!.Arn).toBe('arn:aws:iam::000000000000:role/ci');
      const policy = await iam.send(new GetGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read-prod' }));
      expect(decodeURIComponent(policy.PolicyDocument!)).toContain(`secret:${prefix}/*`);
      const managedArn = 'arn:aws:iam::000000000000:policy/managed-read';
      expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'app' }))).AttachedPolicies).toEqual([{ PolicyName: 'managed-read', PolicyArn: managedArn }]);
      // A changed document becomes a new default version.
      const managed = (await iam.send(new GetPolicyCommand({ PolicyArn: managedArn }))).Policy!;
      expect(managed).toMatchObject({ DefaultVersionId: `v${i + 1}`, Description: 'reads', AttachmentCount: 1 });
      const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: managedArn, VersionId: managed.DefaultVersionId }));
      expect(decodeURIComponent(version.PolicyVersion!.Document!)).toContain(`secret:${prefix}/*`);
      iam.destroy();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
    writeFileSync(file, JSON.stringify({ users: [{ name: 'x', policies: { p: { Version: '2012-10-17', Statement: [] } } }] }));
    const bad = spawn(process.execPath, [bin, 'dev', '--port', '0', '--data-dir', dataDir, '--bootstrap', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => bad.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/bootstrap: user x: MalformedPolicyDocument/);
  });

  it('on SIGTERM finishes a request that is in flight, then exits 0', async () => {
    const dataDir = join(tempDir(), 'graceful');
    const run = await startCli(['--port', '0', '--data-dir', dataDir]);
    const creds = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const url = new URL(run.endpoint);
    const body = JSON.stringify({ Name: 'graceful', SecretString: 'x', ClientRequestToken: randomUUID() });
    const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'secretsmanager', sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.CreateSecret', 'content-length': String(body.length) },
        body,
      }),
    );
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: Number(url.port), method: 'POST', path: '/', headers: signed.headers }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        run.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 200);
      }, 100);
    });
    const { status, text } = await response;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ Name: 'graceful' });
    expect(await run.exited).toBe(0);
  });
});
