/**
 * Cold start: from spawning `coffer dev` on an existing data dir to the first signed GetSecretValue answered 200,
 * polling every few milliseconds with a fresh connection each time.
 */
import { httpCall } from './http.js';
import { freePort, sleep, stopChild, type Child } from './processes.js';
import { readCofferCredentials, spawnCoffer, type RunningServer, ServerStartError } from './servers.js';
import { Signer, target } from './sign.js';

const POLL_MS = 3;
const TIMEOUT_MS = 60_000;

export async function coldStart(dataDir: string, secretId: string, cpu: string | undefined): Promise<{ ms: number; server: RunningServer }> {
  const credentials = readCofferCredentials(dataDir);
  const port = await freePort();
  const body = JSON.stringify({ SecretId: secretId });
  const headers = new Signer(credentials, `127.0.0.1:${port}`).sign(target('GetSecretValue'), body);
  const started = performance.now();
  const child = spawnCoffer({ dataDir, port, cpu });
  try {
    const ms = await firstAnswer(child, port, headers, body, started);
    return { ms, server: { name: child.name, child, port, credentials } };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

async function firstAnswer(child: Child, port: number, headers: Record<string, string>, body: string, started: number): Promise<number> {
  let last = '';
  while (performance.now() - started < TIMEOUT_MS) {
    if (child.exit !== undefined) throw new ServerStartError(`coffer exited during cold start (code ${child.exit.code})`, child.output());
    try {
      const reply = await httpCall(port, 'POST', '/', headers, body, { timeoutMs: 5000 });
      if (reply.status === 200) return Math.round((performance.now() - started) * 10) / 10;
      last = `HTTP ${reply.status}: ${reply.body.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(POLL_MS);
  }
  throw new ServerStartError(`coffer did not answer GetSecretValue within ${TIMEOUT_MS} ms (last: ${last})`, child.output());
}
