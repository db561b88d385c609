import { describe, expect, it } from 'vitest';
import { statementSpans } from './statement-positions.js';

describe('statementSpans', () => {
  it('a single-object Statement starts after its own brace (AWS CLI example: 1:38 to 1:167)', () => {
    const doc =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    expect(doc).toHaveLength(167);
    expect(statementSpans(doc)).toEqual([{ start: { line: 1, column: 38 }, end: { line: 1, column: 167 } }]);
  });

  it('in an array the first statement starts after the bracket, later ones where the previous one ended', () => {
    // The shape of a real S3 bucket policy reported by the simulator as 1:38-1:248 and 1:248-1:470.
    const doc =
      '{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"*",' +
      '"Resource":["arn:aws:s3:::tims-fancy-bucket/*","arn:aws:s3:::tims-fancy-bucket"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},' +
      '{"Sid":"DenyTimDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::tims-fancy-bucket/*",' +
      '"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::112233445566:role/tims-test-role"}}}]}';
    expect(statementSpans(doc)).toEqual([
      { start: { line: 1, column: 38 }, end: { line: 1, column: 248 } },
      { start: { line: 1, column: 248 }, end: { line: 1, column: 470 } },
    ]);
  });

  it('counts Python json.dumps spacing (real output: 1:41 to 1:180)', () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 's3', Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::tims-fancy-bucket/only-here/*'] }],
    })
      .replaceAll('":', '": ')
      .replaceAll(',"', ', "');
    expect(statementSpans(doc)).toEqual([{ start: { line: 1, column: 41 }, end: { line: 1, column: 180 } }]);
  });

  it('reports lines and columns in a pretty-printed document (AdministratorAccess: 3:17 to 8:6)', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2);
    // {                          line 1
    //   "Version": "2012-10-17", line 2
    //   "Statement": [           line 3: "[" in column 16
    //     {                      line 4
    //       ...                  lines 5-7
    //     }                      line 8: "}" in column 5
    expect(statementSpans(doc)).toEqual([{ start: { line: 3, column: 17 }, end: { line: 8, column: 6 } }]);
  });

  it('treats CRLF as one line break and lone CR as a line break', () => {
    const crlf = '{\r\n"Statement": [\r\n{"Effect":"Allow"},\r\n{"Effect":"Deny"}\r\n]\r\n}';
    expect(statementSpans(crlf)).toEqual([
      { start: { line: 2, column: 15 }, end: { line: 3, column: 19 } },
      { start: { line: 3, column: 19 }, end: { line: 4, column: 18 } },
    ]);
    const cr = '{\r"Statement":\r{"Effect":"Allow"}}';
    expect(statementSpans(cr)).toEqual([{ start: { line: 3, column: 2 }, end: { line: 3, column: 19 } }]);
  });

  it('is not fooled by braces, brackets and escaped quotes inside strings, nor by a "Statement" key deeper down', () => {
    const doc =
      '{"Id":"x { [ \\" ] }","Statement":[{"Sid":"a","Condition":{"StringEquals":{"k:v":"} ] \\" {"}}},' +
      '{"Sid":"b","Statement":"nested"}],"Version":"2012-10-17"}';
    const spans = statementSpans(doc);
    expect(spans).toHaveLength(2);
    const firstClose = doc.indexOf('}}},') + 2;
    expect(spans[0]).toEqual({ start: { line: 1, column: doc.indexOf('[{') + 2 }, end: { line: 1, column: firstClose + 2 } });
    expect(spans[1]).toEqual({ start: { line: 1, column: firstClose + 2 }, end: { line: 1, column: doc.indexOf('}],') + 2 } });
  });

  it('uses the last top-level Statement member, as JSON.parse does, and returns [] without one', () => {
    expect(statementSpans('{"Statement":{"a":1},"Statement":[{"b":2}]}')).toEqual([{ start: { line: 1, column: 35 }, end: { line: 1, column: 42 } }]);
    expect(statementSpans('{"Version":"2012-10-17"}')).toEqual([]);
    expect(statementSpans('[]')).toEqual([]);
  });

  it('survives deep nesting without recursion', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    expect(statementSpans(`{"Id":${deep},"Statement":{"Effect":"Allow"}}`)).toEqual([
      { start: { line: 1, column: 100_021 }, end: { line: 1, column: 100_038 } },
    ]);
  });
});
