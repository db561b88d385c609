import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from './chain.js';
import { FileSink, formatLine, type SinkLine } from './sinks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coffer-sink-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `n` chained lines of one region, each about 100 bytes. */
function chainedLines(n: number, region = 'us-east-1'): SinkLine[] {
  const lines: SinkLine[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const eventJson = JSON.stringify({ eventID: `event-${i}`, eventName: 'GetSecretValue', awsRegion: region });
    const hash = chainHash(prevHash, eventJson);
    lines.push({ seq: i, region, prevHash, hash, eventJson });
    prevHash = hash;
  }
  return lines;
}

const seqsIn = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { seq: number }).seq);

describe('FileSink', () => {
  it('appends one JSON line per event, with its place in the chain and the event verbatim', () => {
    const path = join(dir, 'logs', 'audit.jsonl');
    const sink = new FileSink(path);
    const [line] = chainedLines(1);
    sink.write(line!);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(formatLine(line!));
    expect(JSON.parse(text)).toEqual({ seq: 1, region: 'us-east-1', prevHash: GENESIS_HASH, hash: line!.hash, event: JSON.parse(line!.eventJson) });
    expect(sink.failure).toBeUndefined();
  });

  it('rotates by size to .1, .2 …, keeps `keep` rotated files, and never splits a line', () => {
    const path = join(dir, 'audit.jsonl');
    const lines = chainedLines(20);
    const lineBytes = Buffer.byteLength(formatLine(lines[0]!));
    // Room for three lines per file; two rotated files kept.
    const sink = new FileSink(path, lineBytes * 3 + 10, 2);
    for (const line of lines) sink.write(line);
    expect(seqsIn(path)).toEqual([19, 20]);
    expect(seqsIn(`${path}.1`)).toEqual([16, 17, 18]);
    expect(seqsIn(`${path}.2`)).toEqual([13, 14, 15]);
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('continues the size count of an existing file after a restart', () => {
    const path = join(dir, 'audit.jsonl');
    const lines = chainedLines(4);
    const max = Buffer.byteLength(formatLine(lines[0]!)) * 3 + 10;
    const first = new FileSink(path, max, 2);
    first.write(lines[0]!);
    first.write(lines[1]!);
    const second = new FileSink(path, max, 2);
    second.write(lines[2]!);
    second.write(lines[3]!);
    expect(seqsIn(`${path}.1`)).toEqual([1, 2, 3]);
    expect(seqsIn(path)).toEqual([4]);
  });

  it('reports a failing write instead of throwing, and recovers', () => {
    const path = join(dir, 'audit.jsonl');
    const sink = new FileSink(path);
    rmSync(dir, { recursive: true, force: true });
    const [one, two] = chainedLines(2);
    sink.write(one!);
    expect(sink.failure).toMatch(/ENOENT/);
    mkdirSync(dir);
    sink.write(two!);
    expect(sink.failure).toBeUndefined();
    expect(seqsIn(path)).toEqual([2]);
  });
});
