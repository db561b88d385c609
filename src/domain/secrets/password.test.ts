import { describe, it, expect } from 'vitest';
import {
  generatePassword,
  NoCharactersError,
  PasswordTooShortError,
  RequiredTypeExcludedError,
  LOWERCASE_CHARACTERS,
  NUMBER_CHARACTERS,
  PUNCTUATION_CHARACTERS,
  UPPERCASE_CHARACTERS,
  type PasswordOptions,
} from './password.js';

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;
const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const DEFAULT_ALPHABET = new Set(
  Array.from(UPPERCASE_CHARACTERS + LOWERCASE_CHARACTERS + NUMBER_CHARACTERS + PUNCTUATION_CHARACTERS),
);

function many(options: PasswordOptions, runs = 200): string[] {
  return Array.from({ length: runs }, () => generatePassword(options));
}

function onlyFrom(password: string, alphabet: Set<string>): boolean {
  return Array.from(password).every((c) => alphabet.has(c));
}

describe('character classes', () => {
  it('uses the 32 ASCII punctuation characters of the API reference', () => {
    expect(PUNCTUATION_CHARACTERS).toHaveLength(32);
    expect(PUNCTUATION_CHARACTERS).toBe('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
    const asciiPunctuation = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) =>
      /[^A-Za-z0-9 ]/.test(c),
    );
    expect(Array.from(PUNCTUATION_CHARACTERS).sort()).toEqual(asciiPunctuation.sort());
  });

  it('can produce every one of the 94 default characters', () => {
    const seen = new Set(many({ PasswordLength: 4096 }, 5).join(''));
    expect([...seen].sort()).toEqual([...DEFAULT_ALPHABET].sort());
  });
});

describe('length', () => {
  it('defaults to 32 characters from the default alphabet', () => {
    for (const password of many({}, 100)) {
      expect(password).toHaveLength(32);
      expect(onlyFrom(password, DEFAULT_ALPHABET)).toBe(true);
      expect(password).not.toContain(' ');
    }
  });

  it('works without an options argument', () => {
    expect(generatePassword()).toHaveLength(32);
  });

  it.each([1, 2, 3, 4, 5, 17, 64, 255, 1000, 4096])('honours PasswordLength %i', (length) => {
    const options: PasswordOptions = { PasswordLength: length };
    if (length < 4) options.RequireEachIncludedType = false;
    expect(generatePassword(options)).toHaveLength(length);
  });

  it('is fast for the maximum length', () => {
    const started = performance.now();
    for (let i = 0; i < 50; i++) expect(generatePassword({ PasswordLength: 4096 })).toHaveLength(4096);
    // 50 maximum-length passwords; generous bound so slow CI machines pass, but catches quadratic behaviour.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([0, -1, 4097, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects PasswordLength %s with a RangeError', (length) => {
    expect(() => generatePassword({ PasswordLength: length })).toThrow(RangeError);
  });
});

describe('exclusion switches', () => {
  it('ExcludeUppercase', () => {
    for (const password of many({ ExcludeUppercase: true })) {
      expect(password).not.toMatch(UPPER);
      expect(password).toMatch(LOWER);
      expect(password).toMatch(DIGIT);
      expect(password).toMatch(PUNCT);
    }
  });

  it('ExcludeLowercase', () => {
    for (const password of many({ ExcludeLowercase: true })) {
      expect(password).not.toMatch(LOWER);
      expect(password).toMatch(UPPER);
      expect(password).toMatch(DIGIT);
      expect(password).toMatch(PUNCT);
    }
  });

  it('ExcludeNumbers', () => {
    for (const password of many({ ExcludeNumbers: true })) {
      expect(password).not.toMatch(DIGIT);
      expect(password).toMatch(UPPER);
      expect(password).toMatch(LOWER);
      expect(password).toMatch(PUNCT);
    }
  });

  it('ExcludePunctuation', () => {
    for (const password of many({ ExcludePunctuation: true })) {
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(password).toMatch(UPPER);
      expect(password).toMatch(LOWER);
      expect(password).toMatch(DIGIT);
    }
  });

  it('combines switches', () => {
    for (const password of many({ ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true })) {
      expect(password).toMatch(/^[0-9]{32}$/);
    }
    for (const password of many({ ExcludeNumbers: true, ExcludePunctuation: true, PasswordLength: 64 })) {
      expect(password).toMatch(/^[A-Za-z]{64}$/);
    }
  });

  it('treats false switches like absent ones', () => {
    for (const password of many({
      ExcludeUppercase: false,
      ExcludeLowercase: false,
      ExcludeNumbers: false,
      ExcludePunctuation: false,
      IncludeSpace: false,
    })) {
      expect(password).toMatch(UPPER);
      expect(password).toMatch(LOWER);
      expect(password).toMatch(DIGIT);
      expect(password).toMatch(PUNCT);
      expect(password).not.toContain(' ');
    }
  });
});

