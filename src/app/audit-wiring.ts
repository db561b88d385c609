/** Small adapters between the audit trail and the server: refusals before the pipelines, /health. */
import type { IncomingMessage } from 'node:http';
import type { AuditLog } from '../domain/audit/audit-log.js';
import { auditCall } from '../http/audit-call.js';
import type { AwsError } from '../protocol/errors.js';

/** A request refused before any pipeline (sealed, too large) still gets its event. */
export async function auditRefusal(
  audit: { log: AuditLog; accountId: string; now: () => number },
  req: IncomingMessage,
  body: Buffer | undefined,
  error: AwsError,
): Promise<void> {
  await auditCall(audit.log, audit.accountId, req, {
    signingName: '',
    operationName: operationNameOf(req, body),
    requestId: '',
    eventTime: audit.now(),
    error,
  });
}

export function withAuditHealth(health: () => Record<string, unknown>, log: AuditLog): () => Record<string, unknown> {
  return () => {
    const report = health();
    const audit = log.health();
    // A lookup index that lags costs lookups time, not correctness: reported, but the server still serves.
    const status = report.status === 'ok' && audit.store !== 'ok' ? 'degraded' : report.status;
    return { ...report, status, audit };
  };
}

/** X-Amz-Target's operation, or awsQuery's Action. */
function operationNameOf(req: IncomingMessage, body: Buffer | undefined): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) return target.slice(target.lastIndexOf('.') + 1);
  const action = body && body.length < 65_536 ? new URLSearchParams(body.toString('utf8')).get('Action') : null;
  return action ?? 'unknown';
}
