/**
 * Property tests (need the dev dependency `fast-check`; everything else in this folder runs with vitest alone).
 *
 * Main property: whatever else the policies say, a request that an applicable explicit Deny statement names (by
 * exact action or a wildcard/case variant of it, exact resource or a prefix wildcard of it, and a condition that
 * holds) is never allowed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from './compiled-policy.js';
import { evaluate } from './evaluate.js';
import { parsePolicy } from './parse.js';
import type { EvaluationRequest, PolicyKind, RequestPrincipal } from './types.js';

const ACCOUNTS = ['111122223333', '444455556666'] as const;
const ACTIONS = ['GetSecretValue', 'PutSecretValue', 'DescribeSecret', 'DeleteSecret', 'ListSecrets', 'TagResource'];
const NAMES = ['app/db', 'app/api', 'ops/key', 'x'];

const principalArb: fc.Arbitrary<RequestPrincipal> = fc
  .record({ account: fc.constantFrom(...ACCOUNTS), kind: fc.constantFrom('user', 'session'), name: fc.constantFrom('alice', 'bob', 'Reader') })
  .map(({ account, kind, name }) => ({
    arn: kind === 'user' ? `arn:aws:iam::${account}:user/${name}` : `arn:aws:sts::${account}:assumed-role/${name}/s1`,
    accountId: account,
    ...(kind === 'user' ? { username: name } : {}),
  }));

const requestArb: fc.Arbitrary<EvaluationRequest> = fc
  .record({
    principal: principalArb,
    action: fc.constantFrom(...ACTIONS),
    account: fc.constantFrom(...ACCOUNTS),
    name: fc.constantFrom(...NAMES),
    suffix: fc.stringMatching(/^[A-Za-z0-9]{6}$/),
    tag: fc.constantFrom('blue', 'red', undefined),
    secure: fc.boolean(),
  })
  .map(({ principal, action, account, name, suffix, tag, secure }) => ({
    principal,
    action: `secretsmanager:${action}`,
    resource: `arn:aws:secretsmanager:us-east-1:${account}:secret:${name}-${suffix}`,
    context: { 'aws:ResourceTag/team': tag, 'aws:SecureTransport': secure },
  }));

const actionPatternArb = fc.oneof(
  fc.constant('*'),
  fc.constant('secretsmanager:*'),
  fc.constantFrom(...ACTIONS).map((a) => `secretsmanager:${a}`),
  fc.constantFrom(...ACTIONS).map((a) => `secretsmanager:${a.slice(0, 3)}*`),
);
const resourcePatternArb = fc.oneof(
  fc.constant('*'),
  fc.constantFrom(...ACCOUNTS).map((a) => `arn:aws:secretsmanager:*:${a}:secret:*`),
  fc.constantFrom(...NAMES).map((n) => `arn:aws:secretsmanager:us-east-1:*:secret:${n}-??????`),
);
const conditionArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('blue', 'red').map((t) => ({ StringEquals: { 'aws:ResourceTag/team': t } })),
  fc.constantFrom('blue', 'red').map((t) => ({ StringNotEqualsIfExists: { 'aws:ResourceTag/team': t } })),
  fc.boolean().map((b) => ({ Bool: { 'aws:SecureTransport': String(b) } })),
);
const randomStatementArb = fc
  .record({
    effect: fc.constantFrom('Allow', 'Deny'),
    notAction: fc.boolean(),
    actions: fc.array(actionPatternArb, { minLength: 1, maxLength: 3 }),
    notResource: fc.boolean(),
    resources: fc.array(resourcePatternArb, { minLength: 1, maxLength: 2 }),
    condition: conditionArb,
  })
  .map(({ effect, notAction, actions, notResource, resources, condition }) => ({
    Effect: effect,
    [notAction ? 'NotAction' : 'Action']: actions,
    [notResource ? 'NotResource' : 'Resource']: resources,
    ...(condition ? { Condition: condition } : {}),
  }));

function compile(kind: PolicyKind, statements: object[]): CompiledPolicy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

/** A Deny statement built to name `req`: wildcard/case variants of its action, its resource or a prefix of it, a true condition. */
const namingDenyArb = (req: EvaluationRequest) =>
  fc
    .record({
      actionForm: fc.constantFrom('exact', 'upper', 'prefix*', 'service*', 'star', 'notaction'),
      resourceForm: fc.constantFrom('exact', 'prefix*', 'star', 'qmarks', 'notresource'),
      conditionForm: fc.constantFrom('none', 'secure', 'ifexists'),
    })
    .map(({ actionForm, resourceForm, conditionForm }) => {
      const a = req.action;
      const action =
        actionForm === 'exact' ? { Action: a }
        : actionForm === 'upper' ? { Action: a.toUpperCase() }
        : actionForm === 'prefix*' ? { Action: `${a.slice(0, a.length - 2)}*` }
        : actionForm === 'service*' ? { Action: 'secretsmanager:*' }
        : actionForm === 'star' ? { Action: '*' }
        : { NotAction: 'kms:Decrypt' };
      const r = req.resource;
      const resource =
        resourceForm === 'exact' ? { Resource: r }
        : resourceForm === 'prefix*' ? { Resource: `${r.slice(0, r.lastIndexOf(':') + 1)}*` }
        : resourceForm === 'star' ? { Resource: '*' }
        : resourceForm === 'qmarks' ? { Resource: `${r.slice(0, -6)}??????` }
        : { NotResource: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:nope' };
      const secure = String(req.context?.['aws:SecureTransport']);
      const condition =
        conditionForm === 'secure' ? { Condition: { Bool: { 'aws:SecureTransport': secure } } }
        : conditionForm === 'ifexists' ? { Condition: { StringEqualsIfExists: { 'sm:absent': 'x' } } }
        : {};
      return { Sid: 'NamingDeny', Effect: 'Deny', ...action, ...resource, ...condition };
    });

const scenarioArb = requestArb.chain((req) =>
  fc.record({
    req: fc.constant(req),
    deny: namingDenyArb(req),
    where: fc.constantFrom('identity', 'resource'),
    identity: fc.array(fc.array(randomStatementArb, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
    resourceStatements: fc.array(randomStatementArb, { maxLength: 4 }),
    position: fc.nat(),
  }),
);

describe('evaluate properties', () => {
  it('never allows a request named by an applicable explicit Deny', () => {
    fc.assert(
      fc.property(scenarioArb, ({ req, deny, where, identity, resourceStatements, position }) => {
        const withPrincipal = (s: object) => ({ ...s, Principal: '*' });
        const identityDocs: object[][] = identity.map((ss) => [...ss]);
        const resourceDoc: object[] = resourceStatements.map(withPrincipal);
        if (where === 'identity') {
          if (identityDocs.length === 0) identityDocs.push([]);
          const doc = identityDocs[position % identityDocs.length]!;
          doc.splice(position % (doc.length + 1), 0, deny);
        } else {
          resourceDoc.splice(position % (resourceDoc.length + 1), 0, withPrincipal(deny));
        }
        const result = evaluate(req, {
          identityPolicies: identityDocs.filter((d) => d.length > 0).map((d) => compile('identity', d)),
          ...(resourceDoc.length > 0 ? { resourcePolicy: compile('resource', resourceDoc) } : {}),
        });
        expect(result.decision).toBe('ExplicitDeny');
        expect(result.matchedStatements.some((m) => m.sid === 'NamingDeny' && m.effect === 'Deny')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('an Allow decision always comes with an applicable Allow and no applicable Deny', () => {
    fc.assert(
      fc.property(requestArb, fc.array(randomStatementArb, { minLength: 1, maxLength: 6 }), fc.array(randomStatementArb, { maxLength: 4 }), (req, ids, rps) => {
        const result = evaluate(req, {
          identityPolicies: [compile('identity', ids)],
          ...(rps.length > 0 ? { resourcePolicy: compile('resource', rps.map((s) => ({ ...s, Principal: '*' }))) } : {}),
        });
        const effects = result.matchedStatements.map((m) => m.effect);
        if (result.decision === 'Allow') {
          expect(effects).toContain('Allow');
          expect(effects).not.toContain('Deny');
        }
        if (effects.includes('Deny')) expect(result.decision).toBe('ExplicitDeny');
      }),
      { numRuns: 500 },
    );
  });

  it('policies made only of Deny statements never allow a non-root caller', () => {
    const denyOnly = randomStatementArb.map((s) => ({ ...s, Effect: 'Deny' }));
    fc.assert(
      fc.property(requestArb, fc.array(denyOnly, { minLength: 1, maxLength: 5 }), (req, ss) => {
        expect(evaluate(req, { identityPolicies: [compile('identity', ss)] }).decision).not.toBe('Allow');
      }),
      { numRuns: 300 },
    );
  });
});
