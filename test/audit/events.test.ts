/** What one call leaves in the trail, read back through LookupEvents: who, from where, on what — never the value. */
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  RestoreSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { signedRequest } from '../support/raw.js';
import { ACCOUNT, AuditClients, lookupAll, onlyEvent, recordOf, type Creds } from './audit-support.js';

let coffer: TestCoffer;
let clients: AuditClients;
let alice: Creds;
let prodDbArn: string;
const VALUE = 'audit-events-value-7f3c1e';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/prod-reader`;
const readProd = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' };

beforeAll(async () => {
  coffer = await startTestCoffer();
  clients = new AuditClients(coffer);
  const sm = clients.sm();
  prodDbArn = (await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: VALUE }))).ARN!;
  await sm.send(new CreateSecretCommand({ Name: 'dev/db', SecretString: VALUE }));
  alice = await clients.user('alice', [readProd]);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' }] };
  await clients.iam().send(new CreateRoleCommand({ RoleName: 'prod-reader', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [readProd] });
  await clients.iam().send(new PutRolePolicyCommand({ RoleName: 'prod-reader', PolicyName: 'read', PolicyDocument: policy }));
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

describe('an allowed GetSecretValue by an IAM user', () => {
  it('is found by its access key with the user, the secret ARN and the full CloudTrail record, without the value', async () => {
    const before = Date.now();
    const got = await clients.sm(alice, 'audit-test/1.0').send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    expect(got.SecretString).toBe(VALUE);
    const event = await onlyEvent(clients.trail(), alice.accessKeyId, 'GetSecretValue');
    expect(event).toMatchObject({
      EventName: 'GetSecretValue',
      EventSource: 'secretsmanager.amazonaws.com',
      ReadOnly: 'true',
      Username: 'alice',
      AccessKeyId: alice.accessKeyId,
      Resources: [{ ResourceType: 'AWS::SecretsManager::Secret', ResourceName: prodDbArn }],
    });
    expect(event.EventTime!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(event.EventTime!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(event.CloudTrailEvent).not.toContain(VALUE);

    const record = recordOf(event);
    expect(record.userIdentity).toEqual({
      type: 'IAMUser',
      principalId: expect.stringMatching(/^AIDA[A-Z0-9]{17}$/),
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: alice.accessKeyId,
      userName: 'alice',
    });
    expect(record).toMatchObject({
      eventVersion: '1.11',
      eventTime: event.EventTime!.toISOString().replace('.000Z', 'Z'),
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: expect.stringContaining('audit-test/1.0'),
      requestParameters: { secretId: 'prod/db' },
      responseElements: null,
      requestID: got.$metadata.requestId,
      eventID: event.EventId,
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::SecretsManager::Secret', ARN: prodDbArn }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    expect(record).not.toHaveProperty('errorCode');
    expect(record.userAgent).toMatch(/^aws-sdk-js\//);
    // A UUID as CloudTrail's, time-ordered (version 7) so the lookup index grows at one end.
    expect(record.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('calls that fail still leave one event', () => {
  it('a denied call records AccessDeniedException with the message the caller got', async () => {
    const bob = await clients.user('bob');
    const denied = await awsError(() => clients.sm(bob).send(new GetSecretValueCommand({ SecretId: 'prod/db' })));
    expect(denied.name).toBe('AccessDeniedException');
    const record = recordOf(await onlyEvent(clients.trail(), bob.accessKeyId, 'GetSecretValue'));
    expect(record).toMatchObject({
      errorCode: 'AccessDeniedException',
      errorMessage: denied.message,
      userIdentity: { type: 'IAMUser', userName: 'bob', accessKeyId: bob.accessKeyId },
      requestParameters: { secretId: 'prod/db' },
      responseElements: null,
      eventType: 'AwsApiCall',
    });
    expect(denied.message).toContain(`arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: secretsmanager:GetSecretValue`);
  });

  it('an unknown access key records UnrecognizedClientException for an Unknown identity', async () => {
    const stranger = { accessKeyId: 'AKIAUNKNOWNAUDIT0001', secretAccessKey: 'not-a-real-secret-key-000000000000000000' };
    const refused = await awsError(() => clients.sm(stranger).send(new GetSecretValueCommand({ SecretId: 'prod/db' })));
    expect(refused).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    const event = await onlyEvent(clients.trail(), stranger.accessKeyId, 'GetSecretValue');
    expect(event.Username).toBeUndefined();
    const record = recordOf(event);
    expect(record.userIdentity).toEqual({ type: 'Unknown', accessKeyId: stranger.accessKeyId });
    expect(record).toMatchObject({ errorCode: 'UnrecognizedClientException', errorMessage: refused.message, sourceIPAddress: '127.0.0.1' });
    expect(event.CloudTrailEvent).not.toContain(stranger.secretAccessKey);
  });

  it('a validation failure records ValidationException with its message', async () => {
    const invalid = await awsError(() => clients.sm(alice).send(new GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: '' })));
    expect(invalid.name).toBe('ValidationException');
    const events = (await lookupAll(clients.trail(), { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: alice.accessKeyId }] })).filter(
      (e) => recordOf(e).errorCode === 'ValidationException',
    );
    expect(events).toHaveLength(1);
    expect(recordOf(events[0]!)).toMatchObject({ eventName: 'GetSecretValue', errorMessage: invalid.message, userIdentity: { userName: 'alice' } });
  });

  it('a target no service answers is recorded under the service its signature names', async () => {
    const stranger = { accessKeyId: 'AKIAUNKNOWNTARGET001', secretAccessKey: 'x'.repeat(40) };
    const response = await signedRequest({ endpoint: coffer.endpoint, ...stranger, target: 'NoSuchService.DoThing' });
    expect(response.json).toMatchObject({ __type: 'UnknownOperationException' });
    const record = recordOf(await onlyEvent(clients.trail(), stranger.accessKeyId, 'DoThing'));
    expect(record).toMatchObject({
      eventSource: 'secretsmanager.amazonaws.com',
      errorCode: 'UnknownOperationException',
      userIdentity: { type: 'Unknown', accessKeyId: stranger.accessKeyId },
      requestParameters: null,
    });
  });
});

describe('an assumed-role session', () => {
  it('records the session as the identity, with the role as sessionIssuer, and the session name as Username', async () => {
    const assumed = await clients.sts(alice).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'audit-session' }));
    const session: Creds = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    await clients.sm(session).send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    const event = await onlyEvent(clients.trail(), session.accessKeyId, 'GetSecretValue');
    expect(event).toMatchObject({ Username: 'audit-session', AccessKeyId: session.accessKeyId });
    const record = recordOf(event);
    const roleId = assumed.AssumedRoleUser!.AssumedRoleId!.split(':')[0];
    expect(record.userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: `${roleId}:audit-session`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/prod-reader/audit-session`,
      accountId: ACCOUNT,
      accessKeyId: session.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: ROLE_ARN, accountId: ACCOUNT, userName: 'prod-reader' },
        attributes: { creationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), mfaAuthenticated: 'false' },
      },
    });
    expect(roleId).toMatch(/^AROA[A-Z0-9]{17}$/);

    const assumeEvent = await onlyEvent(clients.trail(), alice.accessKeyId, 'AssumeRole');
    expect(assumeEvent).toMatchObject({ EventSource: 'sts.amazonaws.com', Resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: ROLE_ARN }] });
    expect(recordOf(assumeEvent).requestParameters).toEqual({ roleArn: ROLE_ARN, roleSessionName: 'audit-session' });
  });
});

