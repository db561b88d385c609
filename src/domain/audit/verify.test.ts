import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from './chain.js';
import { verifyChain, type ChainEvent } from './verify.js';

function chain(n: number): ChainEvent[] {
  const events: ChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const json = JSON.stringify({ eventID: `e${i}`, eventName: 'GetSecretValue', n: i });
    const hash = chainHash(prev, json);
    events.push({ seq: i * 10, eventId: `e${i}`, json, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('verifyChain', () => {
  it('an intact chain has no problems; an empty one neither', () => {
    expect(verifyChain('us-east-1', chain(6), GENESIS_HASH)).toEqual([]);
    expect(verifyChain('us-east-1', [], GENESIS_HASH)).toEqual([]);
  });

  it('an edited event is named as altered, and only it', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, json: events[2]!.json.replace('GetSecretValue', 'DescribeSecret') };
    const problems = verifyChain('us-east-1', events, GENESIS_HASH);
    expect(problems).toEqual([expect.objectContaining({ kind: 'altered', seq: 30, eventId: 'e3' })]);
  });

  it('an edited event whose hash was recomputed breaks the link to the next one', () => {
    const events = chain(5);
    const json = events[2]!.json.replace('GetSecretValue', 'DescribeSecret');
    events[2] = { ...events[2]!, json, hash: chainHash(events[2]!.prevHash, json) };
    expect(verifyChain('us-east-1', events, GENESIS_HASH)[0]).toMatchObject({ kind: 'deleted', seq: 40 });
  });

  it('a deleted event is reported at the event after the gap', () => {
    const events = chain(5);
    events.splice(2, 1);
    expect(verifyChain('us-east-1', events, GENESIS_HASH)).toEqual([
      expect.objectContaining({ kind: 'deleted', seq: 40, message: 'events were deleted after event e2 (seq 20), before event e4 (seq 40)' }),
    ]);
  });

  it('two swapped events are reported as out of order, first the one that moved up', () => {
    const events = chain(5);
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect(verifyChain('us-east-1', events, GENESIS_HASH)[0]).toMatchObject({ kind: 'reordered', eventId: 'e3' });
  });

  it('an inserted event is named, even with a valid hash of its own', () => {
    const events = chain(4);
    const json = JSON.stringify({ eventID: 'forged' });
    const forged = { seq: 25, eventId: 'forged', json, prevHash: events[1]!.hash, hash: chainHash(events[1]!.hash, json) };
    events.splice(2, 0, forged);
    expect(verifyChain('us-east-1', events, GENESIS_HASH)).toEqual([expect.objectContaining({ kind: 'inserted', eventId: 'forged', seq: 25 })]);
  });

  it('a chain that does not start where the pruned digest ended is reported', () => {
    const events = chain(3);
    expect(verifyChain('us-east-1', events.slice(1), GENESIS_HASH)[0]).toMatchObject({ kind: 'deleted', seq: 20 });
    expect(verifyChain('us-east-1', events.slice(1), events[0]!.hash)).toEqual([]);
  });
});
