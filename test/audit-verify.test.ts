/**
 * `coffer audit verify` and `coffer audit public-key` as an operator runs them: the real command (dist/, built by
 * `npm run build`) against a data dir written by a real server through the real SDK, then tampered with directly in
 * SQLite. Each tamper must be named, with its event id and seq.
 */
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../src/domain/audit/chain.js';
import { digestText } from '../src/domain/audit/digests.js';
import { awsError, startTestCoffer } from './support/coffer.js';

const bin = join(import.meta.dirname, '..', 'bin', 'coffer.js');
let root: string;
/** The data dir and audit file a server wrote and closed (which signed a final digest). Tests tamper with copies. */
let pristine: string;
let copies = 0;

interface EventRow {
  seq: number;
  event_id: string;
  json: string;
}

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  root = mkdtempSync(join(tmpdir(), 'coffer-audit-verify-'));
  pristine = join(root, 'pristine');
  const coffer = await startTestCoffer({ dataDir: join(pristine, 'data'), audit: { file: join(pristine, 'audit.jsonl') } });
  const sm = coffer.client();
  await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'hunter2' }));
  await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
  await sm.send(new PutSecretValueCommand({ SecretId: 'prod/db', SecretString: 'hunter3' }));
  await sm.send(new DescribeSecretCommand({ SecretId: 'prod/db' }));
  await sm.send(new ListSecretsCommand({}));
  expect((await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: 'missing' })))).name).toBe('ResourceNotFoundException');
  await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
  await coffer.destroy();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function env(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.COFFER_DATA_DIR;
  return env;
}

function coffer(...args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: env() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking this process's event loop (a server runs in it). */
function cofferBeside(...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** A fresh copy of the pristine data dir (and audit file), to tamper with. */
function copy(): { dataDir: string; auditFile: string } {
  const dir = join(root, `copy-${++copies}`);
  cpSync(pristine, dir, { recursive: true });
  return { dataDir: join(dir, 'data'), auditFile: join(dir, 'audit.jsonl') };
}

function tamper<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'audit.db'));
  try {
    return db.transaction(() => fn(db))();
  } finally {
    db.close();
  }
}

function eventsOf(dataDir: string): EventRow[] {
  return tamper(dataDir, (db) => db.prepare<[], EventRow>("SELECT seq, event_id, json FROM audit_events WHERE region = 'us-east-1' ORDER BY seq").all());
}

const problemLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('problem: '));

