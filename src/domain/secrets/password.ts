/**
 * GetRandomPassword generation (reference §3.10), pure apart from `node:crypto` randomness.
 *
 * - Default length 32; the service layer validates the wire range 1..4096 (this module throws `RangeError` outside it).
 * - Character types: uppercase A-Z, lowercase a-z, digits 0-9, the 32 ASCII punctuation characters, and the space
 *   when `IncludeSpace` is set. `Exclude*` switches drop a whole type; `ExcludeCharacters` drops single characters
 *   from every type.
 * - `RequireEachIncludedType` (default true) guarantees at least one character of every included type.
 *   A letter/digit/punctuation type that is switched on but emptied by `ExcludeCharacters` is refused with
 *   {@link RequiredTypeExcludedError} while the requirement is on (AWS answers "All characters of the desired type
 *   have been excluded"); with the requirement off it is simply left out. A space removed by `ExcludeCharacters` is
 *   left out either way.
 * - Every character is drawn with `crypto.randomInt` (rejection sampling, no modulo bias); the required characters
 *   are then moved to random positions with a Fisher–Yates shuffle.
 */
import { randomInt } from 'node:crypto';

export interface PasswordOptions {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

/** Thrown when the length is smaller than the number of character types that must appear. */
export class PasswordTooShortError extends Error {
  override readonly name = 'PasswordTooShortError';
  constructor(message = 'Password length is too short based on the required types.') {
    super(message);
  }
}

/** Thrown when every character is excluded, so there is nothing to draw from. */
export class NoCharactersError extends Error {
  override readonly name: string = 'NoCharactersError';
  constructor(message = 'All characters have been excluded from selection.') {
    super(message);
  }
}

/**
 * Thrown when `ExcludeCharacters` removes every character of a type that is switched on while
 * `RequireEachIncludedType` is in force. A {@link NoCharactersError} (its characters are all excluded), with the
 * message AWS reports for this case.
 */
export class RequiredTypeExcludedError extends NoCharactersError {
  override readonly name: string = 'RequiredTypeExcludedError';
  constructor(
    readonly characterType: 'uppercase' | 'lowercase' | 'numbers' | 'punctuation',
    message = 'All characters of the desired type have been excluded.',
  ) {
    super(message);
  }
}

export const DEFAULT_PASSWORD_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 1;
export const MAX_PASSWORD_LENGTH = 4096;

export const UPPERCASE_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWERCASE_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz';
export const NUMBER_CHARACTERS = '0123456789';
/** The 32 ASCII punctuation characters GetRandomPassword uses (API reference, `ExcludePunctuation`). */
export const PUNCTUATION_CHARACTERS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export function generatePassword(options: PasswordOptions = {}): string {
  const length = options.PasswordLength ?? DEFAULT_PASSWORD_LENGTH;
  if (!Number.isSafeInteger(length) || length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new RangeError(
      `PasswordLength must be an integer between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH}, got ${length}`,
    );
  }
  const requireEach = options.RequireEachIncludedType ?? true;
  const excluded = new Set(Array.from(options.ExcludeCharacters ?? ''));
  const keep = (characters: string): string[] => Array.from(characters).filter((c) => !excluded.has(c));

  const switchable = [
    ['uppercase', UPPERCASE_CHARACTERS, options.ExcludeUppercase],
    ['lowercase', LOWERCASE_CHARACTERS, options.ExcludeLowercase],
    ['numbers', NUMBER_CHARACTERS, options.ExcludeNumbers],
    ['punctuation', PUNCTUATION_CHARACTERS, options.ExcludePunctuation],
  ] as const;

  const types: string[][] = [];
  for (const [type, characters, switchedOff] of switchable) {
    if (switchedOff === true) continue;
    const remaining = keep(characters);
    if (remaining.length === 0) {
      if (requireEach) throw new RequiredTypeExcludedError(type);
      continue;
    }
    types.push(remaining);
  }
  if (options.IncludeSpace === true && !excluded.has(' ')) types.push([' ']);

  const pool = types.flat();
  if (pool.length === 0) throw new NoCharactersError();
  const required = requireEach ? types : [];
  if (length < required.length) throw new PasswordTooShortError();

  const password: string[] = [];
  for (const characters of required) password.push(pick(characters));
  while (password.length < length) password.push(pick(pool));
  shuffle(password);
  return password.join('');
}

function pick(characters: readonly string[]): string {
  return characters[randomInt(characters.length)] as string;
}

/** In-place Fisher–Yates shuffle driven by `crypto.randomInt`. */
function shuffle(items: string[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const held = items[i] as string;
    items[i] = items[j] as string;
    items[j] = held;
  }
}
