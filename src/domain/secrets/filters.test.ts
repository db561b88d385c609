import { describe, it, expect } from 'vitest';
import { compileFilters, splitSearchWords, FILTER_KEYS, type FilterableSecret, type SecretFilter } from './filters.js';

/** Names of the secrets matching `filters`, in input order. */
function matching(secrets: FilterableSecret[], filters: SecretFilter[]): string[] {
  const predicate = compileFilters(filters);
  return secrets.filter(predicate).map((secret) => secret.name);
}

function secret(name: string, extra: Omit<FilterableSecret, 'name'> = {}): FilterableSecret {
  return { name, ...extra };
}

// Suffixes standing in for the random uuid4()[0:6] / randint suffixes used by the AWS-verified tests. They include
// digit→letter transitions (`3d...`) to prove the result does not depend on the random part.
const SUFFIXES = ['a3f9c1', '3d4f2a', 'd00d11', '123456', 'abcdef', '0e1d2c'];

describe('compileFilters: combination rules', () => {
  const secrets = [secret('foo'), secret('bar'), secret('baz')];

  it('matches every secret when there are no filters', () => {
    expect(matching(secrets, [])).toEqual(['foo', 'bar', 'baz']);
  });

  it('ORs the values of one filter (moto test_with_filter_with_multiple_values)', () => {
    expect(matching(secrets, [{ Key: 'name', Values: ['foo', 'bar'] }])).toEqual(['foo', 'bar']);
  });

  it('ANDs filters with the same key (moto test_with_duplicate_filter_keys, AWS-verified)', () => {
    const described = [
      secret('foo', { description: 'one two' }),
      secret('bar', { description: 'one' }),
      secret('baz', { description: 'two' }),
      secret('qux', { description: 'unrelated' }),
    ];
    expect(
      matching(described, [
        { Key: 'description', Values: ['one'] },
        { Key: 'description', Values: ['two'] },
      ]),
    ).toEqual(['foo']);
  });

  it('ANDs filters with different keys (moto test_with_multiple_filters)', () => {
    const tagged = [
      secret('foo', { tags: [{ Key: 'right', Value: 'right' }] }),
      secret('bar', { tags: [{ Key: 'right', Value: 'wrong' }] }),
      secret('baz', { tags: [{ Key: 'wrong', Value: 'right' }] }),
      secret('qux', { tags: [{ Key: 'wrong', Value: 'wrong' }] }),
    ];
    expect(
      matching(tagged, [
        { Key: 'tag-key', Values: ['right'] },
        { Key: 'tag-value', Values: ['right'] },
      ]),
    ).toEqual(['foo']);
  });

  it('evaluates each filter independently, so tag-key and tag-value may be satisfied by different tags', () => {
    const tagged = [
      secret('split', {
        tags: [
          { Key: 'right', Value: 'wrong' },
          { Key: 'wrong', Value: 'right' },
        ],
      }),
    ];
    expect(
      matching(tagged, [
        { Key: 'tag-key', Values: ['right'] },
        { Key: 'tag-value', Values: ['right'] },
      ]),
    ).toEqual(['split']);
  });

  it('matches nothing for a filter without values', () => {
    expect(matching(secrets, [{ Key: 'name', Values: [] }])).toEqual([]);
  });

  it('mixes positive and negated values with OR (moto test_with_filter_with_negation)', () => {
    const described = [
      secret('foo', { description: 'one two' }),
      secret('bar', { description: 'one and two' }),
      secret('baz', { description: 'one' }),
      secret('qux', { description: 'two' }),
      secret('none', { description: 'unrelated' }),
    ];
    // "one" OR NOT "two"
    expect(matching(described, [{ Key: 'description', Values: ['one', '!two'] }])).toEqual([
      'foo',
      'bar',
      'baz',
      'none',
    ]);
    // NOT "o"
    expect(matching(described, [{ Key: 'description', Values: ['!o'] }])).toEqual(['qux', 'none']);
  });

  it('only strips a single leading "!"', () => {
    const odd = [secret('!bang'), secret('plain')];
    expect(matching(odd, [{ Key: 'name', Values: ['!!b'] }])).toEqual(['plain']);
  });

  it('returns a reusable predicate', () => {
    const predicate = compileFilters([{ Key: 'name', Values: ['ba'] }]);
    expect(predicate(secret('bar'))).toBe(true);
    expect(predicate(secret('foo'))).toBe(false);
    expect(predicate(secret('baz'))).toBe(true);
  });

  it('exposes the seven model filter keys', () => {
    expect([...FILTER_KEYS].sort()).toEqual(
      ['all', 'description', 'name', 'owning-service', 'primary-region', 'tag-key', 'tag-value'].sort(),
    );
  });

  it('rejects an unknown key at compile time', () => {
    expect(() => compileFilters([{ Key: 'invalid' as never, Values: ['x'] }])).toThrow(TypeError);
  });
});

