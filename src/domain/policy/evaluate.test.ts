import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from './compiled-policy.js';
import { evaluate, type PolicySet } from './evaluate.js';
import { parsePolicy } from './parse.js';
import type { EvaluationRequest, PolicyKind, RequestPrincipal } from './types.js';

const A = '111122223333';
const B = '444455556666';
const SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:app/db-AbCdEf`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:other/x-123456`;
const alice: RequestPrincipal = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, username: 'alice', userId: 'AIDAALICE' };
const bob: RequestPrincipal = { arn: `arn:aws:iam::${A}:user/bob`, accountId: A, username: 'bob' };
const session: RequestPrincipal = { arn: `arn:aws:sts::${A}:assumed-role/Reader/s-1`, accountId: A, userId: 'AROAX:s-1' };
const mallory: RequestPrincipal = { arn: `arn:aws:iam::${B}:user/mallory`, accountId: B };
const rootA: RequestPrincipal = { arn: `arn:aws:iam::${A}:root`, accountId: A, isRoot: true };
const rootB: RequestPrincipal = { arn: `arn:aws:iam::${B}:root`, accountId: B, isRoot: true };

function policy(kind: PolicyKind, ...statements: object[]): CompiledPolicy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}
const identity = (...s: object[]) => policy('identity', ...s);
const resource = (...s: object[]) => policy('resource', ...s);
const req = (principal: RequestPrincipal, action = 'secretsmanager:GetSecretValue', res = SECRET, context = {}): EvaluationRequest => ({
  principal,
  action,
  resource: res,
  context,
});
const decide = (r: EvaluationRequest, p: PolicySet) => evaluate(r, p).decision;

