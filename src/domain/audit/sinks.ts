/**
 * Copies of the audit trail beside the store: a JSON-lines file rotated by size, or stdout. Each line carries the
 * event with its place in the chain, so `coffer audit verify --file` can check a copy on its own. A sink that fails
 * reports it (on /health); it never blocks requests — only the primary store does that (fail closed).
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SinkLine {
  seq: number;
  region: string;
  prevHash: string;
  hash: string;
  /** The event's JSON exactly as hashed. */
  eventJson: string;
}

export interface AuditSink {
  readonly name: string;
  write(line: SinkLine): void;
  /** Undefined while healthy; the last failure otherwise. */
  readonly failure: string | undefined;
}

export function formatLine(line: SinkLine): string {
  return `{"seq":${line.seq},"region":${JSON.stringify(line.region)},"prevHash":"${line.prevHash}","hash":"${line.hash}","event":${line.eventJson}}\n`;
}

export class FileSink implements AuditSink {
  readonly name: string;
  failure: string | undefined;
  private size: number;

  constructor(
    private readonly path: string,
    private readonly maxBytes = 100 * 1024 * 1024,
    private readonly keep = 5,
  ) {
    this.name = `file:${path}`;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.size = existsSync(path) ? statSync(path).size : 0;
  }

  write(line: SinkLine): void {
    const text = formatLine(line);
    try {
      if (this.size > 0 && this.size + text.length > this.maxBytes) this.rotate();
      appendFileSync(this.path, text, { mode: 0o600 });
      this.size += Buffer.byteLength(text);
      this.failure = undefined;
    } catch (error) {
      this.failure = (error as Error).message;
    }
  }

  /** coffer-audit.jsonl → .1 → .2 …, the oldest beyond `keep` overwritten. */
  private rotate(): void {
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.size = 0;
  }
}

export class StdoutSink implements AuditSink {
  readonly name = 'stdout';
  failure: string | undefined;

  write(line: SinkLine): void {
    try {
      process.stdout.write(formatLine(line));
      this.failure = undefined;
    } catch (error) {
      this.failure = (error as Error).message;
    }
  }
}
