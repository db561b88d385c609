/** The shape of one benchmark run's results (also what is written to bench/results/<timestamp>.json). */
import type { LoadResult } from './jobs.js';
import type { SeedReport } from './seed.js';

export type TargetName = 'coffer' | 'moto' | 'ceiling' | 'coffer-cluster' | 'coffer-scale';

/** One measured run: the load generator's figures (see LoadResult) plus what the orchestrator saw of the server. */
export interface Measurement
  extends Pick<
    LoadResult,
    'rps' | 'latencyMs' | 'measuredS' | 'lateConnections' | 'lastFirstResponseMs' | 'totalResponses' | 'non2xx' | 'errors' | 'timeouts' | 'statusCounts' | 'samples' | 'loadCpuPct'
  > {
  scenario: string;
  target: TargetName;
  /** For the scale series: how many secrets were stored. */
  secrets?: number;
  connections: number;
  /** Server RSS (VmRSS) right after the run, summed over the server's process tree. */
  rssMB: number;
  serverProcesses: number;
  /** CPU used over the run, in % of one core, by the server tree and by everything else on the machine. */
  serverCpuPct: number;
  otherCpuPct: number;
  /** Any non-2xx, error or timeout anywhere in the run (warm-up included). */
  flagged: boolean;
  /** A first attempt that was measured again because other processes took much of the CPU meanwhile. */
  discardedNoisyAttempt?: { rps: number; p99: number; otherCpuPct: number };
}

export interface ScalePoint {
  secrets: number;
  seedMs: number;
  seedPerSecond: number;
  coldStartMs: number;
  rssMB: number;
  get?: Measurement;
  list?: Measurement;
}

export interface TargetCheck {
  name: string;
  status: 'PASS' | 'MISS' | 'N/A';
  detail: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  elapsedS: number;
  options: Record<string, unknown>;
  machine: { cpus: number; node: string; taskset: boolean; loadCpu: string | null; serverCpu: string | null; motoAvailable: boolean };
  signerCheck: string;
  seeding: SeedReport[];
  measurements: Measurement[];
  cluster: { available: boolean | null; note: string };
  scale: ScalePoint[];
  targets: TargetCheck[];
  /** Sections that could not complete (a server crash, a failed seed, ...), with what the server printed. */
  failures: { section: string; message: string; output?: string }[];
}
