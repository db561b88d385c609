/** LookupEvents: the 8 lookup attributes, the time window, its errors, and paging that holds still while events arrive. */
import { LookupEventsCommand, paginateLookupEvents, type Event, type LookupAttributeKey, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { AuditClients, lookupAll, recordOf, type Creds } from './audit-support.js';

let coffer: TestCoffer;
let clients: AuditClients;
let bob: Creds;
let oneArn: string;
let clockArn: string;
let offsetMs = 0;
/** Every event there was once setup was done, newest first. */
let snapshot: Event[];

beforeAll(async () => {
  coffer = await startTestCoffer({ now: () => Date.now() + offsetMs });
  clients = new AuditClients(coffer);
  const sm = clients.sm();
  oneArn = (await sm.send(new CreateSecretCommand({ Name: 'app/one', SecretString: 'one-value' }))).ARN!;
  await sm.send(new CreateSecretCommand({ Name: 'app/two', SecretString: 'two-value' }));
  bob = await clients.user('bob', [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: oneArn }]);
  const asBob = clients.sm(bob);
  await asBob.send(new GetSecretValueCommand({ SecretId: 'app/one' }));
  await asBob.send(new GetSecretValueCommand({ SecretId: oneArn }));
  await awsError(() => asBob.send(new GetSecretValueCommand({ SecretId: 'app/two' })));
  for (let i = 0; i < 40; i++) await sm.send(new DescribeSecretCommand({ SecretId: 'app/two' }));
  // Three reads of one secret, each 10 s of server time after the one before.
  clockArn = (await sm.send(new CreateSecretCommand({ Name: 'clock', SecretString: 'c' }))).ARN!;
  for (let i = 0; i < 3; i++) {
    offsetMs += 10_000;
    await sm.send(new DescribeSecretCommand({ SecretId: 'clock' }));
  }
  snapshot = await lookupAll(clients.trail());
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

const only = (key: LookupAttributeKey, value: string): LookupEventsCommandInput => ({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] });

describe('the events LookupEvents returns', () => {
  it('agree with the CloudTrail record each one carries, newest first', () => {
    expect(snapshot.length).toBeGreaterThan(50);
    for (const event of snapshot) {
      const record = recordOf(event);
      expect(event.EventId).toBe(record.eventID);
      expect(event.EventName).toBe(record.eventName);
      expect(event.EventSource).toBe(record.eventSource);
      expect(event.ReadOnly).toBe(String(record.readOnly));
      expect(event.AccessKeyId).toBe(record.userIdentity.accessKeyId);
      expect(event.EventTime!.toISOString().replace('.000Z', 'Z')).toBe(record.eventTime);
      expect(event.Resources).toEqual((record.resources ?? []).map((r: { type: string; ARN: string }) => ({ ResourceType: r.type, ResourceName: r.ARN })));
    }
    const times = snapshot.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(snapshot.map((e) => e.EventId)).size).toBe(snapshot.length);
  });
});

