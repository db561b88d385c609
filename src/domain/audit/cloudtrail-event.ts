/** CloudTrail records (eventVersion 1.11) for API calls and service events, as Coffer writes them. */
import { randomBytes } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Principal } from '../../services/operation.js';
import type { AuditResource } from './resources.js';

export const EVENT_VERSION = '1.11';

export interface ApiCallFacts {
  requestId: string;
  eventTime: number;
  eventSource: string;
  eventName: string;
  region: string;
  /** The account that owns the server (recipientAccountId). */
  accountId: string;
  /** Absent when the request was not authenticated. */
  principal?: Principal;
  /** The access key the request was signed with, even when it was not recognised. */
  accessKeyId?: string;
  sourceIp: string;
  userAgent: string;
  requestParameters: unknown;
  responseElements: unknown;
  errorCode?: string;
  errorMessage?: string;
  readOnly: boolean;
  resources: AuditResource[];
}

/** How LookupEvents' Username sees the caller: the user name, `root`, or the role session name. */
export function usernameOf(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  if (principal.type === 'Root') return 'root';
  if (principal.type === 'AssumedRole') return principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
  return principal.userName;
}

export function userIdentity(principal: Principal | undefined, accessKeyId: string | undefined): Record<string, unknown> {
  if (!principal) return { type: 'Unknown', ...(accessKeyId ? { accessKeyId } : {}) };
  const base: Record<string, unknown> = {
    type: principal.type,
    principalId: principal.userId,
    arn: principal.arn,
    accountId: principal.accountId,
    accessKeyId: principal.accessKeyId,
  };
  if (principal.type === 'IAMUser') base.userName = principal.userName;
  if (principal.sessionIssuedAt !== undefined) {
    const attributes = { creationDate: new Date(principal.sessionIssuedAt).toISOString(), mfaAuthenticated: 'false' };
    if (principal.type === 'AssumedRole' && principal.roleArn) {
      const roleName = principal.roleArn.slice(principal.roleArn.lastIndexOf('/') + 1);
      base.sessionContext = {
        sessionIssuer: { type: 'Role', principalId: principal.userId.split(':')[0], arn: principal.roleArn, accountId: principal.accountId, userName: roleName },
        attributes,
      };
    } else {
      base.sessionContext = { attributes };
    }
  }
  return base;
}

export function apiCallRecord(f: ApiCallFacts): Record<string, unknown> {
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(f.principal, f.accessKeyId),
    eventTime: isoSeconds(f.eventTime),
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.region,
    sourceIPAddress: f.sourceIp.replace(/^::ffff:/, ''),
    userAgent: f.userAgent,
  };
  if (f.errorCode !== undefined) {
    record.errorCode = f.errorCode;
    record.errorMessage = f.errorMessage ?? '';
  }
  record.requestParameters = f.requestParameters ?? null;
  record.responseElements = f.responseElements ?? null;
  record.requestID = f.requestId;
  record.eventID = newEventId();
  record.readOnly = f.readOnly;
  if (f.resources.length > 0) record.resources = f.resources.map((r) => ({ accountId: f.accountId, type: r.type, ARN: r.name }));
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = f.accountId;
  record.eventCategory = 'Management';
  return record;
}

export interface ServiceEventFacts {
  eventTime: number;
  eventSource: string;
  eventName: string;
  region: string;
  accountId: string;
  serviceEventDetails?: Record<string, unknown>;
  resources: AuditResource[];
}

/** Events the service emits on its own (StartSecretVersionDelete, EndSecretVersionDelete, …). */
export function serviceEventRecord(f: ServiceEventFacts): Record<string, unknown> {
  const service = f.eventSource;
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: { accountId: f.accountId, invokedBy: service },
    eventTime: isoSeconds(f.eventTime),
    eventSource: service,
    eventName: f.eventName,
    awsRegion: f.region,
    sourceIPAddress: service,
    userAgent: service,
    requestParameters: null,
    responseElements: null,
    eventID: newEventId(),
    readOnly: false,
  };
  if (f.resources.length > 0) record.resources = f.resources.map((r) => ({ accountId: f.accountId, type: r.type, ARN: r.name }));
  record.eventType = 'AwsServiceEvent';
  record.managementEvent = true;
  record.recipientAccountId = f.accountId;
  if (f.serviceEventDetails) record.serviceEventDetails = f.serviceEventDetails;
  record.eventCategory = 'Management';
  return record;
}

/**
 * A UUID like CloudTrail's, but time-ordered (version 7): the lookup index by EventId then grows at one end instead
 * of touching a random page per event.
 */
function newEventId(): string {
  return timeOrderedUuid({ random: randomBytesFromPool() });
}

// Random bytes drawn 4 KiB at a time (as node:crypto's randomUUID does): one call into the CSPRNG per 256 events.
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

function randomBytesFromPool(): Uint8Array {
  if (randomOffset + 16 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomOffset = 0;
  }
  randomOffset += 16;
  return randomPool.subarray(randomOffset - 16, randomOffset);
}

/** CloudTrail's eventTime: UTC, second precision, `Z`. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
