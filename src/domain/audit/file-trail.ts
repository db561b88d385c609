/**
 * Reads a JSON-lines copy of the trail (a FileSink file with its rotated siblings, or captured stdout) back into
 * per-region chains, so `coffer audit verify --file` can check it with verifyChain. Files carry no digests: a file
 * proves its events are unaltered and contiguous, not that its oldest or newest lines are all there were.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GENESIS_HASH } from './chain.js';
import { formatLine } from './sinks.js';
import { verifyChain, type ChainEvent, type Problem } from './verify.js';

export interface FileRegionReport {
  region: string;
  events: number;
  /** Set when the files begin in the middle of the chain (earlier events were rotated away or never written here). */
  startsAtSeq?: number;
}

export interface FileTrailReport {
  files: string[];
  regions: FileRegionReport[];
  problems: Problem[];
}

/** `path` and, when it is a sink's base name, its rotated siblings (`path.N` … `path.1`), oldest first. */
export function trailFiles(path: string): string[] {
  const name = basename(path);
  const dir = dirname(path);
  const rotated = readdirSync(dir)
    .map((entry) => (entry.startsWith(`${name}.`) ? /^\d+$/.exec(entry.slice(name.length + 1))?.[0] : undefined))
    .filter((suffix): suffix is string => suffix !== undefined)
    .map(Number)
    .sort((a, b) => b - a)
    .map((n) => join(dir, `${name}.${n}`));
  return existsSync(path) ? [...rotated, path] : rotated;
}

export function verifyTrailFiles(files: readonly string[]): FileTrailReport {
  const byRegion = new Map<string, ChainEvent[]>();
  const problems: Problem[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        // Captured stdout may hold other lines (a banner); an event line always starts with '{'.
        if (!line.startsWith('{')) return;
        const parsed = parseLine(line);
        if (!parsed) {
          problems.push({ kind: 'altered', region: '-', message: `line ${index + 1} of ${file} is not a well-formed audit line` });
          return;
        }
        const events = byRegion.get(parsed.region) ?? [];
        events.push(parsed.event);
        byRegion.set(parsed.region, events);
      });
  }
  const regions: FileRegionReport[] = [];
  for (const [region, events] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    // Several processes may append out of order; the store's seq is the chain's order.
    events.sort((a, b) => a.seq! - b.seq!);
    const first = events[0]!;
    const report: FileRegionReport = { region, events: events.length };
    if (first.prevHash !== GENESIS_HASH) report.startsAtSeq = first.seq!;
    regions.push(report);
    problems.push(...verifyChain(region, events, first.prevHash));
  }
  return { files: [...files], regions, problems };
}

/** A line exactly as FileSink writes it; anything else (reformatted, truncated, edited keys) is undefined. */
function parseLine(line: string): { region: string; event: ChainEvent } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, region, prevHash, hash, event } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || typeof region !== 'string' || typeof prevHash !== 'string' || typeof hash !== 'string') return undefined;
  if (typeof event !== 'object' || event === null) return undefined;
  // The event's text must be taken verbatim (its hash covers the exact bytes): cut it out between the header and the final brace.
  const header = formatLine({ seq: seq as number, region, prevHash, hash, eventJson: '' }).slice(0, -2);
  if (!line.startsWith(header) || !line.endsWith('}')) return undefined;
  const json = line.slice(header.length, -1);
  const eventId = (event as Record<string, unknown>).eventID;
  return { region, event: { seq: seq as number, eventId: typeof eventId === 'string' ? eventId : '-', json, prevHash, hash } };
}