const allowGet = { Sid: 'AllowGet', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET };
const allowAll = { Sid: 'AllowAll', Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' };

describe('evaluate: identity policies', () => {
  it('implicit deny with no policies', () => {
    expect(evaluate(req(alice), { identityPolicies: [] })).toEqual({ decision: 'ImplicitDeny', matchedStatements: [], reason: 'no-allow' });
  });

  it('allow by a matching statement, reporting it', () => {
    const r = evaluate(req(alice), { identityPolicies: [identity(allowGet)] });
    expect(r.decision).toBe('Allow');
    expect(r.matchedStatements).toEqual([{ source: 'identity', policyIndex: 0, statementIndex: 0, sid: 'AllowGet', effect: 'Allow' }]);
  });

  it('implicit deny for another action or resource', () => {
    const p = { identityPolicies: [identity(allowGet)] };
    expect(decide(req(alice, 'secretsmanager:PutSecretValue'), p)).toBe('ImplicitDeny');
    expect(decide(req(alice, undefined, OTHER_SECRET), p)).toBe('ImplicitDeny');
  });

  it('explicit deny beats allow, across policies and in any order', () => {
    const deny = { Sid: 'NoGet', Effect: 'Deny', Action: 'secretsmanager:Get*', Resource: '*' };
    expect(decide(req(alice), { identityPolicies: [identity(allowAll), identity(deny)] })).toBe('ExplicitDeny');
    expect(decide(req(alice), { identityPolicies: [identity(deny, allowAll)] })).toBe('ExplicitDeny');
    const r = evaluate(req(alice), { identityPolicies: [identity(allowAll, deny)] });
    expect(r.matchedStatements.map((m) => m.sid)).toEqual(['AllowAll', 'NoGet']);
  });

  it('NotAction with Deny denies everything except the listed actions', () => {
    const p = { identityPolicies: [identity(allowAll, { Effect: 'Deny', NotAction: 'secretsmanager:Describe*', Resource: '*' })] };
    expect(decide(req(alice, 'secretsmanager:DescribeSecret'), p)).toBe('Allow');
    expect(decide(req(alice, 'secretsmanager:GetSecretValue'), p)).toBe('ExplicitDeny');
  });

  it('NotResource applies to every resource except the listed ones', () => {
    const p = { identityPolicies: [identity(allowAll, { Effect: 'Deny', Action: '*', NotResource: `arn:aws:secretsmanager:*:${A}:secret:app/*` })] };
    expect(decide(req(alice), p)).toBe('Allow');
    expect(decide(req(alice, undefined, OTHER_SECRET), p)).toBe('ExplicitDeny');
  });

  it('NotResource with an unresolvable variable does not apply (no silent widening)', () => {
    const p = { identityPolicies: [identity(allowAll, { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/x}' })] };
    expect(decide(req(alice), p)).toBe('Allow');
  });

  it('conditions gate statements; a Deny with a failing condition does not apply', () => {
    const p = {
      identityPolicies: [
        identity(allowAll, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ],
    };
    expect(decide(req(alice, undefined, undefined, { 'aws:SecureTransport': true }), p)).toBe('Allow');
    expect(decide(req(alice, undefined, undefined, { 'aws:SecureTransport': false }), p)).toBe('ExplicitDeny');
  });

  it('per-user resources with ${aws:username}', () => {
    const p = { identityPolicies: [identity({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: `arn:aws:secretsmanager:*:${A}:secret:\${aws:username}/*` })] };
    const mine = `arn:aws:secretsmanager:us-east-1:${A}:secret:alice/k-abcdef`;
    expect(decide(req(alice, undefined, mine), p)).toBe('Allow');
    expect(decide(req(bob, undefined, mine), p)).toBe('ImplicitDeny');
    expect(decide(req(session, undefined, mine), p)).toBe('ImplicitDeny'); // no aws:username for roles
  });

  it('uses the injected clock for aws:CurrentTime', () => {
    const p = (now: Date) => ({
      identityPolicies: [identity({ ...allowAll, Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } })],
      now,
    });
    expect(decide(req(alice), p(new Date('2029-12-31T23:59:59Z')))).toBe('Allow');
    expect(decide(req(alice), p(new Date('2030-01-01T00:00:00Z')))).toBe('ImplicitDeny');
  });
});

describe('evaluate: resource policies', () => {
  it('grants another principal of the same account without an identity policy', () => {
    const rp = resource({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    const r = evaluate(req(bob), { identityPolicies: [], resourcePolicy: rp });
    expect(r).toMatchObject({ decision: 'Allow', reason: 'resource-allow' });
    expect(r.matchedStatements[0]).toMatchObject({ source: 'resource', policyIndex: 0 });
    expect(decide(req(alice), { identityPolicies: [], resourcePolicy: rp })).toBe('ImplicitDeny');
  });

  it.each([
    ['"*"', '*', alice, true],
    ['{"AWS":"*"}', { AWS: '*' }, mallory, true],
    ['account id, other account', { AWS: A }, mallory, false],
    ['exact user ARN', { AWS: alice.arn }, alice, true],
    ['exact user ARN, other user', { AWS: alice.arn }, bob, false],
    ['role ARN matches its assumed-role session', { AWS: `arn:aws:iam::${A}:role/Reader` }, session, true],
    ['role ARN with path matches its session', { AWS: `arn:aws:iam::${A}:role/team/Reader` }, session, true],
    ['other role ARN does not match', { AWS: `arn:aws:iam::${A}:role/Writer` }, session, false],
    ['same role name in another account does not match', { AWS: `arn:aws:iam::${B}:role/Reader` }, session, false],
    ['session ARN exactly', { AWS: session.arn }, session, true],
    ['service principal', { Service: 'lambda.amazonaws.com' }, { ...alice, service: 'lambda.amazonaws.com' }, true],
    ['service principal vs user', { Service: 'lambda.amazonaws.com' }, alice, false],
  ] as const)('Principal %s', (_n, principal, caller, allowed) => {
    const rp = resource({ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' });
    // mallory's request targets her own account so only principal matching is under test
    const r = caller.accountId === B ? req(caller, undefined, SECRET) : req(caller);
    const p: PolicySet = { identityPolicies: caller.accountId === B ? [identity(allowAll)] : [], resourcePolicy: rp };
    expect(decide(r, p)).toBe(allowed ? 'Allow' : 'ImplicitDeny');
  });

  it('an account principal delegates: same-account callers still need an identity Allow', () => {
    for (const principal of [{ AWS: A }, { AWS: `arn:aws:iam::${A}:root` }]) {
      const rp = resource({ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' });
      const getOnly = identity(allowGet);
      expect(decide(req(alice), { identityPolicies: [], resourcePolicy: rp })).toBe('ImplicitDeny');
      expect(decide(req(session), { identityPolicies: [getOnly], resourcePolicy: rp })).toBe('Allow');
      expect(decide(req(session, 'secretsmanager:DeleteSecret'), { identityPolicies: [getOnly], resourcePolicy: rp })).toBe('ImplicitDeny');
      // ...but the statement does apply to every principal of the account
      expect(evaluate(req(session), { identityPolicies: [], resourcePolicy: rp }).matchedStatements).toHaveLength(1);
    }
  });

  it('a Deny naming the account (id or root ARN) applies to every principal of it', () => {
    for (const principal of [{ AWS: A }, { AWS: `arn:aws:iam::${A}:root` }]) {
      const rp = resource({ Effect: 'Deny', Principal: principal, Action: '*', Resource: '*' });
      expect(decide(req(session), { identityPolicies: [identity(allowAll)], resourcePolicy: rp })).toBe('ExplicitDeny');
      expect(decide(req(alice), { identityPolicies: [identity(allowAll)], resourcePolicy: rp })).toBe('ExplicitDeny');
    }
  });

  it('NotPrincipal with Deny denies everyone except the listed principal', () => {
    const rp = resource({ Effect: 'Deny', NotPrincipal: { AWS: alice.arn }, Action: '*', Resource: '*' });
    const p = { identityPolicies: [identity(allowAll)], resourcePolicy: rp };
    expect(decide(req(alice), p)).toBe('Allow');
    expect(decide(req(bob), p)).toBe('ExplicitDeny');
  });

  it('resource policy Deny beats identity Allow', () => {
    const rp = resource({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(decide(req(alice), { identityPolicies: [identity(allowAll)], resourcePolicy: rp })).toBe('ExplicitDeny');
  });

  it('cross-account needs both the identity policy and the resource policy', () => {
    const rp = resource({ Effect: 'Allow', Principal: { AWS: B }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(decide(req(mallory), { identityPolicies: [], resourcePolicy: rp })).toBe('ImplicitDeny');
    expect(decide(req(mallory), { identityPolicies: [identity(allowAll)] })).toBe('ImplicitDeny');
    expect(evaluate(req(mallory), { identityPolicies: [identity(allowAll)], resourcePolicy: rp })).toMatchObject({ decision: 'Allow', reason: 'cross-account' });
  });

  it('resourceAccountId overrides the ARN-derived account', () => {
    const p = { identityPolicies: [identity(allowAll)], resourceAccountId: B };
    expect(decide(req(alice, 'secretsmanager:ListSecrets', '*'), p)).toBe('ImplicitDeny');
    expect(decide(req(alice, 'secretsmanager:ListSecrets', '*'), { identityPolicies: [identity(allowAll)] })).toBe('Allow');
  });
});

describe('evaluate: root and guardrails', () => {
  it('root of the resource account is allowed everything, even against an identity Deny', () => {
    const deny = identity({ Effect: 'Deny', Action: '*', Resource: '*' });
    expect(evaluate(req(rootA), { identityPolicies: [deny] })).toEqual({ decision: 'Allow', matchedStatements: [], reason: 'root' });
  });

  it("a resource policy's explicit Deny restricts root too; its Allow or silence changes nothing", () => {
    const denyAll = resource({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(decide(req(rootA), { identityPolicies: [], resourcePolicy: denyAll })).toBe('ExplicitDeny');
    expect(decide(req(rootA, 'secretsmanager:DescribeSecret'), { identityPolicies: [], resourcePolicy: denyAll })).toBe('Allow');
    const denyOther = resource({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:user/someone` }, Action: '*', Resource: '*' });
    expect(decide(req(rootA), { identityPolicies: [], resourcePolicy: denyOther })).toBe('Allow');
  });

  it('root of another account gets no special treatment', () => {
    expect(decide(req(rootB), { identityPolicies: [] })).toBe('ImplicitDeny');
  });

  it('every guardrail set must allow, and a Deny in one wins', () => {
    const boundary = { name: 'boundary', policies: [identity({ Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: '*' })] };
    const p = { identityPolicies: [identity(allowAll)], guardrails: [boundary] };
    expect(decide(req(alice), p)).toBe('Allow');
    expect(evaluate(req(alice, 'secretsmanager:DeleteSecret'), p)).toMatchObject({ decision: 'ImplicitDeny', reason: 'guardrail' });
    const denyGuard = { name: 'session', policies: [identity(allowAll, { Effect: 'Deny', Action: '*', Resource: SECRET })] };
    const r = evaluate(req(alice), { identityPolicies: [identity(allowAll)], guardrails: [boundary, denyGuard] });
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.matchedStatements.some((m) => m.source === 'guardrail:session' && m.effect === 'Deny')).toBe(true);
  });

  it('a guardrail alone never grants', () => {
    const boundary = { name: 'b', policies: [identity(allowAll)] };
    expect(decide(req(alice), { identityPolicies: [], guardrails: [boundary] })).toBe('ImplicitDeny');
  });
});
