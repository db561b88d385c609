import { describe, expect, it } from 'vitest';
import { buildContext } from './context.js';
import { parsePolicy } from './parse.js';
import type { RequestContext, RequestPrincipal } from './types.js';

const ALICE: RequestPrincipal = {
  arn: 'arn:aws:iam::111122223333:user/alice',
  accountId: '111122223333',
  username: 'alice',
  userId: 'AIDAALICE',
  tags: { Team: 'blue' },
};
const NOW = new Date('2026-06-01T12:00:00Z');

/** Compile a Condition block through the real parser and evaluate it. */
function holds(condition: unknown, context: RequestContext, version = '2012-10-17', principal = ALICE): boolean {
  const r = parsePolicy({ Version: version, Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: condition } }, { kind: 'identity' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy.statements[0]!.condition.evaluate(buildContext(principal, context, NOW));
}

type Row = [name: string, condition: unknown, context: RequestContext, expected: boolean];

const rows: Row[] = [
  // ---- String
  ['StringEquals exact', { StringEquals: { 'sm:Name': 'prod' } }, { 'sm:Name': 'prod' }, true],
  ['StringEquals is case-sensitive on values', { StringEquals: { 'sm:Name': 'prod' } }, { 'sm:Name': 'Prod' }, false],
  ['condition key names are case-insensitive', { StringEquals: { 'SM:NAME': 'prod' } }, { 'sm:name': 'prod' }, true],
  ['values for one key are ORed', { StringEquals: { 'sm:Name': ['a', 'b'] } }, { 'sm:Name': 'b' }, true],
  ['keys under one operator are ANDed', { StringEquals: { 'sm:A': 'x', 'sm:B': 'y' } }, { 'sm:A': 'x', 'sm:B': 'z' }, false],
  ['operators are ANDed', { StringEquals: { 'sm:A': 'x' }, StringLike: { 'sm:B': 'y*' } }, { 'sm:A': 'x', 'sm:B': 'yes' }, true],
  ['operators are ANDed (one fails)', { StringEquals: { 'sm:A': 'x' }, StringLike: { 'sm:B': 'y*' } }, { 'sm:A': 'x', 'sm:B': 'no' }, false],
  ['StringEquals missing key is false', { StringEquals: { 'sm:Name': 'prod' } }, {}, false],
  ['StringEqualsIfExists missing key is true', { StringEqualsIfExists: { 'sm:Name': 'prod' } }, {}, true],
  ['StringEqualsIfExists present key still compared', { StringEqualsIfExists: { 'sm:Name': 'prod' } }, { 'sm:Name': 'dev' }, false],
  ['StringNotEquals different', { StringNotEquals: { 'sm:Name': 'prod' } }, { 'sm:Name': 'dev' }, true],
  ['StringNotEquals same', { StringNotEquals: { 'sm:Name': 'prod' } }, { 'sm:Name': 'prod' }, false],
  ['StringNotEquals is NOR of values', { StringNotEquals: { 'sm:Name': ['a', 'b'] } }, { 'sm:Name': 'b' }, false],
  ['StringNotEquals missing key is true (negated)', { StringNotEquals: { 'sm:Name': 'prod' } }, {}, true],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'sm:Name': 'PROD' } }, { 'sm:Name': 'prod' }, true],
  ['StringNotEqualsIgnoreCase same modulo case', { StringNotEqualsIgnoreCase: { 'sm:Name': 'PROD' } }, { 'sm:Name': 'prod' }, false],
  ['StringNotEqualsIgnoreCase different', { StringNotEqualsIgnoreCase: { 'sm:Name': 'PROD' } }, { 'sm:Name': 'dev' }, true],
  ['StringLike *', { StringLike: { 'sm:Name': 'prod/*' } }, { 'sm:Name': 'prod/db/main' }, true],
  ['StringLike ? is exactly one char', { StringLike: { 'sm:Name': 'db-?' } }, { 'sm:Name': 'db-1' }, true],
  ['StringLike ? not zero chars', { StringLike: { 'sm:Name': 'db-?' } }, { 'sm:Name': 'db-' }, false],
  ['StringLike ? not two chars', { StringLike: { 'sm:Name': 'db-?' } }, { 'sm:Name': 'db-12' }, false],
  ['StringLike is case-sensitive', { StringLike: { 'sm:Name': 'prod*' } }, { 'sm:Name': 'PROD1' }, false],
  ['StringLike regex metachars are literal', { StringLike: { 'sm:Name': 'a.c' } }, { 'sm:Name': 'abc' }, false],
  ['StringNotLike', { StringNotLike: { 'sm:Name': 'prod*' } }, { 'sm:Name': 'dev' }, true],
  ['StringNotLike matching', { StringNotLike: { 'sm:Name': 'prod*' } }, { 'sm:Name': 'prod1' }, false],
  ['StringNotLike missing key is true', { StringNotLike: { 'sm:Name': 'prod*' } }, {}, true],
  ['StringNotLikeIfExists missing key is true', { StringNotLikeIfExists: { 'sm:Name': 'prod*' } }, {}, true],
  ['number context value compared as string', { StringEquals: { 'sm:N': '7' } }, { 'sm:N': 7 }, true],
  // ---- Numeric
  ['NumericEquals', { NumericEquals: { 'sm:RecoveryWindowInDays': '7' } }, { 'sm:RecoveryWindowInDays': 7 }, true],
  ['NumericEquals string context', { NumericEquals: { 'sm:R': '7' } }, { 'sm:R': '7.0' }, true],
  ['NumericNotEquals', { NumericNotEquals: { 'sm:R': '7' } }, { 'sm:R': 8 }, true],
  ['NumericNotEquals equal', { NumericNotEquals: { 'sm:R': ['7', '8'] } }, { 'sm:R': 8 }, false],
  ['NumericLessThan', { NumericLessThan: { 'sm:R': '10' } }, { 'sm:R': 9.5 }, true],
  ['NumericLessThan boundary', { NumericLessThan: { 'sm:R': '10' } }, { 'sm:R': 10 }, false],
  ['NumericLessThanEquals boundary', { NumericLessThanEquals: { 'sm:R': '10' } }, { 'sm:R': 10 }, true],
  ['NumericGreaterThan', { NumericGreaterThan: { 'sm:R': '10' } }, { 'sm:R': 10 }, false],
  ['NumericGreaterThanEquals', { NumericGreaterThanEquals: { 'sm:R': '10' } }, { 'sm:R': 10 }, true],
  ['Numeric non-numeric context never matches', { NumericEquals: { 'sm:R': '7' } }, { 'sm:R': 'seven' }, false],
  ['Numeric missing key false', { NumericLessThan: { 'sm:R': '7' } }, {}, false],
  ['NumericLessThanIfExists missing key true', { NumericLessThanIfExists: { 'sm:R': '7' } }, {}, true],
  ['NumericLessThanIfExists present compared', { NumericLessThanIfExists: { 'sm:R': '7' } }, { 'sm:R': 30 }, false],
  // ---- Date
  ['DateLessThan ISO vs Date', { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, {}, true],
  ['DateGreaterThan ISO vs Date', { DateGreaterThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, {}, false],
  ['DateEquals epoch policy vs ISO context', { DateEquals: { 'sm:T': '1780315200' } }, { 'sm:T': '2026-06-01T12:00:00Z' }, true],
  ['DateEquals ISO policy vs epoch-number context', { DateEquals: { 'sm:T': '2026-06-01T12:00:00Z' } }, { 'sm:T': 1780315200 }, true],
  ['DateNotEquals', { DateNotEquals: { 'sm:T': '2026-06-01T12:00:00Z' } }, { 'sm:T': 1780315201 }, true],
  ['DateLessThanEquals boundary', { DateLessThanEquals: { 'aws:CurrentTime': '2026-06-01T12:00:00Z' } }, {}, true],
  ['DateGreaterThanEquals boundary epoch', { DateGreaterThanEquals: { 'aws:EpochTime': '1780315200' } }, {}, true],
  ['DateGreaterThan with timezone offset', { DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T13:00:00+02:00' } }, {}, true],
  ['Date missing key false', { DateLessThan: { 'sm:T': '2027-01-01T00:00:00Z' } }, {}, false],
  ['Date unparseable context false', { DateLessThan: { 'sm:T': '2027-01-01T00:00:00Z' } }, { 'sm:T': 'yesterday' }, false],
  // ---- Bool
  ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true }, true],
  ['Bool false vs true', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': true }, false],
  ['Bool JSON boolean value', { Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': false }, true],
  ['Bool string context', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, true],
  ['Bool missing false', { Bool: { 'aws:SecureTransport': 'true' } }, {}, false],
  ['BoolIfExists missing true', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, {}, true],
  // ---- Binary
  ['BinaryEquals', { BinaryEquals: { 'sm:B': 'QmluYXJ5VmFsdWU=' } }, { 'sm:B': 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals differs', { BinaryEquals: { 'sm:B': 'QmluYXJ5VmFsdWU=' } }, { 'sm:B': 'T3RoZXI=' }, false],
  ['BinaryEqualsIfExists missing', { BinaryEqualsIfExists: { 'sm:B': 'QQ==' } }, {}, true],
  // ---- IP
  ['IpAddress IPv4 CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.77' }, true],
  ['IpAddress IPv4 outside', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.1' }, false],
  ['IpAddress bare address = /32', { IpAddress: { 'aws:SourceIp': '10.0.0.1' } }, { 'aws:SourceIp': '10.0.0.1' }, true],
  ['IpAddress IPv6 CIDR', { IpAddress: { 'aws:SourceIp': '2001:db8:1234::/48' } }, { 'aws:SourceIp': '2001:db8:1234:ffff::1' }, true],
  ['IpAddress IPv6 outside', { IpAddress: { 'aws:SourceIp': '2001:db8:1234::/48' } }, { 'aws:SourceIp': '2001:db8:1235::1' }, false],
  ['IpAddress list ORed v4+v6', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }, { 'aws:SourceIp': '2001:db8::5' }, true],
  ['IpAddress garbage context', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': 'localhost' }, false],
  ['NotIpAddress outside', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '192.168.0.1' }, true],
  ['NotIpAddress inside', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.9.9.9' }, false],
  ['NotIpAddress missing is true (negated)', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, true],
  ['IpAddress missing is false', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, false],
  // ---- ARN
  ['ArnEquals', { ArnEquals: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:111122223333:function:rot' } }, { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:111122223333:function:rot' }, true],
  ['ArnLike wildcard per segment', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:111122223333:function:*' } }, { 'aws:SourceArn': 'arn:aws:lambda:eu-west-1:111122223333:function:rot' }, true],
  ['ArnLike wildcard does not cross a colon mid-segment', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-*-1:111122223333:function:x' } }, { 'aws:SourceArn': 'arn:aws:lambda:us-east:x-1:111122223333:function:x' }, false],
  ['ArnLike is case-sensitive', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:*:function:Rot' } }, { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:1:function:rot' }, false],
  ['ArnLike non-ARN context false', { ArnLike: { 'aws:SourceArn': '*' } }, { 'aws:SourceArn': 'not-an-arn' }, false],
  ['ArnNotEquals', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::a' } }, { 'aws:SourceArn': 'arn:aws:s3:::b' }, true],
  ['ArnNotLike matching', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::a*' } }, { 'aws:SourceArn': 'arn:aws:s3:::abc' }, false],
  ['ArnNotLike missing is true', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::a*' } }, {}, true],
  ['ArnLikeIfExists missing true', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::a*' } }, {}, true],
  // ---- Null
  ['Null true when absent', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
  ['Null true when present', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': 'x' }, false],
  ['Null false when present', { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': 'x' }, true],
  ['Null false when absent', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, false],
  ['Null treats empty list as absent', { Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] }, true],
  ['Null treats undefined as absent', { Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': undefined }, true],
  // ---- Set qualifiers
  ['ForAllValues all in set', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env', 'team'] }, true],
  ['ForAllValues one outside', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env', 'owner'] }, false],
  ['ForAllValues empty set is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': [] }, true],
  ['ForAllValues missing key is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {}, true],
  ['ForAnyValue one matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['owner', 'env'] }, true],
  ['ForAnyValue none matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['owner'] }, false],
  ['ForAnyValue empty set is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': [] }, false],
  ['ForAnyValue missing key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, {}, false],
  ['ForAnyValue negated missing key is false', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, {}, false],
  ['ForAnyValue:StringEqualsIfExists missing is true', { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['env'] } }, {}, true],
  ['ForAllValues:StringLike', { 'ForAllValues:StringLike': { 'aws:TagKeys': ['app-*'] } }, { 'aws:TagKeys': ['app-a', 'app-b'] }, true],
  ['ForAllValues:StringNotEquals each value outside the list', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAllValues:StringNotEquals one forbidden', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'secret'] }, false],
  ['ForAnyValue:StringNotEquals one outside', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAllValues on a scalar context', { 'ForAllValues:StringEquals': { 'sm:X': ['a'] } }, { 'sm:X': 'a' }, true],
  ['ForAllValues qualifier is case-insensitive', { 'forallvalues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['b'] }, false],
  ['multi-valued key without qualifier: any value matches', { StringEquals: { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': ['x', 'env'] }, true],
  ['multi-valued key without qualifier, negated: none may match', { StringNotEquals: { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': ['x', 'env'] }, false],
  // ---- Policy variables in condition values
  ['variable ${aws:username}', { StringEquals: { 'sm:Owner': '${aws:username}' } }, { 'sm:Owner': 'alice' }, true],
  ['variable mismatch', { StringEquals: { 'sm:Owner': '${aws:username}' } }, { 'sm:Owner': 'bob' }, false],
  ['variable ${aws:PrincipalTag/Team} (tag key any case)', { StringEquals: { 'aws:ResourceTag/Team': '${aws:principaltag/team}' } }, { 'aws:ResourceTag/Team': 'blue' }, true],
  ['variable default used when missing', { StringEquals: { 'sm:Owner': "${aws:PrincipalTag/dept, 'none'}" } }, { 'sm:Owner': 'none' }, true],
  ['variable default ignored when present', { StringEquals: { 'sm:Owner': "${aws:username, 'none'}" } }, { 'sm:Owner': 'none' }, false],
  ['unresolvable variable: value dropped, condition false', { StringEquals: { 'sm:Owner': '${aws:PrincipalTag/dept}' } }, { 'sm:Owner': '' }, false],
  ['unresolvable variable: other values still count', { StringEquals: { 'sm:Owner': ['${aws:PrincipalTag/dept}', 'x'] } }, { 'sm:Owner': 'x' }, true],
  ['variable inside StringLike stays literal', { StringLike: { 'sm:Name': '${sm:prefix}*' } }, { 'sm:prefix': 'a?', 'sm:Name': 'a?z' }, true],
  ['variable value wildcard chars are literal', { StringLike: { 'sm:Name': '${sm:prefix}*' } }, { 'sm:prefix': 'a?', 'sm:Name': 'ab' }, false],
  ['${*} is a literal star', { StringLike: { 'sm:Name': 'a${*}' } }, { 'sm:Name': 'a*' }, true],
  ['${*} does not act as wildcard', { StringLike: { 'sm:Name': 'a${*}' } }, { 'sm:Name': 'abc' }, false],
  ['${?} and ${$} are literals', { StringEquals: { 'sm:Name': '${?}${$}' } }, { 'sm:Name': '?$' }, true],
  ['multi-valued key cannot be a variable', { StringEquals: { 'sm:Owner': '${aws:TagKeys}' } }, { 'sm:Owner': 'a', 'aws:TagKeys': ['a'] }, false],
];

describe('condition operators', () => {
  it.each(rows)('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });

  it('2008-10-17 policies keep ${...} literal', () => {
    expect(holds({ StringEquals: { 'sm:Owner': '${aws:username}' } }, { 'sm:Owner': '${aws:username}' }, '2008-10-17')).toBe(true);
    expect(holds({ StringEquals: { 'sm:Owner': '${aws:username}' } }, { 'sm:Owner': 'alice' }, '2008-10-17')).toBe(false);
  });

  it('context overrides principal-derived keys; null removes them', () => {
    expect(holds({ StringEquals: { 'aws:username': 'carol' } }, { 'aws:username': 'carol' })).toBe(true);
    expect(holds({ Null: { 'aws:username': 'true' } }, { 'aws:username': null })).toBe(true);
  });

  it('rejects invalid operators and values at parse time', () => {
    const bad = (Condition: unknown) =>
      parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition } }, { kind: 'identity' });
    for (const c of [
      { StringEqualz: { 'a:b': 'x' } },
      { 'ForSomeValues:StringEquals': { 'a:b': 'x' } },
      { NullIfExists: { 'a:b': 'true' } },
      { 'ForAnyValue:Null': { 'a:b': 'true' } },
      { Null: { 'a:b': 'maybe' } },
      { NumericEquals: { 'a:b': 'ten' } },
      { DateLessThan: { 'a:b': 'tomorrow' } },
      { IpAddress: { 'a:b': '10.0.0.0/33' } },
      { IpAddress: { 'a:b': '300.0.0.1' } },
      { BinaryEquals: { 'a:b': '!!!' } },
      { StringEquals: { nokeyvendor: 'x' } },
      { StringEquals: { 'a:b': [] } },
      { StringEquals: { 'a:b': { nested: 1 } } },
      { StringEquals: {} },
      { StringEquals: 'x' },
      'x',
    ]) {
      expect(bad(c).ok, JSON.stringify(c)).toBe(false);
    }
  });
});
