/**
 * A load run that opens a new connection for every request: `connections` closed loops, each sending its next
 * request once the previous response has arrived. For servers that close every connection after one response
 * (autocannon writes the next request onto the closing socket, which such a server never answers).
 */
import { request } from 'node:http';
import { HOST } from './http.js';
import type { LoadJob, LoadResult } from './jobs.js';
import { Recorder } from './recorder.js';
import { slotsForConnection, type WireRequest } from './requests.js';
import { Signer } from './sign.js';

const TIMEOUT_MS = 10_000;

function send(port: number, wire: WireRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: HOST, port, method: 'POST', path: '/', agent: false, headers: { ...wire.headers, 'content-length': String(Buffer.byteLength(wire.body)), connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(Object.assign(new Error('request timed out'), { timeout: true })));
    req.on('error', reject);
    req.end(wire.body);
  });
}

export async function runReconnecting(job: LoadJob): Promise<LoadResult> {
  const signer = new Signer(job.target.credentials, `${HOST}:${job.target.port}`);
  const recorder = new Recorder(job.warmupS, job.durationS);
  const loop = async (connection: number) => {
    const slots = slotsForConnection(signer, job.sequence, connection);
    for (let i = 0; recorder.running; i++) {
      const slot = slots[i % slots.length]!;
      const wire = slot.kind === 'fixed' ? slot.request : slot.next();
      const started = performance.now();
      try {
        const reply = await send(job.target.port, wire);
        recorder.response(connection, reply.status, performance.now() - started);
        recorder.badBody(reply.status, reply.body);
      } catch (error) {
        recorder.error((error as Error).message, (error as { timeout?: boolean }).timeout === true);
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, c) => loop(c)));
  return recorder.result(job.connections);
}
