/**
 * CPU accounting for one measurement, from /proc: how much of a core the server (its whole process tree) used, and
 * how much everything else on the machine used meanwhile (other processes compete for the same two cores and make
 * a figure noisy; the report flags runs where they did).
 */
import { readFileSync } from 'node:fs';
import { descendants } from './processes.js';

export interface CpuSnapshot {
  /** All CPUs' ticks and their busy ticks (processes and steal), from /proc/stat. */
  total: number;
  busy: number;
  ticks: Map<number, number>;
}

function systemTicks(): { total: number; busy: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
  // Interrupt time is left out of "busy": on loopback it is mostly our own traffic, and no process is charged for it.
  const busy = user! + nice! + system! + steal!;
  return { total: busy + idle! + iowait! + irq! + softirq!, busy };
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** A snapshot of the machine and of this harness's whole process tree (servers and load generator included). */
export function cpuSnapshot(): CpuSnapshot {
  const ticks = new Map<number, number>();
  for (const pid of [process.pid, ...descendants(process.pid)]) ticks.set(pid, processTicks(pid));
  return { ...systemTicks(), ticks };
}

export interface CpuUsage {
  /** % of one core used by the server tree. */
  serverPct: number;
  /** % of one core used by everything outside this harness's process tree (servers and load generator included). */
  otherPct: number;
}

export function cpuUsage(before: CpuSnapshot, after: CpuSnapshot, serverRoot: number, cpus: number): CpuUsage {
  const perCore = (after.total - before.total) / cpus;
  if (perCore <= 0) return { serverPct: 0, otherPct: 0 };
  const delta = (pids: Iterable<number>) => [...pids].reduce((sum, pid) => sum + Math.max(0, (after.ticks.get(pid) ?? 0) - (before.ticks.get(pid) ?? 0)), 0);
  const server = delta([serverRoot, ...descendants(serverRoot)]);
  const ours = delta(new Set([...before.ticks.keys(), ...after.ticks.keys()]));
  const other = after.busy - before.busy - ours;
  const pct = (t: number) => Math.round((Math.max(0, t) / perCore) * 1000) / 10;
  return { serverPct: pct(server), otherPct: pct(other) };
}
