/**
 * Authorization of a call on a secret: the caller's identity policies and the secret's resource policy, with the
 * secret's ARN, tags and name in the request context. It runs before "not found" and "marked for deletion", as on
 * AWS: a caller who may not act on a secret learns nothing about it.
 */
import { assertAllowed, type Caller, type RequestContext } from '../policy/index.js';
import type { Scope, SecretRecord } from '../../storage/store.js';
import { arnPrefix } from './identifiers.js';
import { compileResourcePolicy } from './resource-policy.js';

export function authorizeSecret(
  caller: Caller | undefined,
  scope: Scope,
  secretId: string,
  secret: SecretRecord | undefined,
  operation: string,
  context: RequestContext = {},
): void {
  if (!caller) return;
  if (caller.principal.isRoot && secret?.resourcePolicy === undefined && caller.principal.accountId === scope.accountId) return;
  assertAllowed(caller, {
    action: `secretsmanager:${operation}`,
    resource: secret?.arn ?? (secretId.startsWith('arn:') ? secretId : `${arnPrefix(scope)}${secretId}`),
    shownResource: secretId,
    resourcePolicy: secret?.resourcePolicy === undefined ? undefined : compileResourcePolicy(secret.resourcePolicy),
    resourceAccountId: scope.accountId,
    context: { ...(secret ? secretContext(secret) : {}), ...context },
  });
}

function secretContext(secret: SecretRecord): RequestContext {
  const context: RequestContext = {
    'secretsmanager:SecretId': secret.arn,
    'secretsmanager:Name': secret.name,
    'secretsmanager:SecretPrimaryRegion': secret.region,
  };
  for (const tag of secret.tags ?? []) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`secretsmanager:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return context;
}
