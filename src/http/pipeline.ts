/**
 * One request, one direction: route by X-Amz-Target → content type → JSON body → SigV4 → authorize → validate →
 * operation → response. Every AWS error leaves through the codec with its registered status and shape.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { assertAllowed } from '../domain/policy/index.js';
import { logInternalError } from './internal-error.js';
import { headerValue } from './signed-scope.js';
import { auditCall, auditFailure, type CallOutcome } from './audit-call.js';
import type { AuditLog } from '../domain/audit/audit-log.js';
import type { KeyUsageRecorder } from '../auth/key-usage.js';
import { AwsError, isAwsError } from '../protocol/errors.js';
import { isJson11ContentType, parseJsonBody, sendJson, sendJsonError, sendWrongContentType } from '../protocol/json11.js';
import { parseInput, type StructureShape } from '../protocol/shape.js';
import type { SigV4Verifier } from '../protocol/sigv4.js';
import { callerOf, type Operation, type Principal, type RequestContext } from '../services/operation.js';

export interface JsonService<Deps = unknown> {
  targetPrefix: string;
  signingName: string;
  operations: ReadonlyMap<string, Operation<Deps>>;
  /** Operations of the AWS model that are not available yet: authenticated, then refused clearly. */
  notYet: ReadonlySet<string>;
  /** The error code for them (a 4xx, so SDKs do not retry): default InvalidRequestException. */
  notYetCode?: 'InvalidRequestException' | 'UnsupportedOperationException';
  deps: Deps;
}

export interface PipelineOptions {
  services: JsonService<any>[];
  verifier: SigV4Verifier<Principal>;
  logger: Logger;
  keyUsage?: KeyUsageRecorder;
  /** Where every request's event goes before its response (fail closed); the server's account and clock. */
  audit?: { log: AuditLog; accountId: string; now: () => number };
}

export class RequestPipeline {
  private readonly byPrefix: Map<string, JsonService<any>>;
  private readonly debug: boolean;

  constructor(private readonly options: PipelineOptions) {
    this.byPrefix = new Map(options.services.map((s) => [s.targetPrefix, s]));
    this.debug = options.logger.isLevelEnabled('debug');
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = this.debug ? performance.now() : 0;
    const call: CallOutcome = { signingName: '', operationName: 'unknown', requestId, eventTime: this.options.audit?.now() ?? Date.now() };
    let output: Record<string, unknown> | undefined;
    let failure: AwsError | undefined;
    let wrongContentType: { signed: boolean } | undefined;
    try {
      const target = headerValue(req, 'x-amz-target') ?? targetFromQuery(req.url);
      const dot = target?.lastIndexOf('.') ?? -1;
      const service = dot > 0 ? this.byPrefix.get(target!.slice(0, dot)) : undefined;
      call.operationName = dot > 0 ? target!.slice(dot + 1) : 'unknown';
      const operationName = call.operationName;
      const operation = service?.operations.get(operationName);
      if (service) call.signingName = service.signingName;
      if (operation) call.operation = operation;
      if (!service || (!operation && !service.notYet.has(operationName))) throw new AwsError('UnknownOperationException', '');
      if (!isJson11ContentType(headerValue(req, 'content-type'))) {
        wrongContentType = { signed: req.headers.authorization !== undefined || (req.url ?? '').includes('X-Amz-Signature=') };
        throw new AwsError('AccessDeniedException', 'Unsupported content type.');
      }
      const json = parseJsonBody(body);
      const verified = await this.options.verifier.verify(
        { method: req.method ?? 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body },
        service.signingName,
      );
      call.principal = verified.principal;
      call.region = verified.region;
      this.options.keyUsage?.record(verified.principal, service.signingName, verified.region);
      const scope = { accountId: verified.principal.accountId, region: verified.region };
      if (!operation) throw new AwsError(service.notYetCode ?? 'InvalidRequestException', `${operationName} is not available in this version of Coffer.`);
      const raw = body.length === 0 && verified.query.length > 0 ? inputFromQuery(operation.input, verified.query) : json;
      const input = parseInput(operation.input, raw);
      call.input = input;
      const ctx: RequestContext = {
        requestId,
        scope,
        principal: verified.principal,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headerValue(req, 'user-agent') ?? '',
      };
      if (typeof operation.authorization === 'object') {
        assertAllowed(callerOf(ctx), { action: `${service.signingName}:${operationName}`, resource: await operation.authorization.resource(input, ctx, service.deps) });
      }
      output = await operation.handle(input, ctx, service.deps);
      call.output = output;
    } catch (error) {
      failure = isAwsError(error) ? error : this.internalError(error, requestId, call.operationName);
      call.error = failure;
    }
    if (this.options.audit) {
      try {
        await auditCall(this.options.audit.log, this.options.audit.accountId, req, call);
      } catch (error) {
        failure = auditFailure(this.options.logger, error, requestId);
      }
    }
    if (failure === undefined) sendJson(res, requestId, 200, output);
    else if (wrongContentType && failure.code === 'AccessDeniedException') sendWrongContentType(res, requestId, wrongContentType.signed);
    else sendJsonError(res, requestId, failure);
    if (this.debug) {
      this.options.logger.debug({ requestId, operation: call.operationName, status: res.statusCode, ms: +(performance.now() - started).toFixed(3) }, 'request');
    }
  }

  /** Unexpected failures are logged (see logInternalError) and answered as a fault. */
  private internalError(error: unknown, requestId: string, operation: string): AwsError {
    logInternalError(this.options.logger, error, { requestId, operation });
    return new AwsError('InternalServiceError', 'An error occurred on the server side.');
  }
}

/** Presigners hoist X-Amz-* headers into the query string, the target among them. */
function targetFromQuery(url: string | undefined): string | undefined {
  const q = url?.indexOf('?') ?? -1;
  if (q === -1 || !/x-amz-target=/i.test(url!)) return undefined;
  for (const [key, value] of new URLSearchParams(url!.slice(q + 1))) if (key.toLowerCase() === 'x-amz-target') return value;
  return undefined;
}


/** Presigned requests carry their (flat) input in the query string; numbers and booleans arrive as text. */
function inputFromQuery(shape: StructureShape, query: [string, string][]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of query) {
    const member = shape.members[key];
    if (member?.type === 'integer' || member?.type === 'long') input[key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (member?.type === 'boolean') input[key] = value === 'true' ? true : value === 'false' ? false : value;
    else input[key] = value;
  }
  return input;
}
