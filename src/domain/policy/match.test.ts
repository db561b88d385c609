import { describe, expect, it } from 'vitest';
import { buildContext } from './context.js';
import { compileAction, compilePattern, wildcardMatch } from './match.js';
import { compileTemplate, resolveTemplate } from './variables.js';

const ctx = buildContext(
  { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', username: 'alice', userId: 'AIDA1', tags: { team: 'blue' } },
  { 'sm:multi': ['a', 'b'] },
  new Date(0),
);
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:alice/db-AbCdEf';

describe('action matching', () => {
  it.each([
    ['secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue', true],
    ['secretsmanager:Get*', 'secretsmanager:GetSecretValue', true],
    ['secretsmanager:get*', 'SecretsManager:GetSecretValue', true],
    ['secretsmanager:Get*', 'secretsmanager:DescribeSecret', false],
    ['secretsmanager:*Secret', 'secretsmanager:DeleteSecret', true],
    ['secretsmanager:*Secret', 'secretsmanager:DeleteSecretX', false],
    ['secretsmanager:?etSecretValue', 'secretsmanager:GetSecretValue', true],
    ['secretsmanager:?etSecretValue', 'secretsmanager:etSecretValue', false],
    ['*', 'kms:Decrypt', true],
    ['secretsmanager:*', 'kms:Decrypt', false],
    ['secretsmanager:Get.*', 'secretsmanager:GetX', false],
  ] as const)('%s vs %s → %s', (pattern, action, expected) => {
    expect(compileAction(pattern).test(action)).toBe(expected);
  });
});

describe('resource ARN matching', () => {
  it.each([
    ['*', SECRET, true],
    [SECRET, SECRET, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:alice/*', SECRET, true],
    ['arn:aws:secretsmanager:*:111122223333:secret:*', SECRET, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:Alice/*', SECRET, false], // case-sensitive
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:alice/db-??????', SECRET, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:alice/db-?????', SECRET, false],
    ['arn:aws:secretsmanager:us-east-1:444455556666:secret:*', SECRET, false],
    // a trailing * of a segment may extend across colons (AWS docs)
    ['arn:aws:secretsmanager:*', SECRET, true],
    // a * in the middle of a segment may not
    ['arn:aws:secretsmanager:us-*-1:111122223333:secret:*', 'arn:aws:secretsmanager:us-x:y-1:111122223333:secret:z', false],
    ['arn:aws:secretsmanager:us-*-1:111122223333:secret:*', SECRET, true],
    // ? in the prefix segments never matches a colon
    ['arn:aws:secretsmanager:us-east-?:111122223333:secret:*', 'arn:aws:secretsmanager:us-east-:1:111122223333:secret:x', false],
    // in the resource part wildcards cross colons and slashes
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', true],
  ] as const)('%s vs %s → %s', (pattern, resource, expected) => {
    expect(compilePattern(pattern, 'arn', true).test(resource, ctx)).toBe(expected);
  });

  it('substitutes ${aws:username} and treats its value literally', () => {
    const m = compilePattern('arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*', 'arn', true);
    expect(m.test(SECRET, ctx)).toBe(true);
    expect(m.test(SECRET.replace('alice', 'bob'), ctx)).toBe(false);
  });

  it('${aws:userid}, ${aws:PrincipalTag/x}, defaults, and unresolvable variables', () => {
    expect(compilePattern('arn:aws:s3:::b/${aws:userid}', 'arn', true).test('arn:aws:s3:::b/AIDA1', ctx)).toBe(true);
    expect(compilePattern('arn:aws:s3:::b/${aws:PrincipalTag/team}', 'arn', true).test('arn:aws:s3:::b/blue', ctx)).toBe(true);
    expect(compilePattern("arn:aws:s3:::b/${aws:PrincipalTag/dept, 'shared'}/*", 'arn', true).test('arn:aws:s3:::b/shared/x', ctx)).toBe(true);
    expect(compilePattern('arn:aws:s3:::b/${aws:PrincipalTag/dept}', 'arn', true).test('arn:aws:s3:::b/', ctx)).toBeUndefined();
    expect(compilePattern('arn:aws:s3:::b/${sm:multi}', 'arn', true).test('arn:aws:s3:::b/a', ctx)).toBeUndefined();
  });

  it('2008-10-17 (variables off) keeps ${...} literally', () => {
    const m = compilePattern('arn:aws:s3:::b/${aws:username}', 'arn', false);
    expect(m.test('arn:aws:s3:::b/${aws:username}', ctx)).toBe(true);
    expect(m.test('arn:aws:s3:::b/alice', ctx)).toBe(false);
  });

  it('${*} ${?} ${$} escape wildcard and dollar characters', () => {
    const m = compilePattern('arn:aws:s3:::b/${*}${?}${$}', 'arn', true);
    expect(m.test('arn:aws:s3:::b/*?$', ctx)).toBe(true);
    expect(m.test('arn:aws:s3:::b/xy$', ctx)).toBe(false);
  });

  it('default values may contain doubled quotes and keep case', () => {
    const t = compileTemplate("${aws:PrincipalTag/none, 'It''s Here'}", true);
    expect(resolveTemplate(t, ctx)).toEqual([{ text: "It's Here", wild: false }]);
  });

  it('wildcardMatch plain mode lets * cross colons', () => {
    expect(wildcardMatch('a*z', 'a:b:c:z')).toBe(true);
    expect(wildcardMatch('a*z', 'a:b:c:y')).toBe(false);
  });
});
