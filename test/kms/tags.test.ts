/** KMS key tags through the real KMS client: TagResource, UntagResource, ListResourceTags, and tags at CreateKey. */
import {
  CreateKeyCommand,
  KMSClient,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { Clients, keyArnOf } from './kms-support.js';

let coffer: TestCoffer;
let clients: Clients;
let kms: KMSClient;

beforeAll(async () => {
  coffer = await startTestCoffer();
  clients = new Clients(coffer);
  kms = clients.kms();
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

const tagsOf = async (keyId: string) => (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags;

describe('key tags', () => {
  it('tags at creation, adds and replaces with TagResource, removes with UntagResource', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'env', TagValue: 'prod' }] }));
    const keyId = KeyMetadata!.KeyId!;
    expect(await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).toMatchObject({
      Tags: [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'payments' }],
      Truncated: false,
    });
    await kms.send(new TagResourceCommand({ KeyId: keyArnOf(keyId), Tags: [{ TagKey: 'env', TagValue: 'staging' }, { TagKey: 'cost', TagValue: '' }] }));
    expect(await tagsOf(keyId)).toEqual([
      { TagKey: 'cost', TagValue: '' },
      { TagKey: 'env', TagValue: 'staging' },
      { TagKey: 'team', TagValue: 'payments' },
    ]);
    await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team', 'not-there'] }));
    expect(await tagsOf(keyId)).toEqual([
      { TagKey: 'cost', TagValue: '' },
      { TagKey: 'env', TagValue: 'staging' },
    ]);
  });

  it('pages ListResourceTags', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: ['a', 'b', 'c'].map((k) => ({ TagKey: k, TagValue: k.toUpperCase() })) }));
    const first = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 2 }));
    expect([first.Tags!.map((t) => t.TagKey), first.Truncated]).toEqual([['a', 'b'], true]);
    const rest = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 2, Marker: first.NextMarker }));
    expect([rest.Tags!.map((t) => t.TagKey), rest.Truncated, rest.NextMarker]).toEqual([['c'], false, undefined]);
  });

  it('refuses aws: tag keys, more than 50 tags, and tags on a key pending deletion', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const reserved = { name: 'TagException', message: 'Tags beginning with aws: are reserved', status: 400 };
    expect(await awsError(() => kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] })))).toEqual(reserved);
    expect(await awsError(() => kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'AWS:owner', TagValue: 'x' }] })))).toEqual(reserved);

    const fifty = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: fifty }));
    const tooMany = { name: 'TagException', message: 'Too many tags. A KMS key can have at most 50 tags.', status: 400 };
    expect(await awsError(() => kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'one-more', TagValue: 'v' }] })))).toEqual(tooMany);
    expect(await awsError(() => kms.send(new CreateKeyCommand({ Tags: [...fifty, { TagKey: 'one-more', TagValue: 'v' }] })))).toEqual(tooMany);

    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const pending = { name: 'KMSInvalidStateException', message: `${keyArnOf(keyId)} is pending deletion.`, status: 400 };
    expect(await awsError(() => kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'x', TagValue: 'y' }] })))).toEqual(pending);
    expect(await awsError(() => kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['k1'] })))).toEqual(pending);
    expect((await tagsOf(keyId))!.length).toBe(50);
  });

  it('validates tag shapes as the model does', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const long = 'k'.repeat(129);
    expect(await awsError(() => kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: long, TagValue: 'v' }] })))).toEqual({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
      status: 400,
    });
  });
});