describe('coffer audit verify --data-dir', () => {
  it('an untouched trail is intact (exit 0), with a summary per region and a warning about the stored key', () => {
    const { dataDir } = copy();
    const events = eventsOf(dataDir);
    // Seven calls, one event each.
    expect(events).toHaveLength(7);
    expect(events.map((e) => (JSON.parse(e.json) as { eventName: string }).eventName)).toEqual([
      'CreateSecret',
      'GetSecretValue',
      'PutSecretValue',
      'DescribeSecret',
      'ListSecrets',
      'GetSecretValue',
      'GetSecretValue',
    ]);
    const run = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [`Audit trail in ${join(dataDir, 'audit.db')}`, '  us-east-1: 7 events, 1 digest', 'Intact: every event hash, chain link and 1 digest signature check out.', ''].join('\n'),
    );
    expect(run.stderr).toMatch(/^warning: checking digest signatures with the public key stored in the same database/);
  });

  it('names an event whose JSON was edited as altered', () => {
    const { dataDir } = copy();
    const target = eventsOf(dataDir)[1]!;
    tamper(dataDir, (db) => db.prepare("UPDATE audit_events SET json = replace(json, 'GetSecretValue', 'DescribeSecret') WHERE seq = ?").run(target.seq));
    const run = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(run.status).toBe(1);
    expect(problemLines(run.stdout)).toEqual([
      `problem: [altered] us-east-1 seq ${target.seq} event ${target.event_id}: event ${target.event_id} (seq ${target.seq}) was altered: its content does not match its hash`,
    ]);
    expect(run.stdout).toMatch(/BROKEN: 1 problem found\.\n$/);
  });

  it('names the event after a deleted one', () => {
    const { dataDir } = copy();
    const events = eventsOf(dataDir);
    tamper(dataDir, (db) => db.prepare('DELETE FROM audit_events WHERE seq = ?').run(events[2]!.seq));
    const run = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(run.status).toBe(1);
    expect(problemLines(run.stdout)).toEqual([
      // The signed digest no longer counts its events…
      `problem: [deleted] us-east-1 seq ${events[6]!.seq}: the events of seq ${events[0]!.seq}–${events[6]!.seq} no longer match their signed digest (6 events, digest says 7)`,
      // …and the chain names where.
      `problem: [deleted] us-east-1 seq ${events[3]!.seq} event ${events[3]!.event_id}: events were deleted after event ${events[1]!.event_id} (seq ${events[1]!.seq}), before event ${events[3]!.event_id} (seq ${events[3]!.seq})`,
    ]);
  });

  it('names two events whose contents were swapped as reordered', () => {
    const { dataDir } = copy();
    const events = eventsOf(dataDir);
    const [a, b] = [events[3]!, events[4]!];
    tamper(dataDir, (db) => {
      const columns = 'event_id, event_time, event_name, event_source, read_only, username, access_key_id, resources, json, prev_hash, hash';
      const read = db.prepare<[number], Record<string, unknown>>(`SELECT ${columns} FROM audit_events WHERE seq = ?`);
      const [rowA, rowB] = [read.get(a.seq)!, read.get(b.seq)!];
      const write = db.prepare(`UPDATE audit_events SET ${columns.split(', ').map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
      write.run({ ...rowA, event_id: 'moving', seq: a.seq });
      write.run({ ...rowA, seq: b.seq });
      write.run({ ...rowB, seq: a.seq });
    });
    const run = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(run.status).toBe(1);
    const lines = problemLines(run.stdout);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => l.startsWith('problem: [reordered] us-east-1 '))).toBe(true);
    expect(lines[0]).toBe(
      `problem: [reordered] us-east-1 seq ${a.seq} event ${b.event_id}: event ${b.event_id} (seq ${a.seq}) is out of order: it follows event ${a.event_id} (seq ${b.seq})`,
    );
  });

  it('reports a tail deleted after the last digest was signed as truncated, naming the last event left', () => {
    const { dataDir } = copy();
    const events = eventsOf(dataDir);
    tamper(dataDir, (db) => db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(events[5]!.seq));
    const run = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(run.status).toBe(1);
    expect(problemLines(run.stdout)).toEqual([
      `problem: [truncated] us-east-1 seq ${events[4]!.seq} event ${events[4]!.event_id}: the trail was truncated: a signed digest covers events through seq ${events[6]!.seq}, but the last event is seq ${events[4]!.seq}`,
    ]);
  });

  it('reports a digest whose last_hash was changed as bad-signature', () => {
    const { dataDir } = copy();
    const events = eventsOf(dataDir);
    tamper(dataDir, (db) => db.prepare("UPDATE audit_digests SET last_hash = (CASE WHEN substr(last_hash, 1, 1) = '0' THEN '1' ELSE '0' END) || substr(last_hash, 2)").run());
    const run = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(run.status).toBe(1);
    expect(problemLines(run.stdout)).toEqual([
      `problem: [bad-signature] us-east-1 seq ${events[6]!.seq}: the digest covering seq ${events[0]!.seq}–${events[6]!.seq} has an invalid signature`,
    ]);
  });

  it('checks signatures with an exported public key, and fails them all with a wrong one', () => {
    const { dataDir } = copy();
    const exported = coffer('audit', 'public-key', '--data-dir', dataDir);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    const keyFile = join(dataDir, '..', 'audit-public.pem');
    writeFileSync(keyFile, exported.stdout);
    const good = coffer('audit', 'verify', '--data-dir', dataDir, '--public-key', keyFile);
    expect(good.status).toBe(0);
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain('Intact: every event hash, chain link and 1 digest signature check out.');

    const wrongFile = join(dataDir, '..', 'wrong.pem');
    writeFileSync(wrongFile, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const wrong = coffer('audit', 'verify', '--data-dir', dataDir, '--public-key', wrongFile);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('note: the given public key is not the one stored in the database.\n');
    expect(problemLines(wrong.stdout)).toEqual([expect.stringMatching(/^problem: \[bad-signature\] us-east-1 seq \d+: the digest covering seq \d+–\d+ has an invalid signature$/)]);
  });

  it('a forger who rewrites the chain, re-signs the digest and replaces the stored key fools only the stored key', () => {
    const { dataDir } = copy();
    const keyFile = join(dataDir, '..', 'audit-public.pem');
    writeFileSync(keyFile, coffer('audit', 'public-key', '--data-dir', dataDir).stdout);
    const forged = generateKeyPairSync('ed25519');
    tamper(dataDir, (db) => {
      const rows = db.prepare<[], EventRow & { prev_hash: string }>('SELECT seq, event_id, json, prev_hash FROM audit_events ORDER BY seq').all();
      let prevHash = rows[0]!.prev_hash;
      for (const row of rows) {
        const json = row.json.replace('"GetSecretValue"', '"DescribeSecret"');
        const hash = chainHash(prevHash, json);
        db.prepare('UPDATE audit_events SET json = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(json, prevHash, hash, row.seq);
        prevHash = hash;
      }
      const digest = db.prepare<[], { seq: number }>('SELECT seq FROM audit_digests').get()!;
      const record = (db.prepare('SELECT * FROM audit_digests WHERE seq = ?').get(digest.seq) as Record<string, string | number>);
      const text = digestText({
        region: String(record.region),
        fromSeq: Number(record.from_seq),
        toSeq: Number(record.to_seq),
        previousHash: String(record.previous_hash),
        lastHash: prevHash,
        eventCount: Number(record.event_count),
        createdAt: Number(record.created_at),
        signature: '',
        kind: 'interval',
      });
      db.prepare('UPDATE audit_digests SET last_hash = ?, signature = ? WHERE seq = ?').run(prevHash, sign(null, Buffer.from(text), forged.privateKey).toString('base64'), digest.seq);
    });
    const main = new Database(join(dataDir, 'coffer.db'));
    main.prepare("UPDATE meta SET value = ? WHERE key = 'audit-public-key'").run(Buffer.from(forged.publicKey.export({ type: 'spki', format: 'pem' }).toString()));
    main.close();

    expect(coffer('audit', 'verify', '--data-dir', dataDir).status).toBe(0);
    const run = coffer('audit', 'verify', '--data-dir', dataDir, '--public-key', keyFile);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('note: the given public key is not the one stored in the database.\n');
    expect(problemLines(run.stdout)).toEqual([expect.stringMatching(/^problem: \[bad-signature\] us-east-1 seq \d+: the digest covering seq \d+–\d+ has an invalid signature$/)]);
  });

  it('refuses usage errors with exit 2', () => {
    const { dataDir, auditFile } = copy();
    expect(coffer('audit', 'verify', '--data-dir', dataDir, '--file', auditFile)).toMatchObject({ status: 2, stderr: 'coffer: give --data-dir or --file, not both\n' });
    expect(coffer('audit', 'verify', '--data-dir', join(root, 'nowhere'))).toMatchObject({ status: 2, stderr: `coffer: no Coffer database at ${join(root, 'nowhere', 'coffer.db')}\n` });
    expect(coffer('audit', 'verify')).toMatchObject({ status: 2 });
    expect(coffer('audit', 'verify', '--data-dir', dataDir, '--public-key', auditFile)).toMatchObject({ status: 2, stderr: `coffer: ${auditFile} does not hold a PEM public key\n` });
    expect(coffer('audit', 'verify', '--frobnicate').status).toBe(2);
    expect(coffer('audit', 'public-key', '--data-dir', join(root, 'nowhere')).status).toBe(2);
  });
});

describe('coffer audit verify --file', () => {
  it('verifies the JSON-lines sink file the server wrote, and names an edited line', () => {
    const { dataDir, auditFile } = copy();
    const events = eventsOf(dataDir);
    const intact = coffer('audit', 'verify', '--file', auditFile);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toBe([`Audit trail in 1 file: ${auditFile}`, '  us-east-1: 7 events', 'Intact: every event hash and chain link checks out.', ''].join('\n'));

    const lines = readFileSync(auditFile, 'utf8').split('\n');
    expect(lines[4]).toContain(`"event":{`);
    lines[4] = lines[4]!.replace('"ListSecrets"', '"DeleteSecret"');
    writeFileSync(auditFile, lines.join('\n'));
    const edited = coffer('audit', 'verify', '--file', auditFile);
    expect(edited.status).toBe(1);
    expect(problemLines(edited.stdout)).toEqual([
      `problem: [altered] us-east-1 seq ${events[4]!.seq} event ${events[4]!.event_id}: event ${events[4]!.event_id} (seq ${events[4]!.seq}) was altered: its content does not match its hash`,
    ]);
  });
});

describe('beside a running server', () => {
  it('verifies a live data dir read-only, and the signing key exists from the start', async () => {
    const dataDir = join(root, 'live');
    const running = await startTestCoffer({ dataDir });
    try {
      const key = await cofferBeside('audit', 'public-key', '--data-dir', dataDir);
      expect(key).toMatchObject({ status: 0, stderr: '' });
      expect(key.stdout).toContain('-----BEGIN PUBLIC KEY-----');
      const sm = running.client();
      await sm.send(new CreateSecretCommand({ Name: 'live', SecretString: 'v' }));
      await sm.send(new GetSecretValueCommand({ SecretId: 'live' }));
      const run = await cofferBeside('audit', 'verify', '--data-dir', dataDir);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('  us-east-1: 2 events, 0 digests');
      // The server keeps writing after the check.
      await sm.send(new GetSecretValueCommand({ SecretId: 'live' }));
    } finally {
      await running.destroy();
    }
    const after = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(after.status).toBe(0);
    expect(after.stdout).toContain('  us-east-1: 3 events, 1 digest');
  });

  it('public-key says so when no signing key was created yet', () => {
    const dataDir = join(root, 'keyless');
    cpSync(join(pristine, 'data'), dataDir, { recursive: true });
    const main = new Database(join(dataDir, 'coffer.db'));
    main.prepare("DELETE FROM meta WHERE key = 'audit-public-key'").run();
    main.close();
    const run = coffer('audit', 'public-key', '--data-dir', dataDir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`coffer: ${dataDir} has no audit signing key yet: it is created when the server first runs unsealed.\n`);
    const verify = coffer('audit', 'verify', '--data-dir', dataDir);
    expect(verify.status).toBe(1);
    expect(problemLines(verify.stdout)).toEqual(['problem: cannot check 1 digest signature: no public key in the database; give one with --public-key']);
  });
});

describe('audit flags of coffer dev and coffer server', () => {
  it('coffer dev --audit-stdout --audit-digest-interval: events on stdout verify as a file; digests are signed at the interval', async () => {
    const dataDir = join(root, 'dev-stdout');
    const child = spawn(process.execPath, [bin, 'dev', '--port', '0', '--data-dir', dataDir, '--audit-stdout', '--audit-digest-interval', '1'], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!/listening on (http:\/\/\S+)/.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`coffer dev did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      const creds = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      const sm = new SecretsManagerClient({ endpoint: /listening on (http:\/\/\S+)/.exec(out)![1]!, region: 'eu-west-1', credentials: creds, maxAttempts: 1 });
      await sm.send(new CreateSecretCommand({ Name: 'stdout-test', SecretString: 'never-on-stdout' }));
      await sm.send(new GetSecretValueCommand({ SecretId: 'stdout-test' }));
      sm.destroy();
      // The digest task runs every second.
      const signed = Date.now() + 5_000;
      for (;;) {
        const run = await cofferBeside('audit', 'verify', '--data-dir', dataDir);
        if (run.stdout.includes('eu-west-1: 2 events, 1 digest')) break;
        if (Date.now() > signed) throw new Error(`no digest was signed: ${run.stdout}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).not.toContain('never-on-stdout');
    const captured = join(root, 'dev-stdout.log');
    writeFileSync(captured, out);
    const run = coffer('audit', 'verify', '--file', captured);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  eu-west-1: 2 events\n');
  });

  it('coffer dev refuses bad audit flags and env values with exit 2', () => {
    const dataDir = join(root, 'dev-bad');
    const dev = (args: string[], extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, [bin, 'dev', '--port', '0', '--data-dir', dataDir, ...args], { encoding: 'utf8', env: { ...env(), ...extra }, timeout: 15_000 });
    expect(dev(['--audit-retention-days', '0'])).toMatchObject({ status: 2, stderr: "coffer: audit retention days must be a whole number from 1 to 36500, got '0'\n" });
    expect(dev([], { COFFER_AUDIT_DIGEST_INTERVAL: '1.5' })).toMatchObject({
      status: 2,
      stderr: "coffer: audit digest interval (seconds) must be a whole number from 1 to 86400, got '1.5'\n",
    });
    expect(dev([], { COFFER_AUDIT_STDOUT: 'maybe' })).toMatchObject({ status: 2, stderr: "coffer: COFFER_AUDIT_STDOUT must be true or false, got 'maybe'\n" });
    expect(dev(['--audit-file', join(root, 'a.jsonl'), '--workers', '2']).status).toBe(2);
  });

  it('coffer server takes the same settings from flags, COFFER_AUDIT_* variables and the config file', async () => {
    const { resolveServerSettings } = await import('../src/cli/server-config.js');
    const base = { insecureHttp: true };
    expect(resolveServerSettings(base, {}).audit).toEqual({});
    expect(resolveServerSettings({ ...base, auditFile: 'trail.jsonl', auditStdout: true, auditRetentionDays: '30', auditDigestInterval: '60' }, {}).audit).toEqual({
      file: join(process.cwd(), 'trail.jsonl'),
      stdout: true,
      retentionDays: 30,
      digestIntervalMs: 60_000,
    });
    expect(
      resolveServerSettings(base, { COFFER_AUDIT_FILE: '/var/log/coffer.jsonl', COFFER_AUDIT_STDOUT: 'yes', COFFER_AUDIT_RETENTION_DAYS: '7', COFFER_AUDIT_DIGEST_INTERVAL: '10' }).audit,
    ).toEqual({ file: '/var/log/coffer.jsonl', stdout: true, retentionDays: 7, digestIntervalMs: 10_000 });
    const config = join(root, 'server.json');
    writeFileSync(config, JSON.stringify({ insecureHttp: true, auditFile: 'logs/trail.jsonl', auditRetentionDays: 365, auditStdout: false }));
    expect(resolveServerSettings({ config }, {}).audit).toEqual({ file: join(root, 'logs', 'trail.jsonl'), retentionDays: 365 });
    expect(() => resolveServerSettings({ ...base, auditRetentionDays: 'ninety' }, {})).toThrow("audit retention days must be a whole number from 1 to 36500, got 'ninety'");
  });
});
