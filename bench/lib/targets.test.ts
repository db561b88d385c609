import { describe, expect, it } from 'vitest';
import type { BenchResults, Measurement, TargetName } from './results.js';
import { evaluateTargets } from './targets.js';

function measurement(target: TargetName, scenario: string, connections: number, rps: number, p99 = 1): Measurement {
  return {
    scenario,
    target,
    connections,
    rps,
    latencyMs: { p50: p99 / 2, p99, p999: p99 * 2, mean: p99 / 2, max: p99 * 3 },
    measuredS: 5,
    lateConnections: 0,
    lastFirstResponseMs: null,
    totalResponses: rps * 5,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCounts: { '200': rps * 5 },
    samples: [],
    rssMB: 100,
    serverProcesses: 1,
    loadCpuPct: 50,
    serverCpuPct: 100,
    otherCpuPct: 0,
    flagged: false,
  };
}

function results(measurements: Measurement[]): BenchResults {
  return {
    startedAt: '',
    finishedAt: '',
    elapsedS: 0,
    options: {},
    machine: { cpus: 2, node: 'v20', taskset: true, loadCpu: '0', serverCpu: '1', motoAvailable: true },
    signerCheck: '',
    seeding: [],
    measurements,
    cluster: { available: true, note: '' },
    scale: [],
    targets: [],
    failures: [],
  };
}

const status = (checks: ReturnType<typeof evaluateTargets>, prefix: string) => checks.find((c) => c.name.startsWith(prefix))?.status;

describe('benchmark targets', () => {
  it('passes and misses on the thresholds, and says N/A for what was not measured', () => {
    const checks = evaluateTargets(
      results([
        measurement('ceiling', 'GetSecretValue', 32, 10_000, 2),
        measurement('coffer', 'GetSecretValue', 32, 6_000, 3),
        measurement('coffer-cluster', 'GetSecretValue', 32, 9_999),
        measurement('coffer', 'PutSecretValue', 32, 2_000),
      ]),
    );
    expect(status(checks, 'GetSecretValue ≥ 0.6 × fixed-body rps @32')).toBe('PASS');
    expect(status(checks, 'GetSecretValue ≥ 0.6 × fixed-body rps @1 ')).toBe('N/A');
    expect(status(checks, 'GetSecretValue p99 @32 conns ≤ 1.5')).toBe('PASS');
    expect(status(checks, 'cluster GetSecretValue')).toBe('MISS');
    expect(status(checks, 'PutSecretValue ≥ 2,000')).toBe('PASS');
    expect(status(checks, 'RSS at 100k')).toBe('N/A');
  });

  it('misses the ceiling ratio and the p99 bound just past them', () => {
    const checks = evaluateTargets(
      results([measurement('ceiling', 'GetSecretValue', 32, 10_000, 2), measurement('coffer', 'GetSecretValue', 32, 5_999, 3.01)]),
    );
    expect(status(checks, 'GetSecretValue ≥ 0.6 × fixed-body rps @32')).toBe('MISS');
    expect(status(checks, 'GetSecretValue p99 @32 conns ≤ 1.5')).toBe('MISS');
  });
});
