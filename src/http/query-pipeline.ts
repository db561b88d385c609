/**
 * The awsQuery request path (IAM, STS): form-encoded Action/Version → service by the SigV4 scope's signing name →
 * SigV4 → validation → authorization → operation → XML. Errors leave in IAM's XML envelope with query error codes.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { assertAllowed } from '../domain/policy/index.js';
import { logInternalError } from './internal-error.js';
import { signedScope } from './signed-scope.js';
import { auditCall, auditFailure, type CallOutcome } from './audit-call.js';
import type { AuditLog } from '../domain/audit/audit-log.js';
import type { KeyUsageRecorder } from '../auth/key-usage.js';
import { AwsError, isAwsError, type ErrorCode } from '../protocol/errors.js';
import { isQueryError, parseQueryInput, parseQueryRequest, QueryError, resolveQueryOperation, type QueryErrorLike } from '../protocol/query.js';
import type { SigV4Verifier } from '../protocol/sigv4.js';
import { sendQueryError, sendQueryResult } from '../protocol/xml.js';
import { callerOf, type Operation, type Principal, type RequestContext } from '../services/operation.js';

export interface QueryService<Deps = unknown> {
  signingName: string;
  apiVersion: string;
  namespace: string;
  operations: ReadonlyMap<string, Operation<Deps>>;
  deps: Deps;
}

/** JSON-protocol error codes and the codes the query protocol uses for the same thing. */
const QUERY_CODES: Partial<Record<ErrorCode, ErrorCode>> = {
  ValidationException: 'ValidationError',
  SerializationException: 'ValidationError',
  AccessDeniedException: 'AccessDenied',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidClientTokenId',
  IncompleteSignatureException: 'IncompleteSignature',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  InternalServiceError: 'ServiceFailure',
  ExpiredTokenException: 'ExpiredToken',
};

export class QueryPipeline {
  private readonly bySigningName: Map<string, QueryService<any>>;

  constructor(
    services: QueryService<any>[],
    private readonly verifier: SigV4Verifier<Principal>,
    private readonly logger: Logger,
    private readonly keyUsage?: KeyUsageRecorder,
    private readonly audit?: { log: AuditLog; accountId: string; now: () => number },
  ) {
    this.bySigningName = new Map(services.map((s) => [s.signingName, s]));
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const service = this.bySigningName.get(signedScope(req).service ?? '') ?? this.bySigningName.get('iam')!;
    const call: CallOutcome = { signingName: service.signingName, operationName: 'unknown', requestId, eventTime: this.audit?.now() ?? Date.now() };
    let output: Record<string, unknown> | undefined;
    let operation: Operation<unknown> | undefined;
    let failure: QueryErrorLike | undefined;
    try {
      const request = parseQueryRequest(body, url.includes('?') ? url.slice(url.indexOf('?')) : '');
      call.operationName = request.action ?? 'unknown';
      operation = resolveQueryOperation(request, service.apiVersion, service.operations);
      call.operation = operation;
      const verified = await this.verifier.verify({ method: req.method ?? 'POST', url, rawHeaders: req.rawHeaders, body }, service.signingName);
      call.principal = verified.principal;
      call.region = verified.region;
      this.keyUsage?.record(verified.principal, service.signingName, verified.region);
      const input = parseQueryInput(operation.input, request.params);
      call.input = input;
      const ctx: RequestContext = {
        requestId,
        scope: { accountId: verified.principal.accountId, region: verified.region },
        principal: verified.principal,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: String(req.headers['user-agent'] ?? ''),
      };
      if (typeof operation.authorization === 'object') {
        assertAllowed(callerOf(ctx), { action: `${service.signingName}:${operation.name}`, resource: await operation.authorization.resource(input, ctx, service.deps) });
      }
      output = await operation.handle(input, ctx, service.deps);
      call.output = output;
    } catch (error) {
      failure = this.queryError(error, requestId);
      call.error = failure;
    }
    if (this.audit) {
      try {
        await auditCall(this.audit.log, this.audit.accountId, req, call);
      } catch (error) {
        failure = this.queryError(auditFailure(this.logger, error, requestId), requestId);
      }
    }
    if (failure === undefined && operation) sendQueryResult(res, requestId, service.namespace, operation.name, operation.output, output);
    else sendQueryError(res, requestId, service.namespace, failure ?? new QueryError('ServiceFailure', 500, 'An internal error occurred.'));
  }

  private queryError(error: unknown, requestId: string): QueryErrorLike {
    if (isQueryError(error)) return error;
    if (isAwsError(error)) {
      const code = QUERY_CODES[error.code];
      return code ? new AwsError(code, error.message) : error;
    }
    logInternalError(this.logger, error, { requestId });
    return new QueryError('ServiceFailure', 500, 'An internal error occurred.');
  }
}