describe('ExcludeCharacters', () => {
  it('never emits "xyzDje@?!." at length 120 (localstack test_get_random_exclude_characters_and_symbols, AWS-validated)', () => {
    for (const password of many({ PasswordLength: 120, ExcludeCharacters: 'xyzDje@?!.' }, 300)) {
      expect(password).toHaveLength(120);
      for (const c of 'xyzDje@?!.') expect(password).not.toContain(c);
    }
  });

  it('removes characters from every class while keeping the requirement for each class', () => {
    const options: PasswordOptions = { PasswordLength: 4, ExcludeCharacters: 'ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxy012345678!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}' };
    for (const password of many(options, 100)) {
      expect([...password].sort()).toEqual(['9', 'Z', 'z', '~'].sort());
    }
  });

  it('ignores duplicates and characters outside the alphabet', () => {
    for (const password of many({ ExcludeCharacters: 'aaaa€😀\n', PasswordLength: 200 })) {
      expect(password).not.toContain('a');
      expect(password).toHaveLength(200);
    }
  });

  it('an empty string excludes nothing', () => {
    const seen = new Set(many({ ExcludeCharacters: '', PasswordLength: 4096 }, 3).join(''));
    expect(seen.size).toBe(94);
  });

  it('refuses to empty a class that must be included (RequireEachIncludedType on)', () => {
    const run = () => generatePassword({ ExcludeCharacters: NUMBER_CHARACTERS });
    expect(run).toThrow(RequiredTypeExcludedError);
    expect(run).toThrow(NoCharactersError);
    expect(run).toThrow('All characters of the desired type have been excluded.');
    try {
      run();
    } catch (error) {
      expect((error as RequiredTypeExcludedError).characterType).toBe('numbers');
    }
    expect(() => generatePassword({ ExcludeCharacters: PUNCTUATION_CHARACTERS })).toThrow(RequiredTypeExcludedError);
    expect(() => generatePassword({ ExcludeCharacters: UPPERCASE_CHARACTERS })).toThrow(RequiredTypeExcludedError);
    expect(() => generatePassword({ ExcludeCharacters: LOWERCASE_CHARACTERS })).toThrow(RequiredTypeExcludedError);
  });

  it('allows emptying a class that is switched off', () => {
    for (const password of many({ ExcludeCharacters: NUMBER_CHARACTERS, ExcludeNumbers: true }, 50)) {
      expect(password).not.toMatch(DIGIT);
      expect(password).toMatch(UPPER);
    }
  });

  it('allows emptying a class when RequireEachIncludedType is false', () => {
    for (const password of many({ ExcludeCharacters: PUNCTUATION_CHARACTERS, RequireEachIncludedType: false }, 50)) {
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
    }
  });
});

describe('RequireEachIncludedType', () => {
  it('defaults to true: every default class appears, even at length 4', () => {
    for (const password of many({ PasswordLength: 4 }, 500)) {
      expect(password).toHaveLength(4);
      expect(password).toMatch(UPPER);
      expect(password).toMatch(LOWER);
      expect(password).toMatch(DIGIT);
      expect(password).toMatch(PUNCT);
    }
  });

  it('explicit true behaves like the default', () => {
    for (const password of many({ PasswordLength: 6, RequireEachIncludedType: true, ExcludeLowercase: true }, 300)) {
      expect(password).toMatch(UPPER);
      expect(password).toMatch(DIGIT);
      expect(password).toMatch(PUNCT);
      expect(password).not.toMatch(LOWER);
    }
  });

  it('places the required characters at random positions', () => {
    const shapes = new Set(
      many({ PasswordLength: 2, ExcludeNumbers: true, ExcludePunctuation: true }, 200).map((password) =>
        UPPER.test(password[0] as string) ? 'upper-first' : 'lower-first',
      ),
    );
    expect(shapes).toEqual(new Set(['upper-first', 'lower-first']));

    const firstCharClasses = new Set(
      many({ PasswordLength: 4 }, 400).map((password) => {
        const c = password[0] as string;
        return UPPER.test(c) ? 'U' : LOWER.test(c) ? 'L' : DIGIT.test(c) ? 'D' : 'P';
      }),
    );
    expect(firstCharClasses).toEqual(new Set(['U', 'L', 'D', 'P']));
  });

  it('throws PasswordTooShortError when the length is below the number of required classes', () => {
    expect(() => generatePassword({ PasswordLength: 3 })).toThrow(PasswordTooShortError);
    expect(() => generatePassword({ PasswordLength: 3 })).toThrow(
      'Password length is too short based on the required types.',
    );
    expect(() => generatePassword({ PasswordLength: 1, ExcludeNumbers: true, ExcludePunctuation: true })).toThrow(
      PasswordTooShortError,
    );
    expect(() => generatePassword({ PasswordLength: 4, IncludeSpace: true })).toThrow(PasswordTooShortError);
    expect(generatePassword({ PasswordLength: 2, ExcludeNumbers: true, ExcludePunctuation: true })).toHaveLength(2);
    expect(generatePassword({ PasswordLength: 1, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })).toMatch(
      /^[a-z]$/,
    );
  });

  it('false lifts the requirement and the length floor', () => {
    expect(generatePassword({ PasswordLength: 1, RequireEachIncludedType: false })).toHaveLength(1);
    const passwords = many({ PasswordLength: 2, RequireEachIncludedType: false, ExcludeUppercase: true, ExcludePunctuation: true }, 300);
    // Lowercase + digits, two characters: about half of the passwords miss one of the classes.
    expect(passwords.some((password) => !DIGIT.test(password) || !LOWER.test(password))).toBe(true);
    for (const password of passwords) expect(password).toMatch(/^[a-z0-9]{2}$/);
  });
});

