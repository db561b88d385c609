/**
 * IAM condition operators: compile a `Condition` block once, then evaluate it against a request context.
 *
 * Semantics (AWS IAM user guide: "Condition operators", "Conditions with multiple context keys or values"):
 * - operators in a block are ANDed, keys under one operator are ANDed, values for one key are ORed;
 *   a negated operator (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...) is the NOR of its values.
 * - key names are case-insensitive; values are case-sensitive unless the operator says `IgnoreCase`.
 * - a key absent from the context makes the condition false, except: `...IfExists` (true), negated operators (true),
 *   `Null` (tests absence), `ForAllValues:` (true on an absent/empty set). `ForAnyValue:` is false on an absent set.
 * - a multi-valued context key under an operator without a set qualifier matches when any of its values matches
 *   (negated operators: when none does).
 * - policy variables are substituted in values of String*, Arn* and Bool operators (2012-10-17 only); a value whose
 *   variable cannot be resolved is dropped, and a key left with no usable value is false.
 */
import { BlockList, isIP } from 'node:net';
import { lookup, type NormalizedContext } from './context.js';
import { PolicyMessages } from './messages.js';
import { globToRegExp } from './match.js';
import type { ContextValue, PolicyProblem } from './types.js';
import { chunksToString, compileTemplate, resolveTemplate, scalarToString, type Template } from './variables.js';

type Scalar = string | number | boolean | Date;

/** How one family of operators compares a request value with one policy value. */
interface OperatorFamily {
  /** Policy variables are substituted in this operator's values. */
  variables: boolean;
  /** Validate/convert a policy value at parse time; return `undefined` when invalid. */
  prepare(value: string): unknown;
  /** Compare with a prepared policy value (or, for variable-bearing values, the resolved chunks). */
  test(actual: Scalar, expected: unknown): boolean;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EPOCH = /^[+-]?\d+(\.\d+)?$/;

function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v);
  return undefined;
}

/**
 * Milliseconds since the epoch of an ISO 8601 string, epoch seconds (number or numeric string) or Date.
 *
 * @example
 * toEpochMillis('1780315200') === toEpochMillis('2026-06-01T12:00:00Z'); // true
 */
export function toEpochMillis(v: Scalar): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') return Number.isFinite(v) ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (EPOCH.test(s)) return Number(s) * 1000;
  if (!/^\d{4}-\d{2}/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

const str = (v: Scalar) => scalarToString(v);

const stringFamily = (cmp: (a: string, e: string) => boolean): OperatorFamily => ({
  variables: true,
  prepare: (v) => v,
  test: (a, e) => cmp(str(a), e as string),
});

const numericFamily = (cmp: (a: number, e: number) => boolean): OperatorFamily => ({
  variables: false,
  prepare: (v) => toNumber(v),
  test: (a, e) => {
    const n = toNumber(a);
    return n !== undefined && cmp(n, e as number);
  },
});

const dateFamily = (cmp: (a: number, e: number) => boolean): OperatorFamily => ({
  variables: false,
  prepare: (v) => toEpochMillis(v),
  test: (a, e) => {
    const n = toEpochMillis(a);
    return n !== undefined && cmp(n, e as number);
  },
});

const likeFamily = (mode: 'plain' | 'arn'): OperatorFamily => ({
  variables: true,
  prepare: (v) => v,
  test: (a, e) => {
    const s = str(a);
    if (mode === 'arn' && !(s.startsWith('arn:') && s.split(':').length >= 6)) return false;
    return (e as RegExp).test(s);
  },
});

function ipList(value: string): BlockList | undefined {
  const [addr, prefix, extra] = value.trim().split('/');
  if (extra !== undefined || !addr) return undefined;
  const family = isIP(addr);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const max = family === 4 ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= max)) return undefined;
  const list = new BlockList();
  list.addSubnet(addr, bits, type);
  return list;
}