describe('service events', () => {
  const serviceEvents = async (arn: string) =>
    (await lookupAll(clients.trail(), { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn }] })).map((e) => e.EventName);

  it('DeleteSecret starts a version delete, RestoreSecret cancels it, a forced delete ends it', async () => {
    const sm = clients.sm();
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'to-delete', SecretString: VALUE }))).ARN!;
    await sm.send(new DeleteSecretCommand({ SecretId: 'to-delete', RecoveryWindowInDays: 7 }));
    await sm.send(new RestoreSecretCommand({ SecretId: 'to-delete' }));
    await sm.send(new DeleteSecretCommand({ SecretId: 'to-delete', ForceDeleteWithoutRecovery: true }));
    expect(await serviceEvents(arn)).toEqual([
      'EndSecretVersionDelete',
      'StartSecretVersionDelete',
      'DeleteSecret',
      'CancelSecretVersionDelete',
      'RestoreSecret',
      'StartSecretVersionDelete',
      'DeleteSecret',
      'CreateSecret',
    ]);
    const start = (await lookupAll(clients.trail(), { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StartSecretVersionDelete' }] }))[0]!;
    expect(start).toMatchObject({ EventSource: 'secretsmanager.amazonaws.com', ReadOnly: 'false', Resources: [{ ResourceType: 'AWS::SecretsManager::Secret', ResourceName: arn }] });
    expect(start.Username).toBeUndefined();
    expect(start.AccessKeyId).toBeUndefined();
    const record = recordOf(start);
    expect(record).toMatchObject({
      eventVersion: '1.11',
      userIdentity: { accountId: ACCOUNT, invokedBy: 'secretsmanager.amazonaws.com' },
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'StartSecretVersionDelete',
      awsRegion: 'us-east-1',
      sourceIPAddress: 'secretsmanager.amazonaws.com',
      userAgent: 'secretsmanager.amazonaws.com',
      requestParameters: null,
      responseElements: null,
      readOnly: false,
      resources: [{ accountId: ACCOUNT, type: 'AWS::SecretsManager::Secret', ARN: arn }],
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
    });
    expect(record.eventID).toBe(start.EventId);
  });

  it('the purge task ends the deletion when the recovery window has passed', async () => {
    let offsetMs = 0;
    const clocked = await startTestCoffer({ now: () => Date.now() + offsetMs, purgeIntervalMs: 100 });
    const own = new AuditClients(clocked);
    try {
      const arn = (await own.sm().send(new CreateSecretCommand({ Name: 'purged', SecretString: VALUE }))).ARN!;
      await own.sm().send(new DeleteSecretCommand({ SecretId: 'purged', RecoveryWindowInDays: 7 }));
      offsetMs = 8 * 86_400_000;
      let names: (string | undefined)[] = [];
      for (let attempt = 0; attempt < 50 && !names.includes('EndSecretVersionDelete'); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        // The server's clock runs 8 days ahead now: requests are signed for its time. A fresh client each time, since
        // the SDK resets its clock offset from the Date header of every response (which is the real time).
        const trail = own.trail(undefined, { clockOffsetMs: offsetMs });
        names = (await lookupAll(trail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn }] })).map((e) => e.EventName);
      }
      expect(names).toEqual(['EndSecretVersionDelete', 'StartSecretVersionDelete', 'DeleteSecret', 'CreateSecret']);
    } finally {
      own.destroy();
      await clocked.destroy();
    }
  });
});