describe('compileFilters: name', () => {
  it('is a case-sensitive prefix match (AWS user guide: Name:Data)', () => {
    const secrets = [secret('DatabaseSecret'), secret('databaseSecret'), secret('MyData')];
    expect(matching(secrets, [{ Key: 'name', Values: ['Data'] }])).toEqual(['DatabaseSecret']);
  });

  it('matches exact names (moto test_with_name_filter)', () => {
    expect(matching([secret('foo'), secret('bar')], [{ Key: 'name', Values: ['foo'] }])).toEqual(['foo']);
  });

  for (const suffix of ['12345', '99999']) {
    // localstack test_list_secrets_filtering (AWS-validated)
    const one = `testing1/one-${suffix}`;
    const two = `/testing2/two-${suffix}`;
    const three = `testing3/three-${suffix}`;
    const four = `/testing4/four-${suffix}`;
    const secrets = [
      secret(one, { description: 'a secret' }),
      secret(two, { description: 'an secret' }),
      secret(three, { description: 'asecret' }),
      secret(four, { description: 'thesecret' }),
    ];

    it(`"/" matches only names starting with a slash (suffix ${suffix})`, () => {
      expect(matching(secrets, [{ Key: 'name', Values: ['/'] }])).toEqual([two, four]);
    });

    it(`"!/" matches only names not starting with a slash (suffix ${suffix})`, () => {
      expect(matching(secrets, [{ Key: 'name', Values: ['!/'] }])).toEqual([one, three]);
    });

    it(`does no word splitting: "testing1 one" matches nothing (suffix ${suffix})`, () => {
      expect(matching(secrets, [{ Key: 'name', Values: ['testing1 one'] }])).toEqual([]);
    });

    it(`is not a substring match: "secret" / "an" match no name (suffix ${suffix})`, () => {
      expect(
        matching(secrets, [
          { Key: 'description', Values: ['a'] },
          { Key: 'name', Values: ['secret'] },
        ]),
      ).toEqual([]);
      expect(
        matching(secrets, [
          { Key: 'description', Values: ['a'] },
          { Key: 'name', Values: ['an'] },
        ]),
      ).toEqual([]);
    });
  }

  it('does not match a later path segment', () => {
    expect(matching([secret('prod/db')], [{ Key: 'name', Values: ['db'] }])).toEqual([]);
  });
});