describe('IncludeSpace', () => {
  it('is off by default', () => {
    expect(many({ PasswordLength: 4096 }, 3).join('')).not.toContain(' ');
  });

  it('adds the space character and requires it by default', () => {
    for (const password of many({ PasswordLength: 5, IncludeSpace: true }, 300)) {
      expect(password).toContain(' ');
      expect(password).toMatch(UPPER);
      expect(password).toMatch(LOWER);
      expect(password).toMatch(DIGIT);
      expect(password).toMatch(PUNCT);
    }
  });

  it('admits spaces without requiring them when RequireEachIncludedType is false', () => {
    const passwords = many({ PasswordLength: 8, IncludeSpace: true, RequireEachIncludedType: false }, 300);
    expect(passwords.some((password) => password.includes(' '))).toBe(true);
    expect(passwords.some((password) => !password.includes(' '))).toBe(true);
  });

  it('can produce a password of spaces only', () => {
    expect(
      generatePassword({
        PasswordLength: 10,
        IncludeSpace: true,
        ExcludeUppercase: true,
        ExcludeLowercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }),
    ).toBe('          ');
  });

  it('ExcludeCharacters " " removes the space without an error', () => {
    for (const password of many({ PasswordLength: 64, IncludeSpace: true, ExcludeCharacters: ' ' }, 100)) {
      expect(password).not.toContain(' ');
      expect(password).toHaveLength(64);
    }
  });
});

describe('NoCharactersError', () => {
  it('is thrown when every class is switched off', () => {
    const run = () =>
      generatePassword({ ExcludeUppercase: true, ExcludeLowercase: true, ExcludeNumbers: true, ExcludePunctuation: true });
    expect(run).toThrow(NoCharactersError);
    expect(run).not.toThrow(RequiredTypeExcludedError);
    expect(run).toThrow('All characters have been excluded from selection.');
  });

  it('is thrown when ExcludeCharacters removes everything that is left', () => {
    const all = UPPERCASE_CHARACTERS + LOWERCASE_CHARACTERS + NUMBER_CHARACTERS + PUNCTUATION_CHARACTERS + ' ';
    expect(() => generatePassword({ ExcludeCharacters: all, RequireEachIncludedType: false, IncludeSpace: true })).toThrow(
      NoCharactersError,
    );
    expect(() =>
      generatePassword({ ExcludeCharacters: NUMBER_CHARACTERS, ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true }),
    ).toThrow(NoCharactersError);
  });

  it('is thrown when the only included class is the excluded space', () => {
    expect(() =>
      generatePassword({
        IncludeSpace: true,
        ExcludeCharacters: ' ',
        ExcludeUppercase: true,
        ExcludeLowercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }),
    ).toThrow(NoCharactersError);
  });

  it('errors are proper Error subclasses with names', () => {
    expect(new PasswordTooShortError()).toBeInstanceOf(Error);
    expect(new PasswordTooShortError().name).toBe('PasswordTooShortError');
    expect(new NoCharactersError().name).toBe('NoCharactersError');
    expect(new RequiredTypeExcludedError('numbers').name).toBe('RequiredTypeExcludedError');
    expect(new RequiredTypeExcludedError('numbers')).toBeInstanceOf(NoCharactersError);
  });
});

describe('distribution', () => {
  it('draws digits uniformly', () => {
    const digits = many({ PasswordLength: 4096, ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true }, 10).join('');
    const counts = new Map<string, number>();
    for (const c of digits) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = digits.length / 10; // 4096 per digit
    expect(counts.size).toBe(10);
    // ±10% is more than 6 standard deviations (σ ≈ 61).
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.1);
  });

  it('draws from the pooled alphabet, not class by class', () => {
    // 26 lowercase vs 10 digits: each pooled draw is lowercase with p = 26/36, not 1/2.
    const text = many({ PasswordLength: 4096, ExcludeUppercase: true, ExcludePunctuation: true }, 5).join('');
    const lowerShare = Array.from(text).filter((c) => LOWER.test(c)).length / text.length;
    expect(lowerShare).toBeGreaterThan(0.7);
    expect(lowerShare).toBeLessThan(0.75);
  });

  it('does not repeat passwords', () => {
    expect(new Set(many({}, 1000)).size).toBe(1000);
  });
});
