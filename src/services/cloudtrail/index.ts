/** CloudTrail (awsJson1_1, signing name `cloudtrail`): LookupEvents over Coffer's own audit trail. */
import { AwsError } from '../../protocol/errors.js';
import type { Store } from '../../storage/store.js';
import { ANY_RESOURCE, defineOperation, type Operation } from '../operation.js';
import { lookupEvents, type LookupAttributeKey } from '../../domain/audit/lookup.js';

export interface CloudTrailDeps {
  store: Store;
}

interface LookupEventsInput {
  LookupAttributes?: { AttributeKey: LookupAttributeKey; AttributeValue: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;

export const lookupEventsOperation = defineOperation<LookupEventsInput, CloudTrailDeps>({
  name: 'LookupEvents',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: {
    type: 'structure',
    members: {
      LookupAttributes: {
        type: 'list',
        member: {
          type: 'structure',
          members: {
            AttributeKey: { type: 'string', enum: ATTRIBUTE_KEYS, required: true },
            AttributeValue: { type: 'string', min: 1, max: 2000, required: true },
          },
        },
      },
      StartTime: { type: 'timestamp' },
      EndTime: { type: 'timestamp' },
      // Checked by the operation: AWS answers an unknown category with InvalidEventCategoryException.
      EventCategory: { type: 'string' },
      MaxResults: { type: 'integer' },
      NextToken: { type: 'string' },
    },
  },
  async handle(input, ctx, { store }) {
    if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
      throw new AwsError('InvalidEventCategoryException', 'The only valid event category is insight.');
    }
    // Coffer has no Insights events.
    if (input.EventCategory === 'insight') return { Events: [] };
    const page = await lookupEvents(store, {
      region: ctx.scope.region,
      attributes: input.LookupAttributes?.map((a) => ({ key: a.AttributeKey, value: a.AttributeValue })),
      startTime: input.StartTime?.getTime(),
      endTime: input.EndTime?.getTime(),
      maxResults: input.MaxResults,
      nextToken: input.NextToken,
    });
    const out: Record<string, unknown> = {
      Events: page.events.map((e) => {
        const event: Record<string, unknown> = {
          EventId: e.eventId,
          EventName: e.eventName,
          ReadOnly: String(e.readOnly),
          EventTime: Math.floor(e.eventTime / 1000),
          EventSource: e.eventSource,
          Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
          CloudTrailEvent: e.json,
        };
        if (e.accessKeyId !== undefined) event.AccessKeyId = e.accessKeyId;
        if (e.username !== undefined) event.Username = e.username;
        return event;
      }),
    };
    if (page.nextToken !== undefined) out.NextToken = page.nextToken;
    return out;
  },
});

export const CLOUDTRAIL_OPERATIONS: readonly Operation<CloudTrailDeps>[] = [lookupEventsOperation];

export const CLOUDTRAIL = {
  targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
  signingName: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
} as const;

/**
 * The same service under the Smithy service name alone: AWS accepts both targets, and the AWS SDK for JavaScript v3
 * sends `X-Amz-Target: CloudTrail_20131101.LookupEvents` where botocore (CLI, boto3) sends the long form.
 */
export const CLOUDTRAIL_SHORT_TARGET_PREFIX = 'CloudTrail_20131101';