describe('compileFilters: description', () => {
  // localstack test_list_secrets_filtering (AWS-validated)
  const secrets = [
    secret('s1', { description: 'a secret' }),
    secret('s2', { description: 'an secret' }),
    secret('s3', { description: 'asecret' }),
    secret('s4', { description: 'thesecret' }),
  ];

  it('"a" matches every description with a word starting with a', () => {
    expect(matching(secrets, [{ Key: 'description', Values: ['a'] }])).toEqual(['s1', 's2', 's3']);
  });

  it('"!a" matches descriptions without a word starting with a', () => {
    expect(matching(secrets, [{ Key: 'description', Values: ['!a'] }])).toEqual(['s4']);
  });

  it('"a secret" requires each value word to prefix some description word', () => {
    expect(matching(secrets, [{ Key: 'description', Values: ['a secret'] }])).toEqual(['s1', 's2']);
  });

  it('"!c" matches all when no description has a c-word', () => {
    expect(matching(secrets, [{ Key: 'description', Values: ['!c'] }])).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('is not an infix match: "secret" does not match "asecret" / "thesecret"', () => {
    expect(matching(secrets, [{ Key: 'description', Values: ['secret'] }])).toEqual(['s1', 's2']);
  });

  // moto test_with_filter_with_value_with_multiple_words (AWS-verified)
  const words = [
    secret('foo', { description: 'one two' }),
    secret('bar', { description: 'one and two' }),
    secret('baz', { description: 'one' }),
    secret('qux', { description: 'two' }),
    secret('none', { description: 'unrelated' }),
  ];

  it('"one two" matches descriptions containing both words in any position', () => {
    expect(matching(words, [{ Key: 'description', Values: ['one two'] }])).toEqual(['foo', 'bar']);
  });

  it('"o t" matches descriptions with words starting with o and t', () => {
    expect(matching(words, [{ Key: 'description', Values: ['o t'] }])).toEqual(['foo', 'bar']);
  });

  it('"t" matches descriptions with a word starting with t', () => {
    expect(matching(words, [{ Key: 'description', Values: ['t'] }])).toEqual(['foo', 'bar', 'qux']);
  });

  it('ignores word order and is case-insensitive (AWS user guide: "My Description")', () => {
    const described = [
      secret('exact', { description: 'My Description' }),
      secret('lower', { description: 'my description' }),
      secret('between', { description: 'My basic description' }),
      secret('reversed', { description: 'Description of my secret' }),
      secret('partial', { description: 'My secret' }),
    ];
    expect(matching(described, [{ Key: 'description', Values: ['My Description'] }])).toEqual([
      'exact',
      'lower',
      'between',
      'reversed',
    ]);
    expect(matching(described, [{ Key: 'description', Values: ['MY DESC'] }])).toEqual([
      'exact',
      'lower',
      'between',
      'reversed',
    ]);
  });

  it('matches a single word (moto test_with_description_filter; user guide "conducts")', () => {
    const described = [
      secret('foo', { description: 'baz qux' }),
      secret('bar'),
      secret('rot', { description: 'Conducts an AWS SecretsManager rotation for RDS MySQL' }),
    ];
    expect(matching(described, [{ Key: 'description', Values: ['baz'] }])).toEqual(['foo']);
    expect(matching(described, [{ Key: 'description', Values: ['conducts'] }])).toEqual(['rot']);
  });

  it('treats runs of whitespace (spaces, tabs, newlines) as one separator', () => {
    const described = [secret('ws', { description: '  first\tsecond\n third  ' })];
    expect(matching(described, [{ Key: 'description', Values: ['  sec   thi '] }])).toEqual(['ws']);
  });

  it('splits on whitespace only: a hyphenated description word is one word', () => {
    const described = [secret('hyphen', { description: 'one-two' })];
    expect(matching(described, [{ Key: 'description', Values: ['one'] }])).toEqual(['hyphen']);
    expect(matching(described, [{ Key: 'description', Values: ['two'] }])).toEqual([]);
  });

  it('never matches a positive value when the description is missing or empty', () => {
    const described = [secret('missing'), secret('empty', { description: '' })];
    expect(matching(described, [{ Key: 'description', Values: ['a'] }])).toEqual([]);
  });

  it('matches a negated value when the description is missing or empty', () => {
    const described = [secret('missing'), secret('empty', { description: '' }), secret('has', { description: 'a' })];
    expect(matching(described, [{ Key: 'description', Values: ['!a'] }])).toEqual(['missing', 'empty']);
  });

  it('matches nothing for a value with no words', () => {
    const described = [secret('d', { description: 'anything' })];
    expect(matching(described, [{ Key: 'description', Values: [''] }])).toEqual([]);
    expect(matching(described, [{ Key: 'description', Values: ['   '] }])).toEqual([]);
  });
});

describe('compileFilters: tag-key and tag-value', () => {
  it('tag-key is a case-sensitive prefix of any tag key (AWS user guide: Tag key:Prod)', () => {
    const tagged = [
      secret('production', { tags: [{ Key: 'Production', Value: 'x' }] }),
      secret('prod1', { tags: [{ Key: 'Other', Value: 'y' }, { Key: 'Prod1', Value: 'x' }] }),
      secret('lower', { tags: [{ Key: 'prod', Value: 'x' }] }),
      secret('later', { tags: [{ Key: '1 Prod', Value: 'x' }] }),
      secret('value-only', { tags: [{ Key: 'x', Value: 'Prod' }] }),
      secret('untagged'),
    ];
    expect(matching(tagged, [{ Key: 'tag-key', Values: ['Prod'] }])).toEqual(['production', 'prod1']);
  });

  it('tag-value is a case-sensitive prefix of any tag value (AWS user guide: Tag value:Prod)', () => {
    const tagged = [
      secret('production', { tags: [{ Key: 'x', Value: 'Production' }] }),
      secret('prod1', { tags: [{ Key: 'a', Value: 'other' }, { Key: 'b', Value: 'Prod1' }] }),
      secret('lower', { tags: [{ Key: 'x', Value: 'prod' }] }),
      secret('later', { tags: [{ Key: 'x', Value: '1 Prod' }] }),
      secret('key-only', { tags: [{ Key: 'Prod', Value: 'x' }] }),
      secret('untagged', { tags: [] }),
    ];
    expect(matching(tagged, [{ Key: 'tag-value', Values: ['Prod'] }])).toEqual(['production', 'prod1']);
  });

  it('matches exact tag keys and values (moto test_with_tag_key_filter / test_with_tag_value_filter)', () => {
    const tagged = [secret('foo', { tags: [{ Key: 'baz', Value: '1' }] }), secret('bar')];
    expect(matching(tagged, [{ Key: 'tag-key', Values: ['baz'] }])).toEqual(['foo']);
    const valued = [secret('foo', { tags: [{ Key: '1', Value: 'baz' }] }), secret('bar')];
    expect(matching(valued, [{ Key: 'tag-value', Values: ['baz'] }])).toEqual(['foo']);
  });

  it('negation matches secrets where no tag has the prefix, including untagged secrets', () => {
    const tagged = [
      secret('has', { tags: [{ Key: 'env', Value: 'prod' }] }),
      secret('other', { tags: [{ Key: 'team', Value: 'core' }] }),
      secret('mixed', { tags: [{ Key: 'team', Value: 'core' }, { Key: 'env', Value: 'dev' }] }),
      secret('untagged'),
    ];
    expect(matching(tagged, [{ Key: 'tag-key', Values: ['!env'] }])).toEqual(['other', 'untagged']);
    expect(matching(tagged, [{ Key: 'tag-value', Values: ['!prod'] }])).toEqual(['other', 'mixed', 'untagged']);
  });
});

describe('compileFilters: primary-region', () => {
  const secrets = [
    secret('east', { primaryRegion: 'us-east-1' }),
    secret('west', { primaryRegion: 'us-west-2' }),
    secret('eu', { primaryRegion: 'eu-west-1' }),
    secret('local'),
  ];

  it('is a case-sensitive prefix match', () => {
    expect(matching(secrets, [{ Key: 'primary-region', Values: ['us-'] }])).toEqual(['east', 'west']);
    expect(matching(secrets, [{ Key: 'primary-region', Values: ['eu-west-1'] }])).toEqual(['eu']);
    expect(matching(secrets, [{ Key: 'primary-region', Values: ['US-'] }])).toEqual([]);
    expect(matching(secrets, [{ Key: 'primary-region', Values: ['west'] }])).toEqual([]);
  });

  it('negation includes secrets without a primary region', () => {
    expect(matching(secrets, [{ Key: 'primary-region', Values: ['!us-'] }])).toEqual(['eu', 'local']);
  });
});

describe('compileFilters: owning-service', () => {
  const secrets = [
    secret('rds!cluster-1', { owningService: 'rds' }),
    secret('appflow!x', { owningService: 'appflow' }),
    secret('mine'),
  ];

  it('is a case-insensitive prefix match', () => {
    expect(matching(secrets, [{ Key: 'owning-service', Values: ['rds'] }])).toEqual(['rds!cluster-1']);
    expect(matching(secrets, [{ Key: 'owning-service', Values: ['RD'] }])).toEqual(['rds!cluster-1']);
    expect(matching(secrets, [{ Key: 'owning-service', Values: ['APP'] }])).toEqual(['appflow!x']);
    expect(matching(secrets, [{ Key: 'owning-service', Values: ['flow'] }])).toEqual([]);
  });

  it('never matches secrets without an owning service (moto test_filter_with_owning_service)', () => {
    expect(matching([secret('foo')], [{ Key: 'owning-service', Values: ['n/a'] }])).toEqual([]);
  });

  it('negation includes secrets without an owning service', () => {
    expect(matching(secrets, [{ Key: 'owning-service', Values: ['!RDS'] }])).toEqual(['appflow!x', 'mine']);
  });
});

describe('compileFilters: all', () => {
  it('searches name, description, tag keys and tag values (moto test_with_all_filter, mock version)', () => {
    const secrets = [
      secret('foo'),
      secret('bar', { description: 'foo' }),
      secret('baz', { tags: [{ Key: 'foo', Value: '1' }] }),
      secret('qux', { tags: [{ Key: '1', Value: 'foo' }] }),
      secret('multi', { tags: [{ Key: 'foo', Value: 'foo' }] }),
      secret('none'),
    ];
    expect(matching(secrets, [{ Key: 'all', Values: ['foo'] }])).toEqual(['foo', 'bar', 'baz', 'qux', 'multi']);
  });

  // moto test_with_all_filter (AWS-verified); the unique suffix is random in the original test.
  for (const unique of SUFFIXES) {
    describe(`AWS-verified test_with_all_filter (suffix ${unique})`, () => {
      const first = `SecretOne${unique}`;
      const second = `SecretTwo${unique}`;
      const third = `Thirdsecret${unique}`;
      const fooTagKey = `SecretFTag${unique}`;
      const fooTagVal = `SecretFValue${unique}`;
      const noMatch = `none${unique}`;
      const secrets = [
        secret(first),
        secret(second, { description: 'DescTwo' }),
        secret(third),
        secret(fooTagKey, { tags: [{ Key: '1', Value: 'foo' }] }),
        secret(fooTagVal, { tags: [{ Key: 'foo', Value: 'v' }] }),
        secret(noMatch),
      ];
      const all = (value: string): string[] => matching(secrets, [{ Key: 'all', Values: [value] }]);

      it('full match "SecretOne"', () => expect(all('SecretOne')).toEqual([first]));
      it('tags "foo"', () => expect(all('foo')).toEqual([fooTagKey, fooTagVal]));
      it('whole word "Secret"', () => expect(all('Secret')).toEqual([first, second, fooTagKey, fooTagVal]));
      it('lower-case "secret"', () => expect(all('secret')).toEqual([first, second, fooTagKey, fooTagVal]));
      it('word infix "ret" matches nothing', () => expect(all('ret')).toEqual([]));
      it('word prefix "sec"', () => expect(all('sec')).toEqual([first, second, fooTagKey, fooTagVal]));
      it('unknown "SomeSecret" matches nothing', () => expect(all('SomeSecret')).toEqual([]));
      it('"d" only matches DescTwo', () => expect(all('d')).toEqual([second]));
      it('"d t" only matches DescTwo', () => expect(all('d t')).toEqual([second]));
      it('"t" matches Two, Thirdsecret and FTag', () => expect(all('t')).toEqual([second, third, fooTagKey]));
    });
  }

  // moto test_with_all_filter_special_characters (AWS-verified)
  for (const unique of SUFFIXES) {
    describe(`AWS-verified test_with_all_filter_special_characters (suffix ${unique})`, () => {
      const specials = ['/', '_', '+', '=', '.', '@', '-'].map((sep) => `prod${sep}AppBeta${sep}${unique}`);
      const fullUppercase = `uat/COMPANY/${unique}`;
      const partialUppercase = `uat/COMPANYthings/${unique}`;
      const secrets = [...specials, fullUppercase, partialUppercase].map((name) => secret(name));
      const all = (...values: string[]): string[] => matching(secrets, [{ Key: 'all', Values: values }]);

      it('"AppBeta" matches every separator', () => expect(all('AppBeta')).toEqual(specials));
      it('"Beta" matches every separator', () => expect(all('Beta')).toEqual(specials));
      it('"AppBeta" OR "prod"', () => expect(all('AppBeta', 'prod')).toEqual(specials));
      it('a separator on its own matches nothing', () => expect(all('+')).toEqual([]));
      it('the unique suffix matches everything', () =>
        expect(all(unique)).toEqual([...specials, fullUppercase, partialUppercase]));
      it('"company" only matches the all-caps word', () => expect(all('company')).toEqual([fullUppercase]));
      it('"things" is not a word of COMPANYthings', () => expect(all('things')).toEqual([]));
      it('"Ythings" is a word of COMPANYthings', () => expect(all('Ythings')).toEqual([partialUppercase]));
      it('single capitals inside COMPANY are not words', () => expect(all('N')).toEqual([]));
      it('"pany" is not a word', () => expect(all('pany')).toEqual([]));
    });
  }

  it('treats every single separator character as matching nothing', () => {
    const secrets = [secret('a/b_c+d=e.f@g-h:i j', { description: 'x - y', tags: [{ Key: '+', Value: '/' }] })];
    for (const separator of ['/', '_', '+', '=', '.', '@', '-', ':', ' ']) {
      expect(matching(secrets, [{ Key: 'all', Values: [separator] }]), separator).toEqual([]);
    }
  });

  it('a negated separator matches everything', () => {
    expect(matching([secret('a/b')], [{ Key: 'all', Values: ['!+'] }])).toEqual(['a/b']);
  });

  it('splits the value the same way as the attributes', () => {
    const secrets = [secret('prod/AppBeta/db'), secret('prod/Other/db')];
    expect(matching(secrets, [{ Key: 'all', Values: ['prod/app'] }])).toEqual(['prod/AppBeta/db']);
    expect(matching(secrets, [{ Key: 'all', Values: ['app-beta'] }])).toEqual(['prod/AppBeta/db']);
    expect(matching(secrets, [{ Key: 'all', Values: ['BETA app'] }])).toEqual(['prod/AppBeta/db']);
  });

  it('splits at mixed separators in one name', () => {
    const secrets = [secret('prod-AppBeta/x1'), secret('a.b_c')];
    expect(matching(secrets, [{ Key: 'all', Values: ['beta'] }])).toEqual(['prod-AppBeta/x1']);
    expect(matching(secrets, [{ Key: 'all', Values: ['c'] }])).toEqual(['a.b_c']);
  });

  it('searches description words split like names (AWS user guide: credsDatabase#892)', () => {
    const secrets = [
      secret('one', { description: 'credsDatabase#892' }),
      secret('two', { description: 'creds database 892' }),
      secret('three', { description: 'credentials' }),
    ];
    expect(matching(secrets, [{ Key: 'all', Values: ['database'] }])).toEqual(['one', 'two']);
    expect(matching(secrets, [{ Key: 'all', Values: ['892'] }])).toEqual(['one', 'two']);
    expect(matching(secrets, [{ Key: 'all', Values: ['cred'] }])).toEqual(['one', 'two', 'three']);
    expect(matching(secrets, [{ Key: 'all', Values: ['creds data 8'] }])).toEqual(['one', 'two']);
  });

  it('splits tag keys and values into words too', () => {
    const secrets = [secret('t', { tags: [{ Key: 'CostCenter', Value: 'team:payments-EU' }] })];
    expect(matching(secrets, [{ Key: 'all', Values: ['center'] }])).toEqual(['t']);
    expect(matching(secrets, [{ Key: 'all', Values: ['payments'] }])).toEqual(['t']);
    expect(matching(secrets, [{ Key: 'all', Values: ['eu'] }])).toEqual(['t']);
    expect(matching(secrets, [{ Key: 'all', Values: ['ments'] }])).toEqual([]);
  });

  it('lets the words of one value be found in different attributes', () => {
    const secrets = [secret('prod/db', { description: 'Billing database' }), secret('dev/db')];
    expect(matching(secrets, [{ Key: 'all', Values: ['prod billing'] }])).toEqual(['prod/db']);
  });

  it('negation excludes secrets with any matching attribute', () => {
    const secrets = [
      secret('foo'),
      secret('bar', { description: 'foo' }),
      secret('baz', { tags: [{ Key: 'foo', Value: '1' }] }),
      secret('none'),
    ];
    expect(matching(secrets, [{ Key: 'all', Values: ['!foo'] }])).toEqual(['none']);
  });

  it('matches nothing for an empty or whitespace-only value', () => {
    expect(matching([secret('x')], [{ Key: 'all', Values: [''] }])).toEqual([]);
    expect(matching([secret('x')], [{ Key: 'all', Values: ['   '] }])).toEqual([]);
  });
});

describe('splitSearchWords', () => {
  const cases: [string, string[]][] = [
    ['test', ['test']],
    ['my test', ['my', 'test']],
    ['Mytest', ['Mytest']],
    ['MyTest', ['My', 'Test']],
    ['MyTestPhrase', ['My', 'Test', 'Phrase']],
    ['myTest', ['my', 'Test']],
    ['my/test', ['my', 'test']],
    ['prod-AppBeta/x', ['prod', 'App', 'Beta', 'x']],
    ['COMPANY', ['COMPANY']],
    ['COMPANYthings', ['COMPAN', 'Ythings']],
    ['SecretFTag', ['Secret', 'F', 'Tag']],
    ['DescTwo', ['Desc', 'Two']],
    ['Thirdsecret', ['Thirdsecret']],
    ['SecretOne3d4f2a', ['Secret', 'One', '3d', '4f', '2a']],
    ['v2Beta', ['v', '2', 'Beta']],
    ['abc123', ['abc', '123']],
    ['123abc', ['123abc']],
    ['credsDatabase#892', ['creds', 'Database', '892']],
    ['a:b', ['a', 'b']],
    ['  lead  trail  ', ['lead', 'trail']],
    ['+', []],
    ['/_+=.@-', []],
    ['', []],
    ['ÉcoleNormale', ['École', 'Normale']],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      expect(splitSearchWords(input)).toEqual(expected);
    });
  }
});
