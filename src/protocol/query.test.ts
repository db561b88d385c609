import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  QueryError,
  decodeQueryParams,
  isQueryContentType,
  parseIso8601,
  parseQueryInput,
  parseQueryRequest,
  resolveQueryOperation,
} from './query.js';
import type { Shape, StructureShape } from './shape.js';

// Input shapes transcribed from botocore's IAM (2010-05-08) and STS (2011-06-15) models.
const tag: StructureShape = {
  type: 'structure',
  members: {
    Key: { type: 'string', min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', required: true },
    Value: { type: 'string', min: 0, max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', required: true },
  },
};
const userName = { type: 'string', min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' } as const;

const createUser: StructureShape = {
  type: 'structure',
  members: {
    Path: { type: 'string', min: 1, max: 512 },
    UserName: { ...userName, required: true },
    PermissionsBoundary: { type: 'string', min: 20, max: 2048 },
    Tags: { type: 'list', member: tag, max: 50 },
  },
};
const putUserPolicy: StructureShape = {
  type: 'structure',
  members: {
    UserName: { ...userName, required: true },
    PolicyName: { type: 'string', min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+', required: true },
    PolicyDocument: { type: 'string', min: 1, max: 131072, required: true },
  },
};
const listUsers: StructureShape = {
  type: 'structure',
  members: {
    PathPrefix: { type: 'string', min: 1, max: 512 },
    Marker: { type: 'string', min: 1, max: 320 },
    MaxItems: { type: 'integer', min: 1, max: 1000 },
  },
};
const assumeRole: StructureShape = {
  type: 'structure',
  members: {
    RoleArn: { type: 'string', min: 20, max: 2048, required: true },
    RoleSessionName: { type: 'string', min: 2, max: 64, required: true },
    PolicyArns: { type: 'list', member: { type: 'structure', members: { arn: { type: 'string', min: 20, max: 2048 } } } },
    Policy: { type: 'string', min: 1, max: 2048 },
    DurationSeconds: { type: 'integer', min: 900, max: 43200 },
    Tags: { type: 'list', member: tag, max: 50 },
    TransitiveTagKeys: { type: 'list', member: { type: 'string', min: 1, max: 128 }, max: 50 },
  },
};
const passwordPolicy: StructureShape = {
  type: 'structure',
  members: {
    MinimumPasswordLength: { type: 'integer', min: 6, max: 128 },
    RequireSymbols: { type: 'boolean' },
    RequireNumbers: { type: 'boolean' },
  },
};

// Bodies exactly as botocore 1.43 sends them (captured from QuerySerializer + AWSRequest.prepare()).
const CREATE_USER_BODY =
  'Action=CreateUser&Version=2010-05-08&UserName=bob&Path=%2Feng%2F&Tags.member.1.Key=team&Tags.member.1.Value=a%26b+c' +
  '&Tags.member.2.Key=k2&Tags.member.2.Value=%C3%BC%3D%E2%82%AC';
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
const PUT_USER_POLICY_BODY =
  'Action=PutUserPolicy&Version=2010-05-08&UserName=bob&PolicyName=p1&PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C' +
  '%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D';
const LIST_USERS_BODY = 'Action=ListUsers&Version=2010-05-08&MaxItems=10&PathPrefix=%2F';
const EMPTY_TAGS_BODY = 'Action=CreateUser&Version=2010-05-08&UserName=bob&Tags=';
const ASSUME_ROLE_BODY =
  'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=sess' +
  '&DurationSeconds=900&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&Tags.member.1.Key=a' +
  '&Tags.member.1.Value=b&TransitiveTagKeys.member.1=a';
const PASSWORD_POLICY_BODY = 'Action=UpdateAccountPasswordPolicy&Version=2010-05-08&MinimumPasswordLength=8&RequireSymbols=true&RequireNumbers=false';

function input(shape: StructureShape, body: string): Record<string, unknown> {
  return parseQueryInput(shape, parseQueryRequest(body).params);
}

function queryError(fn: () => unknown): QueryError {
  try {
    fn();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error('expected a QueryError');
}

describe('parseQueryRequest', () => {
  it('splits Action and Version from the other params', () => {
    const request = parseQueryRequest(Buffer.from(LIST_USERS_BODY));
    expect(request.action).toBe('ListUsers');
    expect(request.version).toBe('2010-05-08');
    expect([...request.params]).toEqual([
      ['MaxItems', '10'],
      ['PathPrefix', '/'],
    ]);
  });

  it('decodes + as space and percent-encoded UTF-8', () => {
    const { params } = parseQueryRequest(CREATE_USER_BODY);
    expect(params.get('Tags.member.1.Value')).toBe('a&b c');
    expect(params.get('Tags.member.2.Value')).toBe('ü=€');
  });

  it('reads a query string, with or without "?", and lets the body win', () => {
    expect(parseQueryRequest('', '?Action=GetUser&Version=2010-05-08&UserName=x')).toMatchObject({ action: 'GetUser', version: '2010-05-08' });
    const merged = parseQueryRequest('UserName=body', 'Action=GetUser&UserName=query');
    expect(merged.action).toBe('GetUser');
    expect(merged.params.get('UserName')).toBe('body');
  });

  it('keeps the first of a repeated name, and tolerates empty pairs and a bare name', () => {
    const { params, action } = parseQueryRequest('&&Action=A&UserName=one&UserName=two&Flag');
    expect(action).toBe('A');
    expect(params.get('UserName')).toBe('one');
    expect(params.get('Flag')).toBe('');
  });

  it('an empty body has no action', () => {
    expect(parseQueryRequest(Buffer.alloc(0))).toEqual({ action: undefined, version: undefined, params: new Map() });
  });
});

describe('isQueryContentType', () => {
  it('matches botocore\'s header and ignores parameters and case', () => {
    expect(isQueryContentType('application/x-www-form-urlencoded; charset=utf-8')).toBe(true);
    expect(isQueryContentType('Application/X-WWW-Form-Urlencoded')).toBe(true);
    expect(isQueryContentType('application/x-amz-json-1.1')).toBe(false);
    expect(isQueryContentType(undefined)).toBe(false);
  });
});

describe('resolveQueryOperation', () => {
  const ops = { CreateUser: 'create', ListUsers: 'list' };

  it('finds an operation by Action for the service version', () => {
    expect(resolveQueryOperation({ action: 'ListUsers', version: '2010-05-08' }, '2010-05-08', ops)).toBe('list');
    expect(resolveQueryOperation({ action: 'CreateUser', version: '2010-05-08' }, '2010-05-08', new Map(Object.entries(ops)))).toBe('create');
  });

  it('an unknown Action is InvalidAction with AWS\'s text', () => {
    const error = queryError(() => resolveQueryOperation({ action: 'CreateUsers', version: '2010-05-08' }, '2010-05-08', ops));
    expect(error).toMatchObject({ code: 'InvalidAction', status: 400, type: 'Sender', message: 'Could not find operation CreateUsers for version 2010-05-08' });
  });

  it('a wrong or missing Version is InvalidAction too', () => {
    expect(queryError(() => resolveQueryOperation({ action: 'ListUsers', version: '2011-06-15' }, '2010-05-08', ops)).message).toBe(
      'Could not find operation ListUsers for version 2011-06-15',
    );
    expect(queryError(() => resolveQueryOperation({ action: 'ListUsers', version: undefined }, '2010-05-08', ops)).code).toBe('InvalidAction');
  });

  it('does not resolve names from the object prototype, nor case-insensitively', () => {
    expect(queryError(() => resolveQueryOperation({ action: 'constructor', version: 'v' }, 'v', ops)).code).toBe('InvalidAction');
    expect(queryError(() => resolveQueryOperation({ action: 'listusers', version: '2010-05-08' }, '2010-05-08', ops)).code).toBe('InvalidAction');
  });

  it('a missing or empty Action is MissingAction', () => {
    for (const action of [undefined, '']) {
      expect(queryError(() => resolveQueryOperation({ action, version: '2010-05-08' }, '2010-05-08', ops))).toMatchObject({
        code: 'MissingAction',
        status: 400,
        type: 'Sender',
      });
    }
  });
});

describe('parseQueryInput with botocore fixtures', () => {
  it('CreateUser with Tags (member.N lists of structures)', () => {
    expect(decodeQueryParams(createUser, parseQueryRequest(CREATE_USER_BODY).params)).toEqual({
      Path: '/eng/',
      UserName: 'bob',
      Tags: [
        { Key: 'team', Value: 'a&b c' },
        { Key: 'k2', Value: 'ü=€' },
      ],
    });
    // IAM's tag value pattern admits neither '&' nor '€': the decoded input then fails validation the Coral way.
    expect(queryError(() => input(createUser, CREATE_USER_BODY)).message).toBe(
      "2 validation errors detected: Value 'a&b c' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*; " +
        "Value 'ü=€' at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
    );
    expect(input(createUser, CREATE_USER_BODY.replace('a%26b+c', 'a+b').replace('%C3%BC%3D%E2%82%AC', '%C3%BC%3D'))).toMatchObject({
      Tags: [
        { Key: 'team', Value: 'a b' },
        { Key: 'k2', Value: 'ü=' },
      ],
    });
  });

  it('PutUserPolicy with a URL-encoded JSON policy document', () => {
    const parsed = input(putUserPolicy, PUT_USER_POLICY_BODY);
    expect(parsed).toEqual({ UserName: 'bob', PolicyName: 'p1', PolicyDocument: POLICY });
    expect(JSON.parse(parsed.PolicyDocument as string)).toMatchObject({ Version: '2012-10-17' });
  });

  it('ListUsers with MaxItems (integers)', () => {
    expect(input(listUsers, LIST_USERS_BODY)).toEqual({ MaxItems: 10, PathPrefix: '/' });
  });

  it('an empty list is a bare "Tags="', () => {
    expect(input(createUser, EMPTY_TAGS_BODY)).toEqual({ UserName: 'bob', Tags: [] });
  });

  it('AssumeRole: lists of scalars, lower-case member names', () => {
    expect(input(assumeRole, ASSUME_ROLE_BODY)).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      RoleSessionName: 'sess',
      DurationSeconds: 900,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'a', Value: 'b' }],
      TransitiveTagKeys: ['a'],
    });
  });

  it('booleans', () => {
    expect(input(passwordPolicy, PASSWORD_POLICY_BODY)).toEqual({ MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: false });
  });

  it('ignores parameters the shape does not name', () => {
    expect(input(listUsers, 'Action=ListUsers&Version=2010-05-08&Bogus=1&MaxItems=5')).toEqual({ MaxItems: 5 });
  });
});

describe('decodeQueryParams', () => {
  const params = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('orders list items by index, 1-based, compacting gaps and ignoring index 0 and non-numbers', () => {
    const shape: StructureShape = { type: 'structure', members: { Names: { type: 'list', member: { type: 'string' } } } };
    expect(
      decodeQueryParams(shape, params({ 'Names.member.10': 'ten', 'Names.member.2': 'two', 'Names.member.0': 'zero', 'Names.member.x': 'x', 'Names.member.02': 'pad' })),
    ).toEqual({ Names: ['two', 'ten'] });
  });

  it('a list item with none of its own keys is null, so validation reports it', () => {
    const shape: StructureShape = { type: 'structure', members: { Names: { type: 'list', member: { type: 'string' } } } };
    expect(decodeQueryParams(shape, params({ 'Names.member.1.Oops': 'x' }))).toEqual({ Names: [null] });
    expect(queryError(() => parseQueryInput(shape, params({ 'Names.member.1.Oops': 'x' }))).message).toBe(
      "1 validation error detected: Value null at 'names.1.member' failed to satisfy constraint: Member must not be null",
    );
  });

  it('flattened lists, with and without a member locationName', () => {
    const plain = { type: 'structure', members: { Item: { type: 'list', member: { type: 'string' }, flattened: true } } } as unknown as StructureShape;
    expect(decodeQueryParams(plain, params({ 'Item.1': 'a', 'Item.2': 'b' }))).toEqual({ Item: ['a', 'b'] });
    const renamed = { type: 'structure', members: { Items: { type: 'list', member: { type: 'string', locationName: 'Item' }, flattened: true } } } as unknown as StructureShape;
    expect(decodeQueryParams(renamed, params({ 'Item.1': 'a', 'Item.2': 'b' }))).toEqual({ Items: ['a', 'b'] });
  });

  it('a non-flattened list whose member has a locationName', () => {
    const shape = { type: 'structure', members: { Ids: { type: 'list', member: { type: 'string', locationName: 'Id' } } } } as unknown as StructureShape;
    expect(decodeQueryParams(shape, params({ 'Ids.Id.1': 'a' }))).toEqual({ Ids: ['a'] });
  });

  it('maps as Foo.entry.N.key / .value, and flattened maps', () => {
    const map: Shape = { type: 'map', key: { type: 'string' }, value: { type: 'integer' } };
    const shape: StructureShape = { type: 'structure', members: { Counts: map } };
    expect(
      decodeQueryParams(shape, params({ 'Counts.entry.1.key': 'Users', 'Counts.entry.1.value': '5', 'Counts.entry.2.key': 'Groups', 'Counts.entry.2.value': '0' })),
    ).toEqual({ Counts: { Users: 5, Groups: 0 } });
    expect(decodeQueryParams(shape, params({ Counts: '' }))).toEqual({ Counts: {} });
    const flat = { type: 'structure', members: { Attr: { ...map, flattened: true } } } as unknown as StructureShape;
    expect(decodeQueryParams(flat, params({ 'Attr.1.key': 'a', 'Attr.1.value': '1' }))).toEqual({ Attr: { a: 1 } });
  });

  it('a map key of __proto__ is an ordinary key', () => {
    const shape: StructureShape = { type: 'structure', members: { M: { type: 'map', key: { type: 'string' }, value: { type: 'string' } } } };
    const decoded = decodeQueryParams(shape, params({ 'M.entry.1.key': '__proto__', 'M.entry.1.value': 'x' }));
    expect(Object.getPrototypeOf(decoded.M)).toBe(Object.prototype);
    expect(Object.keys(decoded.M as object)).toEqual(['__proto__']);
  });

  it('nested structures by dotted path, and lists inside them', () => {
    const shape: StructureShape = {
      type: 'structure',
      members: {
        Outer: {
          type: 'structure',
          members: { Name: { type: 'string' }, Inner: { type: 'structure', members: { Flag: { type: 'boolean' }, Ids: { type: 'list', member: { type: 'string' } } } } },
        },
      },
    };
    expect(decodeQueryParams(shape, params({ 'Outer.Name': 'n', 'Outer.Inner.Flag': 'false', 'Outer.Inner.Ids.member.1': 'i' }))).toEqual({
      Outer: { Name: 'n', Inner: { Flag: false, Ids: ['i'] } },
    });
    expect(decodeQueryParams(shape, params({}))).toEqual({});
  });

  it('timestamps in ISO 8601, as epoch seconds for parseInput', () => {
    const shape: StructureShape = { type: 'structure', members: { At: { type: 'timestamp' } } };
    expect(decodeQueryParams(shape, params({ At: '2024-02-29T12:34:56Z' }))).toEqual({ At: Date.UTC(2024, 1, 29, 12, 34, 56) / 1000 });
    const parsed = parseQueryInput(shape, params({ At: '2024-02-29T12:34:56.789012Z' }));
    expect((parsed.At as Date).toISOString()).toBe('2024-02-29T12:34:56.789Z');
    expect(parseIso8601('2024-01-01T02:00:00+02:00')).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect(parseIso8601('2024-01-01T00:00:00-0130')).toBe(Date.UTC(2024, 0, 1, 1, 30) / 1000);
    for (const bad of ['2024-02-30T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00', '1700000000', '2024-13-01T00:00:00Z']) {
      expect(parseIso8601(bad)).toBeUndefined();
    }
  });

  it('blobs stay base64 for parseInput to decode', () => {
    const shape: StructureShape = { type: 'structure', members: { Data: { type: 'blob' } } };
    expect((parseQueryInput(shape, params({ Data: 'aGk=' })).Data as Buffer).toString()).toBe('hi');
  });

  it('unreadable scalars are ValidationErrors', () => {
    const shape: StructureShape = { type: 'structure', members: { N: { type: 'integer' }, B: { type: 'boolean' }, T: { type: 'timestamp' }, L: { type: 'long' } } };
    for (const [key, value] of [['N', 'abc'], ['N', '1.5'], ['N', '2147483648'], ['N', ''], ['B', 'yes'], ['T', 'yesterday'], ['L', '9007199254740993']]) {
      const error = queryError(() => parseQueryInput(shape, params({ [key!]: value! })));
      expect(error).toMatchObject({ code: 'ValidationError', status: 400 });
      expect(error.message).toContain(`Value '${value}' at '${key!.toLowerCase()}'`);
    }
    expect(parseQueryInput(shape, params({ N: '-2147483648', L: '-9007199254740991', B: 'TRUE' }))).toEqual({ N: -2147483648, L: -9007199254740991, B: true });
  });
});

describe('validation errors come out as ValidationError with the Coral message', () => {
  it('reports constraint violations with Coral paths', () => {
    const error = queryError(() => input(createUser, 'Action=CreateUser&Version=2010-05-08&UserName=bob%21&Tags.member.1.Key=&Tags.member.1.Value=v'));
    expect(error.code).toBe('ValidationError');
    expect(error.status).toBe(400);
    expect(error.type).toBe('Sender');
    expect(error.message).toBe(
      "3 validation errors detected: Value 'bob!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
  });

  it('a missing required member', () => {
    expect(queryError(() => input(createUser, 'Action=CreateUser&Version=2010-05-08')).message).toBe(
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('integer ranges', () => {
    expect(queryError(() => input(listUsers, 'MaxItems=0')).message).toBe(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});

/** botocore itself, when this machine has it: the request bodies it builds decode to the parameters it was given. */
function botocoreBodies(cases: { service: string; operation: string; params: unknown }[]): string[] | undefined {
  const script = `
import sys, json
import botocore.session
from botocore import serialize
from botocore.awsrequest import AWSRequest, prepare_request_dict
session = botocore.session.get_session()
out = []
for case in json.load(sys.stdin):
    om = session.get_service_model(case['service']).operation_model(case['operation'])
    req = serialize.create_serializer('query').serialize_to_request(case['params'], om)
    prepare_request_dict(req, endpoint_url='https://example.com')
    out.append(AWSRequest(method='POST', url='https://example.com', data=req['body'], headers=req['headers']).prepare().body)
print(json.dumps(out))
`;
  try {
    return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] })) as string[];
  } catch {
    return undefined;
  }
}

describe('botocore round trip (skipped without python3 + botocore)', () => {
  const cases = [
    { service: 'iam', operation: 'CreateUser', shape: createUser, params: { UserName: 'bob', Path: '/a&b=c+d%e 😀/', Tags: [{ Key: 'k', Value: 'ü ü_.:/=+-@' }, { Key: 'x', Value: '' }] } },
    { service: 'iam', operation: 'PutUserPolicy', shape: putUserPolicy, params: { UserName: 'bob', PolicyName: 'p', PolicyDocument: `{"Statement":[{"Sid":"a&b <c> 'd'","Effect":"Allow","Action":"*","Resource":"*"}]}\n` } },
    { service: 'iam', operation: 'ListUsers', shape: listUsers, params: { MaxItems: 1000, Marker: 'm+/=' } },
    { service: 'sts', operation: 'AssumeRole', shape: assumeRole, params: { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'sess', TransitiveTagKeys: [], PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/A' }, { arn: 'arn:aws:iam::aws:policy/B' }] } },
    { service: 'iam', operation: 'UpdateAccountPasswordPolicy', shape: passwordPolicy, params: { RequireSymbols: false, MinimumPasswordLength: 6 } },
  ];
  const bodies = botocoreBodies(cases);

  it.skipIf(bodies === undefined)('decodes what botocore serializes', () => {
    cases.forEach((c, i) => {
      const request = parseQueryRequest(bodies![i]!);
      expect(request.action).toBe(c.operation);
      expect(request.version).toBe(c.service === 'iam' ? '2010-05-08' : '2011-06-15');
      expect(parseQueryInput(c.shape, request.params)).toEqual(c.params);
    });
  });
});
