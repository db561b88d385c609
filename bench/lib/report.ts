/** Plain-text tables of a run: every measurement, the Coffer/moto and Coffer/ceiling ratios, the scale series, warnings. */
import type { BenchResults, Measurement, TargetCheck } from './results.js';
import { CONNECTIONS, SCENARIOS } from './scenarios.js';

const num = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n >= 100 ? num(n, 0) : n >= 10 ? num(n, 1) : num(n, 2));

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function targetLabel(m: Measurement): string {
  if (m.target === 'coffer-scale') return `coffer@${m.secrets! >= 1000 ? `${m.secrets! / 1000}k` : m.secrets}`;
  return m.target;
}

export function measurementLine(m: Measurement): string {
  const errs = m.non2xx + m.errors;
  return (
    `${m.scenario} ${targetLabel(m)} @${m.connections}: ${num(m.rps)} req/s, p50 ${ms(m.latencyMs.p50)} ms, p99 ${ms(m.latencyMs.p99)} ms, ` +
    `p99.9 ${ms(m.latencyMs.p999)} ms, RSS ${num(m.rssMB, 1)} MB, CPU server ${num(m.serverCpuPct)}% load-gen ${num(m.loadCpuPct)}% other ${num(m.otherCpuPct)}%${errs > 0 ? `  !! ${m.non2xx} non-2xx, ${m.errors} errors (${m.timeouts} timeouts)` : ''}`
  );
}

export function measurementsTable(list: Measurement[]): string {
  const rows = list.map((m) => [
    m.flagged ? '!' : '',
    m.scenario,
    targetLabel(m),
    String(m.connections),
    num(m.rps),
    ms(m.latencyMs.p50),
    ms(m.latencyMs.p99),
    ms(m.latencyMs.p999),
    num(m.non2xx + m.errors),
    num(m.rssMB, 1),
    num(m.serverCpuPct),
    num(m.loadCpuPct),
    num(m.otherCpuPct),
    m.lateConnections > 0 ? String(m.lateConnections) : '',
  ]);
  return table(
    ['!', 'scenario', 'target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'non2xx+err', 'RSS MB', 'srv%', 'lg%', 'bg%', 'late'],
    rows,
    [false, false, false, true, true, true, true, true, true, true, true, true, true, true],
  );
}

export function ratiosTable(list: Measurement[]): string {
  const rows: string[][] = [];
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : b === 0 ? '∞' : `${num(a / b, 2)}×`);
  for (const s of SCENARIOS) {
    for (const c of CONNECTIONS) {
      const pick = (t: string, scenario = s.name) => list.find((m) => m.target === t && m.scenario === scenario && m.connections === c)?.rps;
      const coffer = pick('coffer');
      if (coffer === undefined) continue;
      const moto = pick('moto');
      const ceiling = pick('ceiling', 'GetSecretValue');
      rows.push([s.name, String(c), num(coffer), moto === undefined ? '-' : num(moto), ratio(coffer, moto), ceiling === undefined ? '-' : num(ceiling), ratio(coffer, ceiling)]);
    }
  }
  return table(['scenario', 'conns', 'coffer req/s', 'moto req/s', 'coffer/moto', 'ceiling req/s', 'coffer/ceiling'], rows, [false, true, true, true, true, true, true]);
}

export function scaleTable(results: BenchResults): string {
  const rows = results.scale.map((p) => [
    num(p.secrets),
    `${num(p.seedMs / 1000, 1)} s (${num(p.seedPerSecond)}/s)`,
    num(p.coldStartMs),
    p.get ? num(p.get.rps) : '-',
    p.get ? ms(p.get.latencyMs.p99) : '-',
    p.list ? num(p.list.rps) : '-',
    p.list ? ms(p.list.latencyMs.p99) : '-',
    num(p.rssMB, 1),
  ]);
  return table(
    ['secrets', 'seeding (this step)', 'cold start ms', 'Get req/s @32', 'Get p99 ms', 'List req/s @32', 'List p99 ms', 'RSS MB'],
    rows,
    [true, true, true, true, true, true, true, true],
  );
}

export const COLUMNS_NOTE = [
  'Columns: latencies over requests sent and answered after the warm-up; non2xx+err counts the whole run (warm-up included);',
  'RSS of the server tree after the run; CPU in % of one core over the run: srv% the server tree, lg% the load generator,',
  "bg% everything else on the machine (noise); late: connections with no response by the end of the warm-up (libuv accepts",
  'one connection per event-loop turn, so a saturated server takes a burst of new connections in slowly). ! marks a run with',
  'any non-2xx response, error or timeout.',
].join('\n');

const BACKGROUND_WARN_PCT = 15;

export function warnings(list: Measurement[]): string[] {
  const out: string[] = [];
  for (const m of list) {
    if (m.flagged) {
      const codes = Object.entries(m.statusCounts)
        .filter(([s]) => !s.startsWith('2'))
        .map(([s, n]) => `${s}×${n}`)
        .join(', ');
      out.push(
        `! ${m.scenario} ${targetLabel(m)} @${m.connections}: ${m.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${m.errors} errors (${m.timeouts} timeouts) of ${num(m.totalResponses)} responses` +
          (m.samples.length > 0 ? `\n    e.g. ${m.samples.map((s) => s.replace(/\s+/g, ' ')).join('\n         ')}` : ''),
      );
    }
    if (m.lateConnections > 0) {
      const last = m.lastFirstResponseMs === null ? 'some never got one' : `the last after ${num(m.lastFirstResponseMs / 1000, 1)} s`;
      out.push(`~ ${m.scenario} ${targetLabel(m)} @${m.connections}: ${m.lateConnections} of ${m.connections} connections had no response by the end of the warm-up (${last}); their waits are not in the percentiles`);
    }
    if (m.otherCpuPct >= BACKGROUND_WARN_PCT) out.push(`~ ${m.scenario} ${targetLabel(m)} @${m.connections}: other processes on the machine used ${num(m.otherCpuPct)}% of a core during this run; the figure may be noisy`);
    if (m.loadCpuPct >= 90) out.push(`~ ${m.scenario} ${targetLabel(m)} @${m.connections}: the load generator used ${num(m.loadCpuPct)}% of its core; this figure may be bounded by the load generator`);
  }
  return out;
}

export function targetLines(checks: TargetCheck[]): string {
  return checks.map((c) => `${c.status.padEnd(4)}  ${c.name}: ${c.detail}`).join('\n');
}