const ipFamily: OperatorFamily = {
  variables: false,
  prepare: (v) => ipList(v),
  test: (a, e) => {
    const s = str(a).trim();
    const family = isIP(s);
    if (family === 0) return false;
    return (e as BlockList).check(s, family === 4 ? 'ipv4' : 'ipv6');
  },
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const binaryFamily: OperatorFamily = {
  variables: false,
  prepare: (v) => (BASE64.test(v) ? Buffer.from(v, 'base64') : undefined),
  test: (a, e) => typeof a === 'string' && BASE64.test(a) && Buffer.from(a, 'base64').equals(e as Buffer),
};

const boolFamily: OperatorFamily = {
  variables: true,
  prepare: (v) => v,
  test: (a, e) => str(a).toLowerCase() === (e as string).toLowerCase(),
};

interface OperatorSpec {
  family: OperatorFamily;
  negated: boolean;
  /** Values are wildcard patterns (`StringLike`, `ArnLike`, ...): compile per value. */
  glob?: 'plain' | 'arn';
}

const eq = (a: string, e: string) => a === e;
const eqi = (a: string, e: string) => a.toLowerCase() === e.toLowerCase();
const arnLike = likeFamily('arn');
const strLike = likeFamily('plain');

/** The base operators, keyed by lower-cased name. `Null` is handled separately. */
const OPERATORS: Record<string, OperatorSpec & { name: string }> = Object.fromEntries(
  (
    [
      ['StringEquals', stringFamily(eq), false],
      ['StringNotEquals', stringFamily(eq), true],
      ['StringEqualsIgnoreCase', stringFamily(eqi), false],
      ['StringNotEqualsIgnoreCase', stringFamily(eqi), true],
      ['StringLike', strLike, false, 'plain'],
      ['StringNotLike', strLike, true, 'plain'],
      ['NumericEquals', numericFamily((a, e) => a === e), false],
      ['NumericNotEquals', numericFamily((a, e) => a === e), true],
      ['NumericLessThan', numericFamily((a, e) => a < e), false],
      ['NumericLessThanEquals', numericFamily((a, e) => a <= e), false],
      ['NumericGreaterThan', numericFamily((a, e) => a > e), false],
      ['NumericGreaterThanEquals', numericFamily((a, e) => a >= e), false],
      ['DateEquals', dateFamily((a, e) => a === e), false],
      ['DateNotEquals', dateFamily((a, e) => a === e), true],
      ['DateLessThan', dateFamily((a, e) => a < e), false],
      ['DateLessThanEquals', dateFamily((a, e) => a <= e), false],
      ['DateGreaterThan', dateFamily((a, e) => a > e), false],
      ['DateGreaterThanEquals', dateFamily((a, e) => a >= e), false],
      ['Bool', boolFamily, false],
      ['BinaryEquals', binaryFamily, false],
      ['IpAddress', ipFamily, false],
      ['NotIpAddress', ipFamily, true],
      ['ArnEquals', arnLike, false, 'arn'],
      ['ArnLike', arnLike, false, 'arn'],
      ['ArnNotEquals', arnLike, true, 'arn'],
      ['ArnNotLike', arnLike, true, 'arn'],
    ] as const
  ).map(([name, family, negated, glob]) => [name.toLowerCase(), { name, family, negated, glob }]),
);

/** Every base operator name AWS defines (without IfExists / set qualifiers). */
export const CONDITION_OPERATORS: readonly string[] = [...Object.values(OPERATORS).map((o) => o.name), 'Null'];

type SetQualifier = 'ForAllValues' | 'ForAnyValue';

interface PreparedValue {
  /** Resolve per request (has variables) or use `prepared` directly. */
  template?: Template;
  prepared?: unknown;
}

/** One operator/key pair of a Condition block, ready to evaluate. */
export interface CompiledCondition {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  evaluate(ctx: NormalizedContext): boolean;
}

function parseOperator(raw: string): { qualifier?: SetQualifier; base: string; ifExists: boolean } | undefined {
  let rest = raw;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') qualifier = 'ForAllValues';
    else if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = rest.toLowerCase();
  if (base === 'null') return qualifier || ifExists ? undefined : { base, ifExists };
  if (!OPERATORS[base]) return undefined;
  return { qualifier, base, ifExists };
}

function asScalars(v: ContextValue | undefined): Scalar[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function compileNull(operator: string, key: string, values: string[]): CompiledCondition {
  const wantNull = values.map((v) => v.toLowerCase());
  return {
    operator,
    key,
    values,
    evaluate(ctx) {
      const absent = lookup(ctx, key) === undefined;
      return wantNull.some((w) => (w === 'true' ? absent : w === 'false' ? !absent : false));
    },
  };
}

/**
 * Compile one operator/key pair. Problems are appended to `problems`; the result is `undefined` when invalid.
 *
 * @example
 * const c = compileCondition('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', ['Blue'], true, [], 'Condition')!;
 * c.evaluate(buildContext({ arn, accountId, tags: { team: 'blue' } }, {}, new Date())); // true
 */
export function compileCondition(
  operator: string,
  key: string,
  values: string[],
  variables: boolean,
  problems: PolicyProblem[],
  path: string,
): CompiledCondition | undefined {
  const op = parseOperator(operator);
  if (!op) {
    problems.push({ message: PolicyMessages.invalidConditionOperator(operator), path });
    return undefined;
  }
  if (op.base === 'null') {
    for (const v of values) {
      if (!/^(true|false)$/i.test(v)) problems.push({ message: PolicyMessages.invalidConditionValue(operator, v), path });
    }
    return compileNull(operator, key, values);
  }
  const spec = OPERATORS[op.base]!;
  const prepared: PreparedValue[] = [];
  let ok = true;
  for (const v of values) {
    const template = compileTemplate(v, variables && spec.family.variables);
    if (template.dynamic) {
      prepared.push({ template });
      continue;
    }
    if (spec.glob) {
      prepared.push({ prepared: globToRegExp(resolveTemplate(template, new Map())!, spec.glob) });
      continue;
    }
    const p = spec.family.prepare(chunksToString(resolveTemplate(template, new Map())!));
    if (p === undefined) {
      problems.push({ message: PolicyMessages.invalidConditionValue(operator, v), path });
      ok = false;
    }
    prepared.push({ prepared: p });
  }
  if (!ok) return undefined;

  /** Policy values usable for this request (variables resolved; unresolvable ones dropped). */
  const resolve = (ctx: NormalizedContext): unknown[] => {
    const out: unknown[] = [];
    for (const p of prepared) {
      if (!p.template) {
        out.push(p.prepared);
        continue;
      }
      const chunks = resolveTemplate(p.template, ctx);
      if (!chunks) continue;
      const e = spec.glob ? globToRegExp(chunks, spec.glob) : spec.family.prepare(chunksToString(chunks));
      if (e !== undefined) out.push(e);
    }
    return out;
  };

  /** Does one request value satisfy the operator (positive: matches some value; negated: matches none)? */
  const one = (actual: Scalar, expected: unknown[]) => {
    const hit = expected.some((e) => spec.family.test(actual, e));
    return spec.negated ? !hit : hit;
  };

  return {
    operator,
    key,
    values,
    evaluate(ctx) {
      const actual = asScalars(lookup(ctx, key));
      if (actual.length === 0) {
        if (op.ifExists) return true;
        if (op.qualifier === 'ForAllValues') return true;
        if (op.qualifier === 'ForAnyValue') return false;
        return spec.negated;
      }
      const expected = resolve(ctx);
      if (expected.length === 0) return false;
      if (op.qualifier === 'ForAllValues') return actual.every((a) => one(a, expected));
      if (op.qualifier === 'ForAnyValue') return actual.some((a) => one(a, expected));
      const hit = actual.some((a) => expected.some((e) => spec.family.test(a, e)));
      return spec.negated ? !hit : hit;
    },
  };
}

/** A compiled Condition block: all entries must hold. */
export interface CompiledConditionBlock {
  readonly conditions: readonly CompiledCondition[];
  evaluate(ctx: NormalizedContext): boolean;
}

/**
 * Evaluate a whole block (AND of every operator/key pair). An empty block is true.
 *
 * @example
 * conditionBlock([c1, c2]).evaluate(ctx); // c1.evaluate(ctx) && c2.evaluate(ctx)
 */
export function conditionBlock(conditions: readonly CompiledCondition[]): CompiledConditionBlock {
  return { conditions, evaluate: (ctx) => conditions.every((c) => c.evaluate(ctx)) };
}
