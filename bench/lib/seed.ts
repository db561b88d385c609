/**
 * Seeding secrets through the API, from the load worker process over many parallel keep-alive connections, in
 * chunks so progress is visible. A secret that cannot be created after retries fails the seeding.
 */
import type { Target } from './jobs.js';
import type { LoadGenerator } from './load.js';
import { VALUE_BYTES } from './scenarios.js';

export const SEED_CONCURRENCY = 64;

export interface SeedReport {
  label: string;
  from: number;
  to: number;
  created: number;
  ms: number;
  perSecond: number;
}

export class SeedError extends Error {}

export async function seedSecrets(
  load: LoadGenerator,
  target: Target,
  label: string,
  namePrefix: string,
  from: number,
  to: number,
  log: (line: string) => void,
  concurrency = SEED_CONCURRENCY,
): Promise<SeedReport> {
  const started = performance.now();
  const total = to - from;
  const chunk = Math.max(1000, Math.ceil(total / 5));
  let created = 0;
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    const result = await load.seed({ target, concurrency: Math.min(concurrency, end - start), namePrefix, from: start, to: end, valueBytes: VALUE_BYTES });
    created += result.created;
    if (result.failed > 0) {
      throw new SeedError(`seeding ${label}: ${result.failed} of ${end - start} secrets could not be created; e.g.\n    ${result.samples.join('\n    ')}`);
    }
    const elapsed = (performance.now() - started) / 1000;
    if (total >= 2000) log(`  seeding ${label}: ${end - from}/${total} (${elapsed.toFixed(1)} s, ${Math.round((end - from) / elapsed)}/s)`);
  }
  const ms = Math.round(performance.now() - started);
  return { label, from, to, created, ms, perSecond: Math.round((created / Math.max(ms, 1)) * 1000) };
}
