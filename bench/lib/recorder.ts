/**
 * Tallies one load run: every response's status (warm-up included, so nothing is hidden); req/s from the responses
 * that arrive inside the measured window (after the warm-up); latency percentiles from the requests both sent and
 * answered inside it (a request sent during the warm-up is warm-up). Also notes connections whose first response
 * came only after the warm-up: a saturated server can leave newly opened connections waiting for seconds.
 */
import type { LatencyMs, LoadResult } from './jobs.js';

const MAX_SAMPLES = 5;

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export class Recorder {
  readonly started = performance.now();
  readonly windowStart: number;
  readonly windowEnd: number;
  private readonly cpuBefore = process.cpuUsage();
  private latencies = new Float64Array(1 << 16);
  private measured = 0;
  private timed = 0;
  private total = 0;
  private non2xx = 0;
  private errors = 0;
  private timeouts = 0;
  private readonly statusCounts: Record<string, number> = {};
  private readonly samples: string[] = [];
  private readonly firstResponseAt = new Map<number, number>();

  constructor(warmupS: number, private readonly durationS: number) {
    this.windowStart = this.started + warmupS * 1000;
    this.windowEnd = this.windowStart + durationS * 1000;
  }

  get running(): boolean {
    return performance.now() < this.windowEnd;
  }

  response(connection: number, status: number, ms: number): void {
    this.total++;
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    if (status < 200 || status >= 300) this.non2xx++;
    const now = performance.now();
    if (!this.firstResponseAt.has(connection)) this.firstResponseAt.set(connection, now);
    if (now < this.windowStart || now > this.windowEnd) return;
    this.measured++;
    if (now - ms < this.windowStart) return;
    if (this.timed === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.timed++] = ms;
  }

  /** Keep a non-2xx body (the first few) for the report. */
  badBody(status: number, body: string): void {
    if (status < 200 || status >= 300) this.sample(`HTTP ${status}: ${body.slice(0, 500)}`);
  }

  sample(text: string): void {
    if (this.samples.length < MAX_SAMPLES) this.samples.push(text);
  }

  /** Counts are taken from here unless the load generator keeps its own (autocannon does). */
  error(message: string, timeout = false): void {
    this.errors++;
    if (timeout) this.timeouts++;
    this.sample(`request error: ${message}`);
  }

  result(connections: number, counts?: { errors: number; timeouts: number }): LoadResult {
    const wall = performance.now() - this.started;
    const cpu = process.cpuUsage(this.cpuBefore);
    const sorted = this.latencies.subarray(0, this.timed).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    const measuredS = Math.min(this.durationS, Math.max(0.001, (Math.min(performance.now(), this.windowEnd) - this.windowStart) / 1000));
    const latencyMs: LatencyMs = {
      p50: round(percentile(sorted, 0.5)),
      p99: round(percentile(sorted, 0.99)),
      p999: round(percentile(sorted, 0.999)),
      mean: round(this.timed === 0 ? 0 : sum / this.timed),
      max: round(sorted.length === 0 ? 0 : sorted[sorted.length - 1]!),
    };
    const firsts = [...this.firstResponseAt.values()];
    const late = connections - firsts.filter((t) => t < this.windowStart).length;
    const lastFirst = firsts.length < connections ? Infinity : Math.max(0, ...firsts.map((t) => t - this.started));
    return {
      rps: round(this.measured / measuredS, 1),
      measuredResponses: this.measured,
      timedRequests: this.timed,
      lateConnections: late,
      lastFirstResponseMs: Number.isFinite(lastFirst) ? round(lastFirst, 1) : null,
      measuredS: round(measuredS),
      latencyMs,
      totalResponses: this.total,
      non2xx: this.non2xx,
      errors: counts?.errors ?? this.errors,
      timeouts: counts?.timeouts ?? this.timeouts,
      statusCounts: this.statusCounts,
      samples: this.samples,
      loadCpuPct: round(((cpu.user + cpu.system) / 1000 / wall) * 100, 1),
    };
  }
}
