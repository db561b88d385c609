/** Clients for a test Coffer under any credentials, IAM users made for a test, and reading the whole trail back. */
import { CloudTrailClient, paginateLookupEvents, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import type { TestCoffer } from '../support/coffer.js';

export const ACCOUNT = '000000000000';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface ClientOptions {
  userAgent?: string;
  /** For a server whose clock runs ahead: requests are signed for its time. */
  clockOffsetMs?: number;
}

type ClientClass<T> = new (config: {
  endpoint: string;
  region: string;
  credentials: Creds;
  maxAttempts: number;
  customUserAgent?: string;
  systemClockOffset?: number;
}) => T;

export class AuditClients {
  private readonly made: { destroy(): void }[] = [];

  constructor(private readonly coffer: TestCoffer) {}

  sm(credentials?: Creds, userAgent?: string): SecretsManagerClient {
    return this.make(SecretsManagerClient, credentials, { userAgent });
  }

  iam(credentials?: Creds): IAMClient {
    return this.make(IAMClient, credentials);
  }

  sts(credentials?: Creds): STSClient {
    return this.make(STSClient, credentials);
  }

  kms(credentials?: Creds): KMSClient {
    return this.make(KMSClient, credentials);
  }

  trail(credentials?: Creds, options: ClientOptions = {}): CloudTrailClient {
    return this.make(CloudTrailClient, credentials, options);
  }

  /** An IAM user with an access key and, optionally, one inline policy. */
  async user(name: string, statements?: object[]): Promise<Creds> {
    const iam = this.iam();
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (statements) {
      const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }));
    }
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }

  destroy(): void {
    for (const c of this.made) c.destroy();
  }

  private make<T extends { destroy(): void }>(make: ClientClass<T>, credentials: Creds = this.coffer.rootCredentials, options: ClientOptions = {}): T {
    const client = new make({
      endpoint: this.coffer.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      ...(options.userAgent ? { customUserAgent: options.userAgent } : {}),
      ...(options.clockOffsetMs ? { systemClockOffset: options.clockOffsetMs } : {}),
    });
    this.made.push(client);
    return client;
  }
}

/** Every event the query finds, through the SDK paginator, newest first. */
export async function lookupAll(trail: CloudTrailClient, input: LookupEventsCommandInput = {}, pageSize?: number): Promise<Event[]> {
  const events: Event[] = [];
  // A copy: the paginator writes each NextToken into the input object it is given.
  for await (const page of paginateLookupEvents({ client: trail, ...(pageSize ? { pageSize } : {}) }, { ...input })) events.push(...(page.Events ?? []));
  return events;
}

/** The CloudTrail record inside a LookupEvents event. */
export function recordOf(event: Event): Record<string, any> {
  return JSON.parse(event.CloudTrailEvent!) as Record<string, any>;
}

/** The only event of one access key with this name (fails if there is not exactly one). */
export async function onlyEvent(trail: CloudTrailClient, accessKeyId: string, eventName: string): Promise<Event> {
  const events = (await lookupAll(trail, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }] })).filter(
    (e) => e.EventName === eventName,
  );
  if (events.length !== 1) throw new Error(`expected one ${eventName} event of ${accessKeyId}, found ${events.length}`);
  return events[0]!;
}
