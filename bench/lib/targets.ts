/** The performance targets, checked against one run's figures. Missing a target is a result, not an error. */
import type { BenchResults, Measurement, TargetCheck } from './results.js';
import { CONNECTIONS, SCENARIOS } from './scenarios.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;

function find(list: Measurement[], target: string, scenario: string, connections: number): Measurement | undefined {
  return list.find((m) => m.target === target && m.scenario === scenario && m.connections === connections);
}

function check(name: string, ok: boolean | undefined, detail: string): TargetCheck {
  return { name, status: ok === undefined ? 'N/A' : ok ? 'PASS' : 'MISS', detail };
}

export function evaluateTargets(results: BenchResults): TargetCheck[] {
  const m = results.measurements;
  const checks: TargetCheck[] = [];

  for (const c of CONNECTIONS) {
    const get = find(m, 'coffer', 'GetSecretValue', c);
    const ceil = find(m, 'ceiling', 'GetSecretValue', c);
    const name = `GetSecretValue ≥ 0.6 × fixed-body rps @${c} conns`;
    if (!get || !ceil) checks.push(check(name, undefined, 'not measured'));
    else checks.push(check(name, get.rps >= 0.6 * ceil.rps, `${fmt(get.rps)}/s vs 0.6 × ${fmt(ceil.rps)}/s = ${fmt(0.6 * ceil.rps)}/s (ratio ${(get.rps / ceil.rps).toFixed(2)})`));
  }

  {
    const get = find(m, 'coffer', 'GetSecretValue', 32);
    const ceil = find(m, 'ceiling', 'GetSecretValue', 32);
    const name = 'GetSecretValue p99 @32 conns ≤ 1.5 × fixed-body p99';
    if (!get || !ceil) checks.push(check(name, undefined, 'not measured'));
    else checks.push(check(name, get.latencyMs.p99 <= 1.5 * ceil.latencyMs.p99, `${ms(get.latencyMs.p99)} vs 1.5 × ${ms(ceil.latencyMs.p99)} = ${ms(1.5 * ceil.latencyMs.p99)}`));
  }

  {
    const runs = m.filter((x) => x.target === 'coffer-cluster' && x.scenario === 'GetSecretValue');
    const name = 'cluster GetSecretValue ≥ 10,000/s';
    if (runs.length === 0) checks.push(check(name, undefined, results.cluster.available === false ? `cluster mode not available (${results.cluster.note})` : 'not measured'));
    else {
      const best = runs.reduce((a, b) => (b.rps > a.rps ? b : a));
      checks.push(check(name, best.rps >= 10_000, `${fmt(best.rps)}/s (best, @${best.connections} conns)`));
    }
  }

  {
    const runs = m.filter((x) => x.target === 'coffer' && x.scenario === 'PutSecretValue');
    const name = 'PutSecretValue ≥ 2,000/s (best connection count)';
    if (runs.length === 0) checks.push(check(name, undefined, 'not measured'));
    else {
      const best = runs.reduce((a, b) => (b.rps > a.rps ? b : a));
      checks.push(check(name, best.rps >= 2_000, `${fmt(best.rps)}/s @${best.connections} conns`));
    }
  }

  const small = results.scale.find((p) => p.secrets === 1_000);
  const large = results.scale.find((p) => p.secrets === 100_000);
  for (const key of ['get', 'list'] as const) {
    const label = key === 'get' ? 'GetSecretValue' : 'ListSecrets';
    const name = `${label} rps at 100k secrets within 10 % of 1k`;
    const a = small?.[key];
    const b = large?.[key];
    if (!a || !b) checks.push(check(name, undefined, large ? 'not measured' : 'scale series did not reach 100k (quick run or --no-scale)'));
    else checks.push(check(name, b.rps >= 0.9 * a.rps, `${fmt(b.rps)}/s at 100k vs ${fmt(a.rps)}/s at 1k (${(((b.rps - a.rps) / a.rps) * 100).toFixed(1)} %)`));
  }
  {
    const name = 'RSS at 100k secrets ≤ 300 MB';
    if (!large) checks.push(check(name, undefined, 'scale series did not reach 100k (quick run or --no-scale)'));
    else checks.push(check(name, large.rssMB <= 300, `${large.rssMB.toFixed(1)} MB`));
  }
  {
    const name = 'cold start ≤ 1 s at every size';
    if (results.scale.length === 0) checks.push(check(name, undefined, 'scale series not run'));
    else {
      const text = results.scale.map((p) => `${fmt(p.secrets)}: ${fmt(p.coldStartMs)} ms`).join(', ');
      checks.push(check(name, results.scale.every((p) => p.coldStartMs <= 1000), text));
    }
  }

  for (const scenario of SCENARIOS) {
    const name = `${scenario.name} ≥ 25 × moto (every connection count)`;
    const pairs = CONNECTIONS.map((c) => ({ c, coffer: find(m, 'coffer', scenario.name, c), moto: find(m, 'moto', scenario.name, c) })).filter(
      (p) => p.coffer && p.moto,
    );
    if (pairs.length === 0) {
      checks.push(check(name, undefined, 'not measured'));
      continue;
    }
    const ratios = pairs.map((p) => ({ c: p.c, ratio: p.moto!.rps > 0 ? p.coffer!.rps / p.moto!.rps : Infinity }));
    checks.push(
      check(
        name,
        ratios.every((r) => r.ratio >= 25),
        ratios.map((r) => `@${r.c}: ${Number.isFinite(r.ratio) ? r.ratio.toFixed(1) : '∞ (moto 0/s)'}×`).join(', '),
      ),
    );
  }
  return checks;
}
