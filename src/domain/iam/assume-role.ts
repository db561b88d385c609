/**
 * sts:AssumeRole. The role's trust policy must let the caller in — naming it directly, or naming its account, in
 * which case the caller's own policies must also allow sts:AssumeRole on the role (root always may). The session
 * gets temporary credentials (ASIA… key, sealed secret, hashed token) and, when given, a session policy that
 * narrows what the role's policies allow.
 */
import { createHash } from 'node:crypto';
import type { Envelope } from '../crypto/envelope.js';
import { assertAllowed, evaluate, PolicyCache, type Caller, type RequestContext } from '../policy/index.js';
import type { Store } from '../../storage/store.js';
import { assumedRoleArn, newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId, sessionContext } from './access-keys.js';
import * as E from './errors.js';

const trustPolicies = new PolicyCache(1_000);

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  sessionPolicy?: string;
  externalId?: string;
}

export interface AssumedRole {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  assumedRoleId: string;
  arn: string;
}

export class AssumeRoleService {
  constructor(
    private readonly store: Store,
    private readonly envelope: Envelope,
    private readonly now: () => number = Date.now,
  ) {}

  async assumeRole(caller: Caller, accountId: string, input: AssumeRoleInput): Promise<AssumedRole> {
    const roleName = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(input.roleArn);
    const role = roleName && roleName[1] === accountId ? await this.store.getRole(accountId, roleName[2]!) : undefined;
    if (!role || role.arn !== input.roleArn) throw E.notAuthorizedToAssume(caller.principal.arn, input.roleArn);
    this.assertTrusted(caller, role.arn, role.assumeRolePolicy, { 'sts:ExternalId': input.externalId, 'sts:RoleSessionName': input.sessionName });
    const duration = input.durationSeconds ?? 3600;
    if (duration > role.maxSessionDuration) throw E.durationTooLong();
    if (input.sessionPolicy !== undefined) {
      const parsed = trustPolicies.parse(input.sessionPolicy, 'identity');
      if (!parsed.ok) throw E.malformedPolicy(parsed.problems[0]!.message);
    }
    const accessKeyId = newTemporaryAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = newSessionToken();
    const createdAt = this.now();
    const expiresAt = createdAt + duration * 1000;
    await this.store.transaction(async (tx) => {
      await tx.deleteExpiredRoleSessions(createdAt);
      await tx.insertRoleSession({
        accessKeyId,
        accountId,
        roleName: role.roleName,
        sessionName: input.sessionName,
        sealedSecret: this.envelope.encrypt(sessionContext(role, accessKeyId), Buffer.from(secretAccessKey, 'utf8')),
        sessionTokenHash: createHash('sha256').update(sessionToken).digest('hex'),
        ...(input.sessionPolicy !== undefined ? { sessionPolicy: input.sessionPolicy } : {}),
        createdAt,
        expiresAt,
      });
    });
    return { accessKeyId, secretAccessKey, sessionToken, expiresAt, assumedRoleId: `${role.roleId}:${input.sessionName}`, arn: assumedRoleArn(role, input.sessionName) };
  }

  private assertTrusted(caller: Caller, roleArn: string, trustDocument: string, context: RequestContext): void {
    const trust = trustPolicies.parse(trustDocument, 'trust');
    if (!trust.ok) throw E.notAuthorizedToAssume(caller.principal.arn, roleArn);
    const request = { principal: { ...caller.principal, isRoot: false }, action: 'sts:AssumeRole', resource: roleArn, context };
    const result = evaluate(request, { identityPolicies: [], resourcePolicy: trust.policy });
    if (result.decision === 'Allow') return;
    const delegated = result.decision === 'ImplicitDeny' && result.matchedStatements.some((m) => m.effect === 'Allow');
    if (!delegated) throw E.notAuthorizedToAssume(caller.principal.arn, roleArn);
    try {
      assertAllowed(caller, { action: 'sts:AssumeRole', resource: roleArn, context });
    } catch {
      throw E.notAuthorizedToAssume(caller.principal.arn, roleArn);
    }
  }
}
