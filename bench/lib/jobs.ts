/**
 * What the orchestrator asks of the load worker process and what it answers (plain JSON over the IPC channel),
 * plus the naming and value rules both sides share.
 */
import type { Credentials } from './sign.js';

/** One request slot of a connection's request sequence. */
export type Template =
  /** Signed once per connection when the run starts, then replayed (read-only operations). */
  | { kind: 'static'; operation: string; bodies: string[] }
  /** PutSecretValue signed per request: a distinct value and a distinct ClientRequestToken each time. */
  | { kind: 'put'; secretIds: string[]; valueBytes: number }
  /** CreateSecret signed per request, with a distinct name each time. */
  | { kind: 'create'; namePrefix: string; valueBytes: number };

export interface Target {
  port: number;
  credentials: Credentials;
}

export interface LoadJob {
  type: 'load';
  id: number;
  target: Target;
  connections: number;
  durationS: number;
  warmupS: number;
  sequence: Template[];
  /**
   * Open a new connection for every request (and close it after the response). For servers that answer every
   * request with `Connection: close` (moto's werkzeug server), as every real client of theirs must.
   */
  newConnectionPerRequest?: boolean;
}

export interface SeedJob {
  type: 'seed';
  id: number;
  target: Target;
  concurrency: number;
  namePrefix: string;
  /** Creates seedName(namePrefix, i) for from <= i < to. */
  from: number;
  to: number;
  valueBytes: number;
}

export type Job = LoadJob | SeedJob;

export interface LatencyMs {
  p50: number;
  p99: number;
  p999: number;
  mean: number;
  max: number;
}

export interface LoadResult {
  /** Responses in the measured window (warm-up excluded) per second. */
  rps: number;
  measuredResponses: number;
  measuredS: number;
  /** Percentiles are over the requests sent and answered inside the measured window. */
  latencyMs: LatencyMs;
  timedRequests: number;
  /** Connections that had no response yet when the warm-up ended (a saturated server starving new connections). */
  lateConnections: number;
  /** When the last connection got its first response, from the start of the run; null if one never did. */
  lastFirstResponseMs: number | null;
  /** Over the whole run, warm-up included: nothing is hidden. */
  totalResponses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /** First few non-2xx bodies and error messages. */
  samples: string[];
  /** CPU the load generator used, in % of one core, over the run. */
  loadCpuPct: number;
}

export interface SeedResult {
  created: number;
  failed: number;
  ms: number;
  samples: string[];
}

export type Reply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: LoadResult | SeedResult }
  | { type: 'error'; id: number; message: string };

export function seedName(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(6, '0')}`;
}

/** A secret string of exactly `bytes` ASCII characters that starts with `tag` (so distinct tags give distinct values). */
export function valueOf(tag: string, bytes: number): string {
  const head = `${tag}:`;
  return head.length >= bytes ? head.slice(0, bytes) : head + 'v'.repeat(bytes - head.length);
}
