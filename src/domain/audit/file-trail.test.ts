import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from './chain.js';
import { trailFiles, verifyTrailFiles } from './file-trail.js';
import { FileSink, formatLine, type SinkLine } from './sinks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coffer-file-trail-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `n` chained lines of one region, seqs `firstSeq`, `firstSeq + step` … */
function chainedLines(n: number, region = 'us-east-1', firstSeq = 1, step = 1): SinkLine[] {
  const lines: SinkLine[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const eventJson = JSON.stringify({ eventID: `${region}-${i + 1}`, eventName: 'GetSecretValue', requestParameters: { secretId: 'db/ünïcode "quoted"' } });
    const hash = chainHash(prevHash, eventJson);
    lines.push({ seq: firstSeq + i * step, region, prevHash, hash, eventJson });
    prevHash = hash;
  }
  return lines;
}

function write(path: string, lines: SinkLine[]): void {
  writeFileSync(path, lines.map(formatLine).join(''));
}

describe('trailFiles', () => {
  it('lists the rotated siblings oldest first, then the base file; a rotated file alone is just itself', () => {
    const base = join(dir, 'audit.jsonl');
    for (const name of ['audit.jsonl', 'audit.jsonl.1', 'audit.jsonl.2', 'audit.jsonl.10', 'audit.jsonl.bak', 'other.jsonl.1']) writeFileSync(join(dir, name), '');
    expect(trailFiles(base)).toEqual([`${base}.10`, `${base}.2`, `${base}.1`, base]);
    expect(trailFiles(`${base}.2`)).toEqual([`${base}.2`]);
    expect(trailFiles(join(dir, 'missing.jsonl'))).toEqual([]);
  });
});

describe('verifyTrailFiles', () => {
  it('an intact file, and intact rotated files read oldest first, have no problems', () => {
    const base = join(dir, 'audit.jsonl');
    const lines = chainedLines(20);
    const sink = new FileSink(base, Buffer.byteLength(formatLine(lines[0]!)) * 4, 10);
    for (const line of lines) sink.write(line);
    const files = trailFiles(base);
    expect(files.length).toBeGreaterThan(3);
    expect(verifyTrailFiles(files)).toEqual({ files, regions: [{ region: 'us-east-1', events: 20 }], problems: [] });
  });

  it('checks each region’s chain on its own, in seq order even when processes appended out of order', () => {
    const path = join(dir, 'audit.jsonl');
    const east = chainedLines(3, 'us-east-1', 1, 2);
    const west = chainedLines(3, 'eu-west-1', 2, 2);
    write(path, [east[0]!, west[0]!, west[1]!, east[2]!, east[1]!, west[2]!]);
    const report = verifyTrailFiles([path]);
    expect(report.regions).toEqual([
      { region: 'eu-west-1', events: 3 },
      { region: 'us-east-1', events: 3 },
    ]);
    expect(report.problems).toEqual([]);
  });

  it('names an edited line’s event as altered', () => {
    const path = join(dir, 'audit.jsonl');
    write(path, chainedLines(5));
    const text = readFileSync(path, 'utf8').split('\n');
    text[2] = text[2]!.replace('GetSecretValue', 'DescribeSecret');
    writeFileSync(path, text.join('\n'));
    expect(verifyTrailFiles([path]).problems).toEqual([expect.objectContaining({ kind: 'altered', seq: 3, eventId: 'us-east-1-3' })]);
  });

  it('names the event after a deleted line, and reports a line that is no longer an audit line', () => {
    const path = join(dir, 'audit.jsonl');
    const lines = chainedLines(5);
    write(path, [lines[0]!, lines[1]!, lines[3]!, lines[4]!]);
    expect(verifyTrailFiles([path]).problems).toEqual([expect.objectContaining({ kind: 'deleted', seq: 4, eventId: 'us-east-1-4' })]);

    // Reformatted JSON parses, but is not the text that was hashed.
    const reformatted = JSON.stringify(JSON.parse(formatLine(lines[2]!)), null, 0).replace('"seq":3,', '"seq": 3,');
    writeFileSync(path, [formatLine(lines[0]!), formatLine(lines[1]!), `${reformatted}\n`, formatLine(lines[3]!)].join(''));
    const problems = verifyTrailFiles([path]).problems;
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'altered', message: `line 3 of ${path} is not a well-formed audit line` }),
      expect.objectContaining({ kind: 'deleted', seq: 4 }),
    ]);
  });

  it('skips lines that are not events (a captured stdout banner) and notes a file that begins mid-chain', () => {
    const path = join(dir, 'stdout.log');
    const lines = chainedLines(6);
    writeFileSync(path, 'Coffer dev server listening on http://127.0.0.1:8910\n\n');
    appendFileSync(path, lines.slice(2).map(formatLine).join(''));
    const report = verifyTrailFiles([path]);
    expect(report.regions).toEqual([{ region: 'us-east-1', events: 4, startsAtSeq: 3 }]);
    expect(report.problems).toEqual([]);
  });
});
