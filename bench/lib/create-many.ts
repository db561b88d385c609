/** Creates many secrets through the API over a pool of parallel keep-alive connections (runs in the load worker). */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { HOST, signedCall } from './http.js';
import { seedName, valueOf, type SeedJob, type SeedResult } from './jobs.js';
import { Signer } from './sign.js';

const MAX_SAMPLES = 5;
const ATTEMPTS = 5;

export async function createMany(job: SeedJob): Promise<SeedResult> {
  const signer = new Signer(job.target.credentials, `${HOST}:${job.target.port}`);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const samples: string[] = [];
  let next = job.from;
  let created = 0;
  let failed = 0;
  const started = performance.now();
  const one = async (index: number) => {
    const name = seedName(job.namePrefix, index);
    const token = randomUUID(); // the same token on a retry: an idempotent replay, not a conflict
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        const reply = await signedCall(job.target.port, signer, 'CreateSecret', { Name: name, ClientRequestToken: token, SecretString: valueOf(name, job.valueBytes) }, { agent });
        // Coffer replays a retried create with the same token; moto may answer ResourceExistsException instead.
        if (reply.status === 200 || (attempt > 0 && reply.body.includes('ResourceExistsException'))) {
          created++;
          return;
        }
        if (samples.length < MAX_SAMPLES) samples.push(`${name}: HTTP ${reply.status}: ${reply.body.slice(0, 300)}`);
      } catch (error) {
        if (samples.length < MAX_SAMPLES) samples.push(`${name}: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
    failed++;
  };
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.to) await one(next++);
    }),
  );
  agent.destroy();
  return { created, failed, ms: Math.round(performance.now() - started), samples };
}
