/**
 * ListSecrets / BatchGetSecretValue `Filters` semantics, as pure functions.
 *
 * Rules (see reference §3.8; AWS-validated examples live in filters.test.ts):
 * - values inside one filter are OR-ed; separate filters (even with the same key) are AND-ed;
 * - a value starting with `!` is negated: it matches exactly the secrets the un-negated value does not match;
 * - `name`: case-sensitive prefix of the whole name (no word splitting);
 * - `tag-key` / `tag-value` / `primary-region`: case-sensitive prefix (any tag);
 * - `owning-service`: case-insensitive prefix;
 * - `description`: case-insensitive, word based (whitespace): every word of the value must be a prefix of some word
 *   of the description;
 * - `all`: case-insensitive, word based over name, description, tag keys and tag values, with words split at any
 *   non-alphanumeric character and at case / letter→digit changes (see {@link splitSearchWords}).
 *
 * Not pinned down by AWS-verified tests (chosen here, differ from moto): a negated value matches secrets lacking the
 * attribute (no description / tags / region); `!x` on tags means "no tag matches x"; the words of one `all` value may
 * be found in different attributes; a value with no words (`''`, `'+'`) matches nothing for `description` and `all`.
 *
 * Input validation (unknown keys, empty `Values`, value pattern/length) is the caller's job; this module only
 * decides whether a secret matches.
 */

export type FilterKey = 'description' | 'name' | 'tag-key' | 'tag-value' | 'primary-region' | 'owning-service' | 'all';

export interface SecretFilter {
  Key: FilterKey;
  Values: string[];
}

export interface FilterableSecret {
  name: string;
  description?: string;
  tags?: { Key: string; Value: string }[];
  primaryRegion?: string;
  owningService?: string;
}

type Predicate = (secret: FilterableSecret) => boolean;

/** The seven keys the API model accepts, in model order. */
export const FILTER_KEYS: readonly FilterKey[] = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

/**
 * Returns a predicate implementing AWS ListSecrets / BatchGetSecretValue filter semantics.
 * An empty filter list matches every secret; a filter with no values matches nothing.
 */
export function compileFilters(filters: SecretFilter[]): (secret: FilterableSecret) => boolean {
  const compiled = filters.map(compileFilter);
  if (compiled.length === 0) return () => true;
  return (secret) => compiled.every((matches) => matches(secret));
}

function compileFilter(filter: SecretFilter): Predicate {
  const alternatives = filter.Values.map((value) => compileValue(filter.Key, value));
  return (secret) => alternatives.some((matches) => matches(secret));
}

function compileValue(key: FilterKey, raw: string): Predicate {
  const negated = raw.startsWith('!');
  const positive = compilePositive(key, negated ? raw.slice(1) : raw);
  return negated ? (secret) => !positive(secret) : positive;
}

function compilePositive(key: FilterKey, value: string): Predicate {
  switch (key) {
    case 'name':
      return (secret) => secret.name.startsWith(value);
    case 'tag-key':
      return (secret) => (secret.tags ?? []).some((tag) => tag.Key.startsWith(value));
    case 'tag-value':
      return (secret) => (secret.tags ?? []).some((tag) => tag.Value.startsWith(value));
    case 'primary-region':
      return (secret) => secret.primaryRegion !== undefined && secret.primaryRegion.startsWith(value);
    case 'owning-service': {
      const lowered = value.toLowerCase();
      return (secret) => secret.owningService !== undefined && secret.owningService.toLowerCase().startsWith(lowered);
    }
    case 'description': {
      const wanted = splitWhitespaceWords(value.toLowerCase());
      if (wanted.length === 0) return () => false;
      return (secret) => {
        if (!secret.description) return false;
        return everyWordPrefixesSome(wanted, splitWhitespaceWords(secret.description.toLowerCase()));
      };
    }
    case 'all': {
      const wanted = splitSearchWords(value).map((word) => word.toLowerCase());
      if (wanted.length === 0) return () => false;
      return (secret) => everyWordPrefixesSome(wanted, searchableWords(secret));
    }
    default: {
      const unknown: never = key;
      throw new TypeError(`Unknown filter key: ${String(unknown)}`);
    }
  }
}

function everyWordPrefixesSome(wanted: readonly string[], available: readonly string[]): boolean {
  return wanted.every((prefix) => available.some((word) => word.startsWith(prefix)));
}

function splitWhitespaceWords(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word.length > 0);
}

/** Lower-cased words of every attribute the `all` filter searches (name, description, tag keys and values). */
function searchableWords(secret: FilterableSecret): string[] {
  const words = splitSearchWords(secret.name);
  if (secret.description) words.push(...splitSearchWords(secret.description));
  for (const tag of secret.tags ?? []) {
    words.push(...splitSearchWords(tag.Key), ...splitSearchWords(tag.Value));
  }
  return words.map((word) => word.toLowerCase());
}

const WORD_CHARS = /[\p{L}\p{M}\p{Nd}]+/gu;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * Splits text into search words the way the `all` filter does (case preserved; callers lower-case).
 *
 * Every character that is not a letter or digit (`/_+=.@-:`, whitespace, `#`, ...) separates words and is dropped.
 * Inside a run of letters/digits a new word starts:
 * - at a lower→upper or digit→upper change (`DescTwo` → `Desc`, `Two`; `v2Beta` → `v`, `2`, `Beta`);
 * - before the last capital of an all-caps run that is followed by a lower-case letter
 *   (`COMPANYthings` → `COMPAN`, `Ythings`; `SecretFTag` → `Secret`, `F`, `Tag`);
 * - at a letter→digit change (`One3fa` → `One`, `3fa`). A digit→lower change does not split (`3fa` stays one word).
 */
export function splitSearchWords(text: string): string[] {
  const words: string[] = [];
  for (const run of text.match(WORD_CHARS) ?? []) {
    const chars = Array.from(run);
    let start = 0;
    for (let i = 1; i < chars.length; i++) {
      if (startsWord(chars[i - 1] as string, chars[i] as string, chars[i + 1])) {
        words.push(chars.slice(start, i).join(''));
        start = i;
      }
    }
    words.push(chars.slice(start).join(''));
  }
  return words;
}

function startsWord(previous: string, current: string, next: string | undefined): boolean {
  if (LETTER.test(previous) && DIGIT.test(current)) return true;
  if (UPPER.test(current)) {
    if (LOWER.test(previous) || DIGIT.test(previous)) return true;
    if (UPPER.test(previous) && next !== undefined && LOWER.test(next)) return true;
  }
  return false;
}