describe('lookup attributes', () => {
  /**
   * The events a filter finds are exactly those of the snapshot that match, plus only LookupEvents calls made since
   * (this suite's own reads), which must match too.
   */
  async function expectFilter(key: LookupAttributeKey, value: string, matches: (e: Event) => boolean): Promise<Event[]> {
    const found = await lookupAll(clients.trail(), only(key, value));
    const known = new Set(snapshot.map((e) => e.EventId));
    const expected = snapshot.filter(matches).map((e) => e.EventId);
    expect(found.filter((e) => known.has(e.EventId)).map((e) => e.EventId)).toEqual(expected);
    for (const e of found) {
      expect(matches(e)).toBe(true);
      if (!known.has(e.EventId)) expect(e.EventName).toBe('LookupEvents');
    }
    return found;
  }
  /** The filter found some of the events setup made, not all. */
  const someButNotAll = (found: Event[]) => {
    const fromSnapshot = found.filter((e) => snapshot.some((s) => s.EventId === e.EventId));
    expect(fromSnapshot.length).toBeGreaterThan(0);
    expect(fromSnapshot.length).toBeLessThan(snapshot.length);
  };

  it('EventId finds that one event', async () => {
    const target = snapshot[7]!;
    expect(await expectFilter('EventId', target.EventId!, (e) => e.EventId === target.EventId)).toHaveLength(1);
  });

  it('EventName', async () => {
    const found = await expectFilter('EventName', 'GetSecretValue', (e) => e.EventName === 'GetSecretValue');
    expect(found).toHaveLength(3);
  });

  it('ReadOnly true and false split the trail; any other value matches nothing', async () => {
    const reads = await expectFilter('ReadOnly', 'true', (e) => e.ReadOnly === 'true');
    const writes = await expectFilter('ReadOnly', 'false', (e) => e.ReadOnly === 'false');
    someButNotAll(reads);
    someButNotAll(writes);
    expect(writes.map((e) => e.EventName)).toContain('CreateSecret');
    expect(reads.map((e) => e.EventName)).toContain('DescribeSecret');
    expect((await clients.trail().send(new LookupEventsCommand(only('ReadOnly', 'TRUE')))).Events).toEqual([]);
    expect((await clients.trail().send(new LookupEventsCommand(only('ReadOnly', 'no')))).Events).toEqual([]);
  });

  it('Username (exact, case-sensitive)', async () => {
    const found = await expectFilter('Username', 'bob', (e) => e.Username === 'bob');
    expect(found.map((e) => e.EventName)).toEqual(['GetSecretValue', 'GetSecretValue', 'GetSecretValue']);
    someButNotAll(await expectFilter('Username', 'root', (e) => e.Username === 'root'));
    expect((await clients.trail().send(new LookupEventsCommand(only('Username', 'BOB')))).Events).toEqual([]);
  });

  it('ResourceType', async () => {
    someButNotAll(await expectFilter('ResourceType', 'AWS::SecretsManager::Secret', (e) => e.Resources!.some((r) => r.ResourceType === 'AWS::SecretsManager::Secret')));
    const users = await expectFilter('ResourceType', 'AWS::IAM::User', (e) => e.Resources!.some((r) => r.ResourceType === 'AWS::IAM::User'));
    expect(users.map((e) => e.EventName)).toEqual(['CreateAccessKey', 'PutUserPolicy', 'CreateUser']);
  });

  it('ResourceName (the secret ARN a call resolved to)', async () => {
    const found = await expectFilter('ResourceName', oneArn, (e) => e.Resources!.some((r) => r.ResourceName === oneArn));
    expect(found.map((e) => e.EventName)).toEqual(['GetSecretValue', 'GetSecretValue', 'CreateSecret']);
  });

  it('EventSource', async () => {
    const iam = await expectFilter('EventSource', 'iam.amazonaws.com', (e) => e.EventSource === 'iam.amazonaws.com');
    expect(iam.map((e) => e.EventName)).toEqual(['CreateAccessKey', 'PutUserPolicy', 'CreateUser']);
    someButNotAll(await expectFilter('EventSource', 'secretsmanager.amazonaws.com', (e) => e.EventSource === 'secretsmanager.amazonaws.com'));
  });

  it('AccessKeyId', async () => {
    const found = await expectFilter('AccessKeyId', bob.accessKeyId, (e) => e.AccessKeyId === bob.accessKeyId);
    expect(found).toHaveLength(3);
    expect(found.map((e) => recordOf(e).errorCode)).toEqual(['AccessDeniedException', undefined, undefined]);
  });

  it('a value nothing has finds nothing', async () => {
    expect((await clients.trail().send(new LookupEventsCommand(only('EventName', 'NoSuchCall')))).Events).toEqual([]);
  });
});

