import { execFileSync } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { StructureShape } from './shape.js';
import { QueryError } from './query.js';
import {
  IAM_XMLNS,
  STS_XMLNS,
  escapeXml,
  formatTimestamp,
  sendQueryError,
  sendQueryResult,
  serializeQueryError,
  serializeQueryResult,
  serializeValue,
} from './xml.js';

// Output shapes transcribed from botocore's IAM and STS models.
const tag: StructureShape = { type: 'structure', members: { Key: { type: 'string', required: true }, Value: { type: 'string', required: true } } };
const user: StructureShape = {
  type: 'structure',
  members: {
    Path: { type: 'string', required: true },
    UserName: { type: 'string', required: true },
    UserId: { type: 'string', required: true },
    Arn: { type: 'string', required: true },
    CreateDate: { type: 'timestamp', required: true },
    PasswordLastUsed: { type: 'timestamp' },
    Tags: { type: 'list', member: tag },
  },
};
const createUserOutput: StructureShape = { type: 'structure', members: { User: user } };
const listUsersOutput: StructureShape = {
  type: 'structure',
  members: { Users: { type: 'list', member: user, required: true }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } },
};
const getUserPolicyOutput: StructureShape = {
  type: 'structure',
  members: { UserName: { type: 'string', required: true }, PolicyName: { type: 'string', required: true }, PolicyDocument: { type: 'string', required: true } },
};
const getAccountSummaryOutput: StructureShape = {
  type: 'structure',
  members: { SummaryMap: { type: 'map', key: { type: 'string' }, value: { type: 'integer' } } },
};
const assumeRoleOutput: StructureShape = {
  type: 'structure',
  members: {
    Credentials: {
      type: 'structure',
      members: {
        AccessKeyId: { type: 'string', required: true },
        SecretAccessKey: { type: 'string', required: true },
        SessionToken: { type: 'string', required: true },
        Expiration: { type: 'timestamp', required: true },
      },
    },
    AssumedRoleUser: { type: 'structure', members: { AssumedRoleId: { type: 'string' }, Arn: { type: 'string' } } },
    PackedPolicySize: { type: 'integer' },
    SourceIdentity: { type: 'string' },
  },
};

