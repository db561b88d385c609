import { describe, expect, it } from 'vitest';
import { PolicyCache } from './cache.js';
import { PolicyMessages as M } from './messages.js';
import { parsePolicy } from './parse.js';
import type { PolicyKind } from './types.js';

const stmt = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*', ...extra });
const doc = (statement: unknown, top: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: statement, ...top });
const problems = (d: unknown, kind: PolicyKind = 'identity') => {
  const r = parsePolicy(d, { kind });
  return r.ok ? [] : r.problems.map((p) => p.message);
};
const ACCT_PRINCIPAL = { AWS: '111122223333' };

describe('parsePolicy: valid documents', () => {
  it('accepts a single statement object and compiles it', () => {
    const r = parsePolicy(JSON.stringify(doc(stmt({ Sid: 'A1' }))), { kind: 'identity' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.version).toBe('2012-10-17');
    expect(r.policy.statements).toHaveLength(1);
    expect(r.policy.statements[0]!.sid).toBe('A1');
    expect(r.policy.statements[0]!.actions.negated).toBe(false);
  });

  it('accepts arrays everywhere, NotAction/NotResource, Id, and 2008-10-17', () => {
    const r = parsePolicy(
      { Version: '2008-10-17', Id: 'p1', Statement: [stmt({ Action: undefined, NotAction: ['kms:*', 'iam:*'], Resource: undefined, NotResource: ['arn:aws:s3:::x'] })].map((s) => JSON.parse(JSON.stringify(s))) },
      { kind: 'identity' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.id).toBe('p1');
    expect(r.policy.version).toBe('2008-10-17');
    expect(r.policy.statements[0]!.actions.negated).toBe(true);
    expect(r.policy.statements[0]!.resources.negated).toBe(true);
  });

  it('defaults a missing Version to 2008-10-17', () => {
    const r = parsePolicy({ Statement: stmt() }, { kind: 'identity' });
    expect(r.ok && r.policy.version).toBe('2008-10-17');
  });

  it.each([
    '*',
    { AWS: '*' },
    { AWS: '111122223333' },
    { AWS: 'arn:aws:iam::111122223333:root' },
    { AWS: ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:role/path/Reader'] },
    { AWS: 'arn:aws:sts::111122223333:assumed-role/Reader/session-1' },
    { Service: 'lambda.amazonaws.com' },
    { Service: ['lambda.amazonaws.com'], AWS: '111122223333' },
  ])('resource policy accepts Principal %j', (principal) => {
    expect(problems(doc(stmt({ Principal: principal })), 'resource')).toEqual([]);
  });

  it('resource policy accepts NotPrincipal', () => {
    expect(problems(doc(stmt({ Effect: 'Deny', NotPrincipal: ACCT_PRINCIPAL })), 'resource')).toEqual([]);
  });

  it('resource policy Sids may contain spaces; identity Sids must be alphanumeric', () => {
    expect(problems(doc(stmt({ Sid: 'Allow read', Principal: '*' })), 'resource')).toEqual([]);
    expect(problems(doc(stmt({ Sid: 'Allow read' })))).toEqual([M.INVALID_SID]);
  });
});

describe('parsePolicy: malformed documents', () => {
  const cases: Array<[string, unknown, PolicyKind, string]> = [
    ['invalid JSON', '{"Version": ', 'identity', M.SYNTAX],
    ['not an object', '[1,2]', 'identity', M.SYNTAX],
    ['JSON null', 'null', 'identity', M.SYNTAX],
    ['unknown top-level element', doc(stmt(), { Foo: 1 }), 'identity', M.SYNTAX],
    ['bad Version', doc(stmt(), { Version: '2012-10-18' }), 'identity', M.LEGACY_PARSING],
    ['non-string Version', doc(stmt(), { Version: 2012 }), 'identity', M.LEGACY_PARSING],
    ['non-string Id', doc(stmt(), { Id: 5 }), 'identity', M.SYNTAX],
    ['missing Statement', { Version: '2012-10-17' }, 'identity', M.MISSING_STATEMENT],
    ['empty Statement list', doc([]), 'identity', M.SYNTAX],
    ['Statement is a string', doc('x'), 'identity', M.SYNTAX],
    ['unknown statement element', doc(stmt({ Actions: 'x:y' })), 'identity', M.SYNTAX],
    ['missing Effect', doc({ Action: 'a:b', Resource: '*' }), 'identity', M.MISSING_EFFECT],
    ['bad Effect', doc(stmt({ Effect: 'allow' })), 'identity', M.invalidEffect('allow')],
    ['missing Action', doc({ Effect: 'Allow', Resource: '*' }), 'identity', M.MISSING_ACTIONS],
    ['Action and NotAction', doc(stmt({ NotAction: 'a:b' })), 'identity', M.SYNTAX],
    ['empty Action list', doc(stmt({ Action: [] })), 'identity', M.SYNTAX],
    ['non-string action', doc(stmt({ Action: [1] })), 'identity', M.SYNTAX],
    ['action without vendor', doc(stmt({ Action: 'GetSecretValue' })), 'identity', M.MISSING_VENDOR],
    ['action with empty name', doc(stmt({ Action: 'secretsmanager:' })), 'identity', M.MISSING_VENDOR],
    ['action with wildcard vendor', doc(stmt({ Action: 'secrets*:Get' })), 'identity', M.MISSING_VENDOR],
    ['missing Resource', doc({ Effect: 'Allow', Action: 'a:b' }), 'identity', M.MISSING_RESOURCES],
    ['Resource and NotResource', doc(stmt({ NotResource: '*' })), 'identity', M.SYNTAX],
    ['Resource not an ARN', doc(stmt({ Resource: 'my-secret' })), 'identity', M.resourceFormat('my-secret')],
    ['Resource too short', doc(stmt({ Resource: 'arn:aws:s3' })), 'identity', M.resourceFormat('arn:aws:s3')],
    ['Resource wildcard vendor', doc(stmt({ Resource: 'arn:aws:*:us-east-1:1:secret:x' })), 'identity', M.RESOURCE_VENDOR],
    ['Resource object', doc(stmt({ Resource: { a: 1 } })), 'identity', M.SYNTAX],
    ['Principal in identity policy', doc(stmt({ Principal: '*' })), 'identity', M.PRINCIPAL_NOT_ALLOWED],
    ['NotPrincipal in identity policy', doc(stmt({ NotPrincipal: ACCT_PRINCIPAL })), 'identity', M.PRINCIPAL_NOT_ALLOWED],
    ['missing Principal in resource policy', doc(stmt()), 'resource', M.MISSING_PRINCIPAL],
    ['Principal and NotPrincipal', doc(stmt({ Principal: '*', NotPrincipal: ACCT_PRINCIPAL })), 'resource', M.SYNTAX],
    ['Principal string other than *', doc(stmt({ Principal: 'alice' })), 'resource', M.SYNTAX],
    ['Principal empty object', doc(stmt({ Principal: {} })), 'resource', M.SYNTAX],
    ['Principal unknown type', doc(stmt({ Principal: { User: 'x' } })), 'resource', M.SYNTAX],
    ['Principal empty list', doc(stmt({ Principal: { AWS: [] } })), 'resource', M.SYNTAX],
    ['Principal bad AWS value', doc(stmt({ Principal: { AWS: 'alice' } })), 'resource', M.invalidPrincipal('AWS', 'alice')],
    ['Principal partial wildcard', doc(stmt({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } })), 'resource', M.invalidPrincipal('AWS', 'arn:aws:iam::111122223333:user/*')],
    ['Principal short account id', doc(stmt({ Principal: { AWS: '1234' } })), 'resource', M.invalidPrincipal('AWS', '1234')],
    ['Principal bad service', doc(stmt({ Principal: { Service: 'Lambda Service' } })), 'resource', M.invalidPrincipal('Service', 'Lambda Service')],
    ['non-string Sid', doc(stmt({ Sid: 1 })), 'identity', M.SYNTAX],
    ['duplicate Sid', doc([stmt({ Sid: 'A' }), stmt({ Sid: 'A' })]), 'identity', M.DUPLICATE_SID],
    ['Condition not an object', doc(stmt({ Condition: [] })), 'identity', M.SYNTAX],
    ['unknown condition operator', doc(stmt({ Condition: { Foo: { 'a:b': 'x' } } })), 'identity', M.invalidConditionOperator('Foo')],
    ['condition key without vendor', doc(stmt({ Condition: { StringEquals: { b: 'x' } } })), 'identity', M.MISSING_VENDOR],
  ];

  it.each(cases)('%s', (_name, d, kind, message) => {
    expect(problems(d, kind)).toContain(message);
  });

  it('reports every problem with a path', () => {
    const r = parsePolicy(doc([{ Effect: 'Maybe' }, stmt({ Principal: '*' })]), { kind: 'identity' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { message: M.invalidEffect('Maybe'), path: 'Statement[0].Effect' },
        { message: M.MISSING_ACTIONS, path: 'Statement[0]' },
        { message: M.MISSING_RESOURCES, path: 'Statement[0]' },
        { message: M.PRINCIPAL_NOT_ALLOWED, path: 'Statement[1]' },
      ]),
    );
  });

  it('exports the IAM texts the brief names verbatim', () => {
    expect(M.SYNTAX).toBe('Syntax errors in policy.');
    expect(M.PRINCIPAL_NOT_ALLOWED).toBe('Policy document should not specify a principal.');
    expect(M.MISSING_PRINCIPAL).toBe('Missing required field Principal');
    expect(M.MISSING_ACTIONS).toBe('Policy statement must contain actions.');
    expect(M.MISSING_RESOURCES).toBe('Policy statement must contain resources.');
  });
});

describe('PolicyCache', () => {
  it('parses a document text once per kind', () => {
    const cache = new PolicyCache(2);
    const text = JSON.stringify(doc(stmt()));
    const a = cache.parse(text, 'identity');
    expect(cache.parse(text, 'identity')).toBe(a);
    const b = cache.parse(text, 'resource');
    expect(b).not.toBe(a);
    expect(b.ok).toBe(false); // no Principal
    expect(cache.size).toBe(2);
    cache.parse(JSON.stringify(doc(stmt({ Sid: 'x' }))), 'identity'); // evicts the least recently used
    expect(cache.size).toBe(2);
    expect(cache.parse(text, 'identity')).not.toBe(a);
  });
});
