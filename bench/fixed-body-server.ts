/**
 * The ceiling: the least a Node HTTP server can do per request on this machine. Every POST is read to its end and
 * answered 200 with the same 1 KiB JSON body shaped like a GetSecretValue response; `GET /health` answers 200.
 *
 *   tsx bench/fixed-body-server.ts --port <p>
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const FIXED_BODY_BYTES = 1024;

function fixedBody(): Buffer {
  const shape = {
    ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/secret-00000-AbCdEf',
    Name: 'bench/secret-00000',
    VersionId: '8d7f2c1e-5b0a-4c3e-9f61-2a4b6c8d0e1f',
    SecretString: '',
    VersionStages: ['AWSCURRENT'],
    CreatedDate: 1732838400.123,
  };
  const overhead = Buffer.byteLength(JSON.stringify(shape));
  shape.SecretString = 'x'.repeat(FIXED_BODY_BYTES - overhead);
  const body = Buffer.from(JSON.stringify(shape));
  if (body.length !== FIXED_BODY_BYTES) throw new Error(`fixed body is ${body.length} bytes`);
  return body;
}

function main(): void {
  const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0) throw new Error('--port <p> is required');
  const body = fixedBody();
  const health = Buffer.from('{"status":"ok"}');
  const headers = {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': String(body.length),
    'x-amzn-RequestId': '00000000-0000-4000-8000-000000000000',
  };
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    if (req.method === 'POST') {
      req.on('data', () => undefined);
      req.on('end', () => {
        res.writeHead(200, headers);
        res.end(body);
      });
      return;
    }
    req.resume();
    res.writeHead(req.url === '/health' ? 200 : 404, { 'Content-Type': 'application/json', 'Content-Length': String(health.length) });
    res.end(health);
  });
  server.listen(port, values.host, () => process.stdout.write(`fixed-body server on http://${values.host}:${port}\n`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
