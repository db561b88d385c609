/**
 * The one audit event of an API call, as both pipelines produce it: whatever happened — allowed, denied, invalid,
 * unauthenticated, sealed, failed — one event is appended before the response leaves. Values are redacted by the
 * operation's shape and by name (domain/audit/redact.ts).
 */
import type { IncomingMessage } from 'node:http';
import { headerValue, signedScope } from './signed-scope.js';
import type { AuditLog } from '../domain/audit/audit-log.js';
import { apiCallRecord, usernameOf } from '../domain/audit/cloudtrail-event.js';
import { followUpEvents } from '../domain/audit/follow-up-events.js';
import { redact } from '../domain/audit/redact.js';
import { resourcesOf } from '../domain/audit/resources.js';
import type { Logger } from 'pino';
import { AwsError } from '../protocol/errors.js';
import type { Operation, Principal } from '../services/operation.js';

export interface CallOutcome {
  signingName: string;
  operationName: string;
  operation?: Operation<unknown>;
  requestId: string;
  eventTime: number;
  principal?: Principal;
  /** The region of the signature's scope, when the request got that far. */
  region?: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
}

export async function auditCall(audit: AuditLog | undefined, accountId: string, req: IncomingMessage, call: CallOutcome): Promise<void> {
  if (!audit) return;
  const scope = signedScope(req);
  const region = call.region ?? scope.region ?? 'us-east-1';
  const readOnly = call.operation?.readOnly ?? false;
  const resources = resourcesOf(call.signingName, call.input, call.output);
  // A request refused before its service was known is attributed to the service its signature was scoped to.
  const eventSource = `${call.signingName || scope.service || 'unknown'}.amazonaws.com`;
  const accessKeyId = call.principal?.accessKeyId ?? scope.accessKeyId;
  // The resolved operation's name is authoritative; the pipeline's guess only names calls that never resolved.
  const eventName = call.operation?.name ?? call.operationName;
  const record = apiCallRecord({
    requestId: call.requestId,
    eventTime: call.eventTime,
    eventSource,
    eventName,
    region,
    accountId,
    principal: call.principal,
    accessKeyId,
    sourceIp: req.socket.remoteAddress ?? '',
    userAgent: headerValue(req, 'user-agent') ?? '',
    requestParameters: call.input === undefined ? null : redact(call.input, call.operation?.input),
    responseElements: readOnly || call.output === undefined || call.error ? null : redact(call.output, call.operation?.output),
    ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
    readOnly,
    resources,
  });
  const username = usernameOf(call.principal);
  await audit.append(record, {
    region,
    eventTime: call.eventTime,
    eventName,
    eventSource,
    readOnly,
    ...(username !== undefined ? { username } : {}),
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    resources,
  });
  if (call.error) return;
  for (const event of followUpEvents(call.signingName, eventName, call.input, call.output, { eventTime: call.eventTime, region, accountId })) {
    await audit.append(event.record, event.index);
  }
}

/** The audit store could not take the event: the request fails (fail closed), the cause is logged without values. */
export function auditFailure(logger: Logger, error: unknown, requestId: string): AwsError {
  logger.error({ requestId, err: { message: (error as Error).message } }, 'audit event could not be written; request refused');
  return new AwsError('InternalFailure', 'The request could not be recorded in the audit trail, so it was refused.');
}
