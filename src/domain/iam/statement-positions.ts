/**
 * Where each statement of a policy document sits in its JSON text, as IAM's policy simulator reports it in
 * `MatchedStatements[].StartPosition` / `EndPosition`.
 *
 * IAM's numbers are those of a streaming JSON parser's "current location" (1-based line, 1-based column of the
 * character *after* the last one consumed), taken at two moments:
 * - End: just after the statement's closing `}`.
 * - Start: a single-object `Statement` starts just after its own `{`; in a `Statement` array the first statement starts
 *   just after the `[`, and each later one where the previous statement ended (just after its `}`, before the comma).
 *
 * Checked against real simulator output, e.g. `{"Version":"2012-10-17","Statement":{…}}` of 167 characters gives
 * Start 1:38, End 1:167, and a two-statement compact array gives 1:38–1:248 then 1:248–1:470.
 */

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based column just after the character the position refers to. */
  column: number;
}

export interface StatementSpan {
  start: Position;
  end: Position;
}

/**
 * The span of every statement, by statement index (as `CompiledStatement.index`). Expects text that `JSON.parse`
 * accepts and whose top level is an object; returns `[]` when there is no `Statement` member.
 *
 * @example
 * statementSpans('{"Statement":[{"Effect":"Allow"},{"Effect":"Deny"}]}');
 * // [{ start: {line:1,column:15}, end: {line:1,column:33} }, { start: {line:1,column:33}, end: {line:1,column:51} }]
 */
export function statementSpans(text: string): StatementSpan[] {
  const scan = new Scanner(text);
  const at = scan.statementValue();
  if (at === undefined) return [];
  const after = positionsAfter(text);
  if (text[at] === '{') return [{ start: after(at), end: after(scan.closingOf(at)) }];
  if (text[at] !== '[') return [];
  const spans: StatementSpan[] = [];
  let previousEnd = at;
  let i = at + 1;
  for (;;) {
    i = scan.skipSpaceAndCommas(i);
    if (i >= text.length || text[i] === ']') return spans;
    const end = scan.endOfValue(i);
    if (text[i] === '{') {
      spans.push({ start: after(previousEnd), end: after(end) });
      previousEnd = end;
    }
    i = end + 1;
  }
}

/** Maps a character index to the position just after that character. Line breaks: `\n`, `\r\n`, `\r`. */
function positionsAfter(text: string): (index: number) => Position {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) lineStarts.push(i + 1);
  }
  return (index) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - lineStarts[lo]! + 2 };
  };
}

const SPACE = new Set([' ', '\t', '\n', '\r']);

class Scanner {
  constructor(private readonly text: string) {}

  /** Index of the value of the top-level `Statement` member (the last one, as `JSON.parse` keeps the last). */
  statementValue(): number | undefined {
    const t = this.text;
    let i = this.skipSpace(0);
    if (t[i] !== '{') return undefined;
    let found: number | undefined;
    i++;
    for (;;) {
      i = this.skipSpaceAndCommas(i);
      if (i >= t.length || t[i] !== '"') return found;
      const keyEnd = this.endOfString(i);
      const key = JSON.parse(t.slice(i, keyEnd + 1)) as string;
      i = this.skipSpace(keyEnd + 1);
      if (t[i] !== ':') return found;
      i = this.skipSpace(i + 1);
      if (key === 'Statement') found = i;
      i = this.endOfValue(i) + 1;
    }
  }

  /** Index of the `}`/`]` closing the object or array opened at `open`. */
  closingOf(open: number): number {
    return this.endOfValue(open);
  }

  /** Index of the last character of the value starting at `i`. Iterative, so deep nesting cannot overflow the stack. */
  endOfValue(i: number): number {
    const t = this.text;
    const ch = t[i];
    if (ch === '"') return this.endOfString(i);
    if (ch !== '{' && ch !== '[') {
      let j = i;
      while (j + 1 < t.length && !SPACE.has(t[j + 1]!) && !',}]'.includes(t[j + 1]!)) j++;
      return j;
    }
    let depth = 0;
    for (let j = i; j < t.length; j++) {
      const c = t[j];
      if (c === '"') j = this.endOfString(j);
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j;
      }
    }
    return t.length - 1;
  }

  skipSpace(i: number): number {
    while (i < this.text.length && SPACE.has(this.text[i]!)) i++;
    return i;
  }

  skipSpaceAndCommas(i: number): number {
    while (i < this.text.length && (SPACE.has(this.text[i]!) || this.text[i] === ',')) i++;
    return i;
  }

  /** Index of the closing quote of the string opening at `i`. */
  private endOfString(i: number): number {
    const t = this.text;
    for (let j = i + 1; j < t.length; j++) {
      if (t[j] === '\\') j++;
      else if (t[j] === '"') return j;
    }
    return t.length - 1;
  }
}
