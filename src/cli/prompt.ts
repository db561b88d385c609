/**
 * Reading shares: from a terminal without echo (readline writing to a muted output), or, when standard input is
 * not a terminal, one per line from it (for scripts).
 */
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';

export class Prompter {
  private lines: AsyncIterator<string> | undefined;
  private piped: Interface | undefined;

  async hidden(question: string): Promise<string> {
    if (process.stdin.isTTY) return askWithoutEcho(question);
    this.piped ??= createInterface({ input: process.stdin, terminal: false });
    this.lines ??= this.piped[Symbol.asyncIterator]();
    const next = await this.lines.next();
    if (next.done) throw new Error('standard input ended before enough shares were read');
    return next.value.trim();
  }

  close(): void {
    this.piped?.close();
  }
}

function askWithoutEcho(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer.trim());
    });
    muted = true;
  });
}
