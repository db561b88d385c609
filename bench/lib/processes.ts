/**
 * Child processes of the benchmark: spawning (optionally pinned to one core with taskset), stopping, and making sure
 * none outlives the harness (normal exit, error, Ctrl-C, SIGTERM). Each child leads its own process group, so a stop
 * reaches everything it started (cluster workers, a Python server's helpers) by that group's id.
 * Also: free loopback ports, and resident memory of a process tree read from /proc.
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Settles when the process has exited (never rejects). */
  exited: Promise<Exit>;
  exit: Exit | undefined;
  /** The last few KiB the process wrote to stderr (and stdout when captured). */
  output(): string;
}

export interface SpawnOptions {
  /** Pin to this CPU (taskset -c) when taskset exists. */
  cpu?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Open an IPC channel (the child must be a Node process). */
  ipc?: boolean;
  /** Let the child write straight to our stderr instead of capturing it. */
  inheritStderr?: boolean;
}

const children = new Set<Child>();
const tempDirs = new Set<string>();
let tasksetChecked: boolean | undefined;
let interrupted = false;

/** True once Ctrl-C / SIGTERM arrived: nothing new is started after that. */
export function isInterrupted(): boolean {
  return interrupted;
}

export function hasTaskset(): boolean {
  if (tasksetChecked === undefined) {
    const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    tasksetChecked = probe.status === 0;
  }
  return tasksetChecked;
}

export function spawnTracked(name: string, command: string, args: string[], options: SpawnOptions = {}): Child {
  if (interrupted) throw new Error(`interrupted: not starting ${name}`);
  const pinned = options.cpu !== undefined && hasTaskset();
  const [cmd, argv] = pinned ? ['taskset', ['-c', options.cpu!, command, ...args]] : [command, args];
  const stdio: StdioOptions = ['ignore', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'];
  if (options.ipc) stdio.push('ipc');
  const proc = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio, detached: true });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const child: Child = {
    name,
    proc,
    pid: proc.pid ?? -1,
    exit: undefined,
    exited: undefined as unknown as Promise<Exit>,
    output: () => tail,
  };
  child.exited = new Promise<Exit>((resolve) => {
    proc.once('error', (error) => {
      keep(Buffer.from(`spawn error: ${error.message}\n`));
      child.exit = { code: -1, signal: null };
      children.delete(child);
      resolve(child.exit);
    });
    proc.once('exit', (code, signal) => {
      child.exit = { code, signal };
      children.delete(child);
      resolve(child.exit);
    });
  });
  if (child.pid > 0) children.add(child);
  return child;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; also sweeps the rest of the child's process group. */
export async function stopChild(child: Child, graceMs = 5000): Promise<Exit> {
  if (child.exit === undefined) {
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(timer);
  }
  signalGroup(child, 'SIGKILL'); // anything the leader left behind in its group
  return child.exit!;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, 3000)));
}

function killAllNow(): void {
  for (const child of children) signalGroup(child, 'SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

export function registerTempDir(dir: string): void {
  tempDirs.add(dir);
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Every child is killed when the harness exits, throws, or is interrupted. */
export function installCleanup(onInterrupt: (signal: string) => void): void {
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interrupted = true;
      onInterrupt(signal);
      stopAll()
        .catch(() => undefined)
        .finally(() => {
          killAllNow();
          process.exit(130);
        });
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The pids of `pid`'s descendants (children, grandchildren, ...), from /proc/<pid>/stat. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parentOf.get(ppid) ?? [];
      list.push(Number(entry));
      parentOf.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const kid of parentOf.get(queue.shift()!) ?? []) {
      out.push(kid);
      queue.push(kid);
    }
  }
  return out;
}

function vmRssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** VmRSS in MB of `pid` plus all of its descendants (a cluster primary and its workers, for instance). */
export function rssMB(pid: number): { mb: number; processes: number } {
  const pids = [pid, ...descendants(pid)];
  const kb = pids.reduce((sum, p) => sum + vmRssKb(p), 0);
  return { mb: Math.round((kb / 1024) * 10) / 10, processes: pids.filter((p) => vmRssKb(p) > 0).length };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