describe('the time window', () => {
  const clockEvents = (window: { StartTime?: Date; EndTime?: Date }) =>
    lookupAll(clients.trail(), { ...only('ResourceName', clockArn), ...window }).then((events) => events.map((e) => e.EventTime!.getTime()));

  it('StartTime and EndTime are inclusive, to the second an event shows', async () => {
    const all = await clockEvents({});
    expect(all).toHaveLength(4);
    const [third, second, first, created] = all as [number, number, number, number];
    expect(third - second).toBeGreaterThanOrEqual(9_000);
    expect(second - first).toBeGreaterThanOrEqual(9_000);
    expect(await clockEvents({ StartTime: new Date(second), EndTime: new Date(second) })).toEqual([second]);
    expect(await clockEvents({ StartTime: new Date(second) })).toEqual([third, second]);
    expect(await clockEvents({ EndTime: new Date(second) })).toEqual([second, first, created]);
    expect(await clockEvents({ StartTime: new Date(first + 1_000), EndTime: new Date(third - 1_000) })).toEqual([second]);
    expect(await clockEvents({ StartTime: new Date(third + 1_000) })).toEqual([]);
  });
});

describe('errors', () => {
  const lookup = (input: LookupEventsCommandInput) => awsError(() => clients.trail().send(new LookupEventsCommand(input)));

  it('MaxResults outside 1..50 is InvalidMaxResultsException; 50 is allowed', async () => {
    for (const MaxResults of [0, 51, 1000]) {
      expect(await lookup({ MaxResults })).toEqual({
        name: 'InvalidMaxResultsException',
        message: 'Value for MaxResults is invalid. It must be between 1 and 50.',
        status: 400,
      });
    }
    expect((await clients.trail().send(new LookupEventsCommand({ MaxResults: 50 }))).Events).toHaveLength(50);
    const byDefault = await clients.trail().send(new LookupEventsCommand({}));
    expect(byDefault.Events).toHaveLength(50);
    expect(byDefault.NextToken).toEqual(expect.any(String));
    expect((await clients.trail().send(new LookupEventsCommand({ MaxResults: 1 }))).Events).toHaveLength(1);
  });

  it('two lookup attributes are InvalidLookupAttributesException', async () => {
    const two = { LookupAttributes: [...only('EventName', 'GetSecretValue').LookupAttributes!, ...only('Username', 'bob').LookupAttributes!] };
    expect(await lookup(two)).toEqual({ name: 'InvalidLookupAttributesException', message: 'You cannot specify more than one lookup attribute.', status: 400 });
  });

  it('a start after the end is InvalidTimeRangeException', async () => {
    expect(await lookup({ StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) })).toEqual({
      name: 'InvalidTimeRangeException',
      message: 'Start time should not be after end time.',
      status: 400,
    });
  });

  it('a NextToken used with other parameters, or made up, is InvalidNextTokenException', async () => {
    const first = await clients.trail().send(new LookupEventsCommand({ ...only('EventSource', 'secretsmanager.amazonaws.com'), MaxResults: 2 }));
    const token = first.NextToken!;
    expect(token).toEqual(expect.any(String));
    const invalid = {
      name: 'InvalidNextTokenException',
      message: 'Invalid NextToken. The NextToken must be used with the same parameters as the request that returned it.',
      status: 400,
    };
    expect(await lookup({ ...only('EventSource', 'iam.amazonaws.com'), NextToken: token })).toEqual(invalid);
    expect(await lookup({ ...only('EventName', 'secretsmanager.amazonaws.com'), NextToken: token })).toEqual(invalid);
    expect(await lookup({ NextToken: token })).toEqual(invalid);
    expect(await lookup({ ...only('EventSource', 'secretsmanager.amazonaws.com'), StartTime: new Date(0), NextToken: token })).toEqual(invalid);
    expect(await lookup({ NextToken: 'not-a-token' })).toEqual(invalid);
    // The same query may go on with another page size.
    const next = await clients.trail().send(new LookupEventsCommand({ ...only('EventSource', 'secretsmanager.amazonaws.com'), MaxResults: 3, NextToken: token }));
    expect(next.Events).toHaveLength(3);
    expect(next.Events![0]!.EventTime!.getTime()).toBeLessThanOrEqual(first.Events![1]!.EventTime!.getTime());
  });

  it('an attribute key outside the enum fails validation; an EventCategory other than insight is InvalidEventCategoryException', async () => {
    const badKey = await lookup({ LookupAttributes: [{ AttributeKey: 'Region' as LookupAttributeKey, AttributeValue: 'x' }] });
    expect(badKey).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(badKey.message).toBe(
      "1 validation error detected: Value 'Region' at 'lookupAttributes.1.member.attributeKey' failed to satisfy constraint: Member must satisfy enum value set: [EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId]",
    );
    expect(await lookup({ EventCategory: 'management' as 'insight' })).toEqual({
      name: 'InvalidEventCategoryException',
      message: 'The only valid event category is insight.',
      status: 400,
    });
    expect((await clients.trail().send(new LookupEventsCommand({ EventCategory: 'insight' }))).Events).toEqual([]);
  });
});