const REQUEST_ID = '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE';
const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
const bob = { Path: '/', UserName: 'bob', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/bob', CreateDate: created };
const nastyPolicy =
  '{"Version":"2012-10-17","Statement":[{"Sid":"a&b<c>\'d\'","Effect":"Allow","Action":"s3:*",' +
  '"Resource":"arn:aws:s3:::bücket-😀/ü]]>x","Condition":{"StringEquals":{"aws:Tag":"tab\\there\\r\\nnew"}}}]}\r\n\tend';

interface Checked {
  wellFormed: boolean;
  error?: string;
  parsed?: Record<string, unknown>;
}

/**
 * Parses each document with Python's expat (strict XML 1.0 well-formedness) and, when a service is named, with
 * botocore's own QueryParser against the real service model. Undefined when python3 (or botocore) is unavailable.
 */
function check(docs: { xml: string; service?: string; operation?: string; status?: number }[]): Checked[] | undefined {
  const script = `
import sys, json, datetime
from xml.dom import minidom
docs = json.load(sys.stdin)
out = []
def plain(v):
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, datetime.datetime): return v.isoformat()
    return v
for doc in docs:
    body = doc['xml'].encode('utf-8')
    try:
        minidom.parseString(body)
        res = {'wellFormed': True}
    except Exception as e:
        out.append({'wellFormed': False, 'error': str(e)})
        continue
    if doc.get('service'):
        import botocore.session, botocore.parsers
        om = botocore.session.get_session().get_service_model(doc['service']).operation_model(doc['operation'])
        parser = botocore.parsers.create_parser('query')
        parsed = parser.parse({'body': body, 'headers': {}, 'status_code': doc.get('status', 200)}, om.output_shape)
        for key in ('HTTPHeaders', 'HTTPStatusCode'):
            parsed.get('ResponseMetadata', {}).pop(key, None)
        res['parsed'] = plain(parsed)
    out.append(res)
print(json.dumps(out))
`;
  try {
    const stdout = execFileSync('python3', ['-c', script], { input: JSON.stringify(docs), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return JSON.parse(stdout) as Checked[];
  } catch {
    return undefined;
  }
}

const probe = check([{ xml: '<a/>', service: 'iam', operation: 'DeleteUser' }]);
const hasBotocore = probe !== undefined;

function fakeResponse() {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const res = {
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status;
      sent.headers = headers;
      return res;
    },
    end(payload: Buffer) {
      sent.body = payload.toString('utf8');
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

describe('escapeXml', () => {
  it('escapes the five predefined entities', () => {
    expect(escapeXml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(escapeXml('x]]>y')).toBe('x]]&gt;y');
  });

  it('keeps tab, newline and non-ASCII, and writes carriage return as a reference', () => {
    expect(escapeXml('a\tb\nc\rd ü € 😀')).toBe('a\tb\nc&#xD;d ü € 😀');
  });

  it('replaces characters XML 1.0 forbids with U+FFFD', () => {
    expect(escapeXml('a\u0000b\u0001c\u000Bd\u001Fe\uFFFEf\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00')).toBe('lone \uFFFD high, lone \uFFFD low, pair 😀');
    expect(escapeXml('\u007F\u0085\u2028')).toBe('\u007F\u0085\u2028');
  });
});

describe('formatTimestamp', () => {
  it('ISO 8601 with milliseconds and Z, from a Date, epoch seconds or a string', () => {
    expect(formatTimestamp(created)).toBe('2024-01-02T03:04:05.006Z');
    expect(formatTimestamp(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(formatTimestamp('2024-01-02T03:04:05+01:00')).toBe('2024-01-02T02:04:05.000Z');
    expect(() => formatTimestamp('nope')).toThrow(TypeError);
  });
});

describe('serializeQueryResult', () => {
  it('wraps the result and the request id in the operation\'s envelope', () => {
    const xml = serializeQueryResult(IAM_XMLNS, 'CreateUser', REQUEST_ID, createUserOutput, { User: { ...bob, Tags: [{ Key: 'k', Value: 'v' }] } });
    expect(xml).toBe(
      '<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateUserResult><User>' +
        '<Path>/</Path><UserName>bob</UserName><UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/bob</Arn>' +
        '<CreateDate>2024-01-02T03:04:05.006Z</CreateDate><Tags><member><Key>k</Key><Value>v</Value></member></Tags>' +
        `</User></CreateUserResult><ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></CreateUserResponse>`,
    );
  });

  it('an operation with no output has only ResponseMetadata', () => {
    expect(serializeQueryResult(IAM_XMLNS, 'DeleteUser', REQUEST_ID, undefined, undefined)).toBe(
      `<DeleteUserResponse xmlns="${IAM_XMLNS}"><ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></DeleteUserResponse>`,
    );
  });

  it('empty lists, booleans, and members the shape does not name or that are null', () => {
    const xml = serializeQueryResult(IAM_XMLNS, 'ListUsers', REQUEST_ID, listUsersOutput, { Users: [], IsTruncated: false, Marker: null, Secret: 'x' });
    expect(xml).toContain('<ListUsersResult><Users/><IsTruncated>false</IsTruncated></ListUsersResult>');
    expect(xml).not.toContain('Secret');
  });

  it('maps as entry/key/value and integers', () => {
    expect(serializeValue(getAccountSummaryOutput.members.SummaryMap!, new Map([['Users', 3], ['Groups', 0]]), 'SummaryMap')).toBe(
      '<SummaryMap><entry><key>Users</key><value>3</value></entry><entry><key>Groups</key><value>0</value></entry></SummaryMap>',
    );
  });

  it('flattened lists and maps, and member locationNames', () => {
    const list = { type: 'list', member: { type: 'string' }, flattened: true } as never;
    expect(serializeValue(list, ['a', 'b'], 'Item')).toBe('<Item>a</Item><Item>b</Item>');
    const named = { type: 'list', member: { type: 'string', locationName: 'Id' } } as never;
    expect(serializeValue(named, ['a'], 'Ids')).toBe('<Ids><Id>a</Id></Ids>');
    const map = { type: 'map', key: { type: 'string', locationName: 'Name' }, value: { type: 'string', locationName: 'Value' }, flattened: true } as never;
    expect(serializeValue(map, { a: '1' }, 'Attribute')).toBe('<Attribute><Name>a</Name><Value>1</Value></Attribute>');
  });

  it('blobs as base64', () => {
    expect(serializeValue({ type: 'blob' }, Buffer.from('hi'), 'B')).toBe('<B>aGk=</B>');
  });

  it('escapes a policy document with quotes, ampersands, non-ASCII and controls', () => {
    const xml = serializeQueryResult(IAM_XMLNS, 'GetUserPolicy', REQUEST_ID, getUserPolicyOutput, { UserName: 'bob', PolicyName: 'p', PolicyDocument: nastyPolicy });
    expect(xml).toContain('&quot;Sid&quot;:&quot;a&amp;b&lt;c&gt;&apos;d&apos;&quot;');
    expect(xml).toContain('bücket-😀/ü]]&gt;x');
    expect(xml).toContain('\\r\\nnew&quot;}}}]}&#xD;\n\tend</PolicyDocument>');
  });
});

describe('serializeQueryError', () => {
  it('writes the ErrorResponse envelope', () => {
    const error = { code: 'NoSuchEntity', status: 404, message: 'The user with name bob cannot be found.' };
    expect(serializeQueryError(IAM_XMLNS, REQUEST_ID, error)).toBe(
      `<ErrorResponse xmlns="${IAM_XMLNS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>` +
        `<Message>The user with name bob cannot be found.</Message></Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`,
    );
  });

  it('5xx errors are Receiver faults; an explicit type wins; an empty message is left out', () => {
    expect(serializeQueryError(STS_XMLNS, 'r', { code: 'ServiceFailure', status: 500, message: '' })).toBe(
      `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>Receiver</Type><Code>ServiceFailure</Code></Error><RequestId>r</RequestId></ErrorResponse>`,
    );
    expect(serializeQueryError(STS_XMLNS, 'r', new QueryError('Odd', 500, 'm', 'Sender'))).toContain('<Type>Sender</Type>');
  });

  it('escapes the message', () => {
    expect(serializeQueryError(IAM_XMLNS, 'r', { code: 'ValidationError', status: 400, message: "Value 'a<b&c' at 'userName'" })).toContain(
      '<Message>Value &apos;a&lt;b&amp;c&apos; at &apos;userName&apos;</Message>',
    );
  });
});

describe('send functions', () => {
  it('sendQueryResult: 200, text/xml, length and request id', () => {
    const { res, sent } = fakeResponse();
    sendQueryResult(res, REQUEST_ID, IAM_XMLNS, 'GetUserPolicy', getUserPolicyOutput, { UserName: 'bøb', PolicyName: 'p', PolicyDocument: '{}' });
    expect(sent.status).toBe(200);
    expect(sent.headers).toEqual({ 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(sent.body!), 'x-amzn-RequestId': REQUEST_ID });
    expect(sent.body).toContain('<UserName>bøb</UserName>');
  });

  it('sendQueryError: the error\'s status with the envelope', () => {
    const { res, sent } = fakeResponse();
    sendQueryError(res, REQUEST_ID, IAM_XMLNS, { code: 'EntityAlreadyExists', status: 409, message: 'User with name bob already exists.' });
    expect(sent.status).toBe(409);
    expect(sent.headers?.['Content-Type']).toBe('text/xml');
    expect(sent.body).toContain('<Code>EntityAlreadyExists</Code>');
  });
});

describe('well-formed and readable by botocore (skipped without python3 + botocore)', () => {
  it.skipIf(!hasBotocore)('a real XML parser and botocore\'s QueryParser read back what we write', () => {
    const expiration = new Date(Date.UTC(2030, 5, 1, 12, 0, 0, 123));
    const results = check([
      { xml: serializeQueryResult(IAM_XMLNS, 'GetUserPolicy', REQUEST_ID, getUserPolicyOutput, { UserName: 'bob', PolicyName: 'p', PolicyDocument: nastyPolicy }), service: 'iam', operation: 'GetUserPolicy' },
      { xml: serializeQueryResult(IAM_XMLNS, 'ListUsers', REQUEST_ID, listUsersOutput, { Users: [bob, { ...bob, UserName: 'ålice', Tags: [{ Key: 'k', Value: '<&>' }] }], IsTruncated: true, Marker: 'm' }), service: 'iam', operation: 'ListUsers' },
      { xml: serializeQueryResult(IAM_XMLNS, 'ListUsers', REQUEST_ID, listUsersOutput, { Users: [], IsTruncated: false }), service: 'iam', operation: 'ListUsers' },
      { xml: serializeQueryResult(IAM_XMLNS, 'DeleteUser', REQUEST_ID, undefined, undefined), service: 'iam', operation: 'DeleteUser' },
      { xml: serializeQueryResult(IAM_XMLNS, 'GetAccountSummary', REQUEST_ID, getAccountSummaryOutput, { SummaryMap: { Users: 2, Groups: 0 } }), service: 'iam', operation: 'GetAccountSummary' },
      {
        xml: serializeQueryResult(STS_XMLNS, 'AssumeRole', REQUEST_ID, assumeRoleOutput, {
          Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's/+=', SessionToken: 'tok', Expiration: expiration },
          AssumedRoleUser: { AssumedRoleId: 'AROA:sess', Arn: 'arn:aws:sts::123456789012:assumed-role/r/sess' },
          PackedPolicySize: 6,
        }),
        service: 'sts',
        operation: 'AssumeRole',
      },
      { xml: serializeQueryError(IAM_XMLNS, REQUEST_ID, { code: 'NoSuchEntity', status: 404, message: 'The user with name b&ø<b> cannot be found.' }), service: 'iam', operation: 'GetUser', status: 404 },
      { xml: `<a>${escapeXml('\u0000\u0008\uD800\uFFFF')}</a>` },
      { xml: '<a>&</a>' }, // the checker itself rejects what is not well-formed
    ])!;
    expect(results.slice(0, -1).every((r) => r.wellFormed)).toBe(true);
    expect(results.at(-1)!.wellFormed).toBe(false);

    const meta = { RequestId: REQUEST_ID };
    expect(results[0]!.parsed).toEqual({ UserName: 'bob', PolicyName: 'p', PolicyDocument: nastyPolicy, ResponseMetadata: meta });
    expect(results[1]!.parsed).toEqual({
      Users: [
        { ...bob, CreateDate: '2024-01-02T03:04:05.006000+00:00' },
        { ...bob, UserName: 'ålice', CreateDate: '2024-01-02T03:04:05.006000+00:00', Tags: [{ Key: 'k', Value: '<&>' }] },
      ],
      IsTruncated: true,
      Marker: 'm',
      ResponseMetadata: meta,
    });
    expect(results[2]!.parsed).toEqual({ Users: [], IsTruncated: false, ResponseMetadata: meta });
    expect(results[3]!.parsed).toEqual({ ResponseMetadata: meta });
    expect(results[4]!.parsed).toEqual({ SummaryMap: { Users: 2, Groups: 0 }, ResponseMetadata: meta });
    expect(results[5]!.parsed).toEqual({
      Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's/+=', SessionToken: 'tok', Expiration: '2030-06-01T12:00:00.123000+00:00' },
      AssumedRoleUser: { AssumedRoleId: 'AROA:sess', Arn: 'arn:aws:sts::123456789012:assumed-role/r/sess' },
      PackedPolicySize: 6,
      ResponseMetadata: meta,
    });
    expect(results[6]!.parsed).toEqual({
      Error: { Type: 'Sender', Code: 'NoSuchEntity', Message: 'The user with name b&ø<b> cannot be found.' },
      ResponseMetadata: meta,
    });
  });
});
