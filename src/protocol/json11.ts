/**
 * The awsJson1_1 codec: request bodies in, JSON responses and JSON errors out, with AWS's header and body shapes.
 */
import type { ServerResponse } from 'node:http';
import { AwsError } from './errors.js';

export const JSON11_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Parses a request body; an empty body is an empty input, anything else must be a JSON object. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', '');
  }
}

export function isJson11ContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(';')[0]!.trim().toLowerCase() === JSON11_CONTENT_TYPE;
}

export function sendJson(res: ServerResponse, requestId: string, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': JSON11_CONTENT_TYPE,
    'Content-Length': payload.length,
    'x-amzn-RequestId': requestId,
  });
  res.end(payload);
}

/** `{"__type": code, "Message"|"message": text}`; a few front-door errors carry no message at all, as on AWS. */
export function sendJsonError(res: ServerResponse, requestId: string, error: AwsError): void {
  const body: Record<string, string> = { __type: error.code };
  if (error.message !== '') body[error.messageField] = error.message;
  sendJson(res, requestId, error.status, body);
}

/** AWS answers a request whose content type names no JSON protocol with an XML 403 from its front door. */
export function sendWrongContentType(res: ServerResponse, requestId: string, signed: boolean): void {
  const [type, message] = signed
    ? ['AccessDeniedException', 'Unable to determine service/operation name to be authorized']
    : ['MissingAuthenticationTokenException', 'Missing Authentication Token'];
  const payload = Buffer.from(`<${type}>\n  <Message>${message}</Message>\n</${type}>\n`);
  res.writeHead(403, { 'Content-Length': payload.length, 'x-amzn-RequestId': requestId });
  res.end(payload);
}
