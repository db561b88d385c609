/** A load run with autocannon over keep-alive connections, each connection cycling through its request sequence. */
import autocannon, { type Client, type Request, type RequestData } from 'autocannon';
import { HOST } from './http.js';
import type { LoadJob, LoadResult } from './jobs.js';
import { Recorder } from './recorder.js';
import { slotsForConnection } from './requests.js';
import { Signer } from './sign.js';

export function runAutocannon(job: LoadJob): Promise<LoadResult> {
  const signer = new Signer(job.target.credentials, `${HOST}:${job.target.port}`);
  const recorder = new Recorder(job.warmupS, job.durationS);
  const onResponse = (status: number, body: string) => recorder.badBody(status, body);
  let connection = 0;
  const setupClient = (client: Client) => {
    const c = connection++;
    client.on('response', (status: number, _bytes: number, ms: number) => recorder.response(c, status, ms));
    const requests = slotsForConnection(signer, job.sequence, c).map((slot): Request => {
      if (slot.kind === 'fixed') return { method: 'POST', path: '/', headers: slot.request.headers, body: slot.request.body, onResponse };
      return { method: 'POST', path: '/', onResponse, setupRequest: (req: RequestData) => ({ ...req, ...slot.next() }) };
    });
    client.setRequests(requests);
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: `http://${HOST}:${job.target.port}`, connections: job.connections, duration: job.warmupS + job.durationS, timeout: 10, setupClient },
      (error, result) => (error ? reject(error) : resolve(recorder.result(job.connections, { errors: result.errors, timeouts: result.timeouts }))),
    );
    instance.on('reqError', (error: Error) => recorder.sample(`request error: ${error.message}`));
  });
}