describe('pagination', () => {
  /**
   * Pages through `input` with the SDK paginator while, between pages, other clients keep creating events that match
   * the same query: every event that existed when paging began is visited exactly once, and none of the new ones.
   */
  async function pageWhileEventsArrive(input: LookupEventsCommandInput, pageSize: number) {
    const existing = await lookupAll(clients.trail(), input);
    const churnRequestIds = new Set<string>();
    const others = [clients.sm(), clients.sm(bob)];
    const visited: Event[] = [];
    const pageSizes: number[] = [];
    for await (const page of paginateLookupEvents({ client: clients.trail(), pageSize }, { ...input })) {
      visited.push(...page.Events!);
      pageSizes.push(page.Events!.length);
      for (const sm of others) {
        const out = await Promise.all([
          sm.send(new GetSecretValueCommand({ SecretId: 'app/one' })),
          sm.send(new GetSecretValueCommand({ SecretId: 'app/one' })),
        ]);
        for (const o of out) churnRequestIds.add(o.$metadata.requestId!);
      }
    }
    return { existing, visited, pageSizes, churnRequestIds };
  }

  it('visits every event exactly once, newest first, while new events arrive between pages', async () => {
    const { existing, visited, pageSizes, churnRequestIds } = await pageWhileEventsArrive({}, 7);
    const ids = visited.map((e) => e.EventId);
    expect(new Set(ids).size).toBe(ids.length);
    const visitedIds = new Set(ids);
    for (const e of existing) expect(visitedIds.has(e.EventId)).toBe(true);
    // Beyond what existed: only the LookupEvents calls that read `existing` (one per page), made before paging began.
    const extra = visited.filter((e) => !existing.some((x) => x.EventId === e.EventId));
    expect(extra.map((e) => e.EventName)).toEqual(Array(Math.max(1, Math.ceil(existing.length / 50))).fill('LookupEvents'));
    for (const e of visited) expect(churnRequestIds.has(recordOf(e).requestID)).toBe(false);
    expect(churnRequestIds.size).toBe(4 * pageSizes.length);
    expect(pageSizes.slice(0, -1).every((n) => n === 7)).toBe(true);
    expect(pageSizes.length).toBe(Math.ceil(visited.length / 7));
    const times = visited.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('holds for a filtered query whose new events match the filter too', async () => {
    const filter = only('EventName', 'GetSecretValue');
    const { existing, visited, churnRequestIds } = await pageWhileEventsArrive(filter, 3);
    expect(existing.length).toBeGreaterThan(6);
    expect(visited.map((e) => e.EventId)).toEqual(existing.map((e) => e.EventId));
    for (const e of visited) expect(churnRequestIds.has(recordOf(e).requestID)).toBe(false);
    // The new events are there for the next query.
    const after = await lookupAll(clients.trail(), filter);
    expect(after.length).toBe(existing.length + churnRequestIds.size);
  });
});
