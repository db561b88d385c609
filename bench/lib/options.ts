/** Command-line options of `npm run bench -- [options]`. */
import { parseArgs } from 'node:util';
import { resolveScenarioKey, SCENARIOS } from './scenarios.js';

export interface BenchOptions {
  quick: boolean;
  durationS: number;
  warmupS: number;
  /** Main scenario keys to run (Coffer, moto, and the ceiling whenever one runs). */
  scenarios: string[];
  cluster: boolean;
  scale: boolean;
  moto: boolean;
  jsonPath: string | undefined;
  /** Secrets stored in Coffer for the main scenarios (ListSecrets lists with these present). */
  cofferSecrets: number;
  /** Secrets stored in moto (it is slow to seed). */
  motoSecrets: number;
  scaleSizes: number[];
}

export const USAGE = `Usage: npm run bench -- [options]
  --quick              short runs: 2 s per measurement after 1 s warm-up, scale series up to 10k, moto seeded with 1,000
  --duration <s>       seconds measured per run (default 5; 2 with --quick), after a 1 s warm-up that is discarded
  --only <a,b,...>     run only these: ${SCENARIOS.map((s) => s.key).join(', ')} (or their operation names), cluster, scale
  --no-moto            do not measure moto_server
  --no-scale           skip the 1k/10k/100k scale series
  --json <path>        also write the results there (they always go to bench/results/<timestamp>.json)
  --help`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      only: { type: 'string' },
      'no-moto': { type: 'boolean', default: false },
      'no-scale': { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const durationS = values.duration === undefined ? (quick ? 2 : 5) : Number(values.duration);
  if (!Number.isFinite(durationS) || durationS <= 0 || durationS > 120) throw new Error(`--duration must be a number of seconds from 0 to 120, got '${values.duration}'`);

  let scenarios = SCENARIOS.map((s) => s.key);
  let cluster = true;
  let scale = values['no-scale'] !== true;
  if (values.only !== undefined) {
    const wanted = values.only.split(',').map((w) => w.trim()).filter(Boolean);
    const unknown = wanted.filter((w) => !['cluster', 'scale'].includes(w.toLowerCase()) && resolveScenarioKey(w) === undefined);
    if (unknown.length > 0) throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')}\n${USAGE}`);
    scenarios = scenarios.filter((key) => wanted.some((w) => resolveScenarioKey(w) === key));
    cluster = wanted.some((w) => w.toLowerCase() === 'cluster');
    scale = scale && wanted.some((w) => w.toLowerCase() === 'scale');
  }
  return {
    quick,
    durationS,
    warmupS: 1,
    scenarios,
    cluster,
    scale,
    moto: values['no-moto'] !== true,
    jsonPath: values.json,
    cofferSecrets: 10_000,
    motoSecrets: quick ? 1_000 : 10_000,
    scaleSizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
  };
}
