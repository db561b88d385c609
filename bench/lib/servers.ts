/**
 * The servers under test: Coffer (`coffer dev`, optionally `--workers <n>`), moto_server, and the fixed-body ceiling
 * server. Each runs as a tracked child on its own loopback port and is ready once it answers HTTP.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpCall } from './http.js';
import { ROOT } from './paths.js';
import { freePort, sleep, spawnTracked, type Child } from './processes.js';
import type { Credentials } from './sign.js';

const MOTO_CREDENTIALS: Credentials = { accessKeyId: 'AKIABENCHMOTO0000000', secretAccessKey: 'moto-accepts-any-credentials' };

export interface RunningServer {
  name: string;
  child: Child;
  port: number;
  credentials: Credentials;
  /** The server closes every connection after one response (werkzeug, under moto_server, always sends `Connection: close`). */
  newConnectionPerRequest?: boolean;
}

export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Polls `GET path` until `ready(status)` holds, the process exits, or `timeoutMs` passes. */
export async function waitForHttp(child: Child, port: number, path: string, ready: (status: number) => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exit !== undefined) {
      throw new ServerStartError(`${child.name} exited before it was ready (code ${child.exit.code}, signal ${child.exit.signal})`, child.output());
    }
    try {
      const reply = await httpCall(port, 'GET', path, {}, undefined, { timeoutMs: 2000 });
      if (ready(reply.status)) return;
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  throw new ServerStartError(`${child.name} was not ready within ${timeoutMs} ms`, child.output());
}

export interface CofferSpawn {
  dataDir: string;
  port: number;
  cpu?: string;
  workers?: number;
}

/** Spawns `coffer dev` without waiting (the cold-start measurement polls it itself). */
export function spawnCoffer(options: CofferSpawn): Child {
  const args = ['bin/coffer.js', 'dev', '--port', String(options.port), '--data-dir', options.dataDir, '--log-level', 'warn'];
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  const env = { ...process.env };
  delete env.COFFER_WORKERS;
  delete env.COFFER_ROOT_ACCESS_KEY_ID;
  delete env.COFFER_ROOT_SECRET_ACCESS_KEY;
  const nodeArgs = process.env.BENCH_COFFER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return spawnTracked(options.workers ? `coffer (--workers ${options.workers})` : 'coffer', process.execPath, [...nodeArgs, ...args], { cpu: options.cpu, cwd: ROOT, env });
}

export function readCofferCredentials(dataDir: string): Credentials {
  const stored = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as Credentials;
  return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
}

export async function startCoffer(options: Omit<CofferSpawn, 'port'>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawnCoffer({ ...options, port });
  await waitForHttp(child, port, '/health', (s) => s === 200);
  return { name: child.name, child, port, credentials: readCofferCredentials(options.dataDir) };
}

/** True when the output of a Coffer that exited says it does not know an option (an older Coffer without --workers). */
export function isUnknownOption(output: string): boolean {
  return /unknown option|unrecognized option/i.test(output);
}

let python: string | undefined | null = null;

/** The Python interpreter that can import moto.server, or undefined. */
export function motoPython(): string | undefined {
  if (python !== null) return python;
  const probe = spawnSync('python3', ['-c', 'import sys, moto.server; print(sys.executable)'], { encoding: 'utf8' });
  python = probe.status === 0 ? probe.stdout.trim() || 'python3' : undefined;
  return python;
}

export async function startMoto(cpu?: string): Promise<RunningServer> {
  const interpreter = motoPython();
  if (!interpreter) throw new Error('moto is not installed');
  const port = await freePort();
  const child = spawnTracked('moto', interpreter, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { cpu, cwd: ROOT });
  await waitForHttp(child, port, '/moto-api/', (s) => s > 0 && s < 500);
  return { name: 'moto', child, port, credentials: MOTO_CREDENTIALS, newConnectionPerRequest: true };
}

export async function startFixedBody(cpu?: string): Promise<RunningServer> {
  const port = await freePort();
  const script = fileURLToPath(new URL('../fixed-body-server.ts', import.meta.url));
  const child = spawnTracked('fixed-body', process.execPath, ['--import', 'tsx', script, '--port', String(port)], { cpu, cwd: ROOT });
  await waitForHttp(child, port, '/health', (s) => s === 200);
  return { name: 'fixed-body', child, port, credentials: MOTO_CREDENTIALS };
}
