/**
 * The awsQuery codec, request side: form-encoded bodies (or query strings) in, `{ action, version, params }` out, and
 * params decoded into a structured input by the operation's input shape, the way botocore's QuerySerializer lays them
 * out:
 *
 * - scalars by name (`UserName=bob`), nested structures by dotted path (`Foo.Bar=x`);
 * - lists as `Foo.member.N` (1-based; `Foo.N` when the shape is flattened), an empty list as a bare `Foo=`;
 * - maps as `Foo.entry.N.key` / `Foo.entry.N.value` (`Foo.N.key` when flattened);
 * - booleans `true`/`false`, integers in decimal, timestamps in ISO 8601, blobs in base64.
 *
 * The decoded input is then validated by shape.ts's `parseInput`, so constraint violations read exactly as they do for
 * awsJson1_1, but are reported with the query protocol's code, `ValidationError`.
 *
 * Shapes may carry two optional wire traits that the shared `Shape` type does not declare (IAM and STS use neither):
 * `locationName` (the member's name on the wire, and for a list's member shape the item's name) and `flattened`.
 *
 * @example
 *   const request = parseQueryRequest(body);
 *   const op = resolveQueryOperation(request, '2010-05-08', operations);
 *   const input = parseQueryInput(op.input, request.params);
 */
import { isAwsError } from './errors.js';
import { parseInput, type Shape, type StructureShape } from './shape.js';

export const QUERY_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export type QueryFaultType = 'Sender' | 'Receiver';

/** What the XML error envelope needs; `AwsError` satisfies it structurally once the query codes are registered. */
export interface QueryErrorLike {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** Defaults to `Receiver` for 5xx statuses and `Sender` otherwise. */
  readonly type?: QueryFaultType;
}

/**
 * An error of the query protocol's own (`ValidationError`, `InvalidAction`, `MissingAction`), thrown by this codec
 * because those codes are not (yet) in the shared registry in errors.ts.
 */
export class QueryError extends Error implements QueryErrorLike {
  readonly code: string;
  readonly status: number;
  readonly type: QueryFaultType;

  constructor(code: string, status: number, message: string, type: QueryFaultType = status >= 500 ? 'Receiver' : 'Sender') {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

export function isQueryError(value: unknown): value is QueryError {
  return value instanceof QueryError;
}

export interface QueryRequest {
  /** The `Action` parameter; undefined when absent. */
  action: string | undefined;
  /** The `Version` parameter; undefined when absent. */
  version: string | undefined;
  /** Every other parameter, decoded (`+` is a space, `%XX` are UTF-8 bytes). */
  params: Map<string, string>;
}

/** Optional wire traits a shape may carry beyond the shared `Shape` type. */
export interface QueryTraits {
  locationName?: string;
  flattened?: boolean;
}

export function isQueryContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(';')[0]!.trim().toLowerCase() === QUERY_CONTENT_TYPE;
}

/**
 * Parses a form-encoded body, plus an optional query string (with or without its leading `?`) carrying the same kind
 * of parameters, as AWS accepts them on GET. A body parameter wins over a query-string parameter of the same name; a
 * name repeated within one source keeps its first value.
 */
export function parseQueryRequest(body: Buffer | string, queryString = ''): QueryRequest {
  const all = new Map<string, string>();
  addPairs(all, typeof body === 'string' ? body : body.toString('utf8'), true);
  addPairs(all, queryString.startsWith('?') ? queryString.slice(1) : queryString, false);
  const action = all.get('Action');
  const version = all.get('Version');
  all.delete('Action');
  all.delete('Version');
  return { action, version, params: all };
}

function addPairs(into: Map<string, string>, text: string, isBody: boolean): void {
  if (text === '') return;
  const seen = new Set<string>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (seen.has(key)) continue;
    seen.add(key);
    if (isBody || !into.has(key)) into.set(key, value);
  }
}

/**
 * Finds the operation an `Action` names. A missing `Action` is `MissingAction`; an unknown one, or a `Version` other
 * than the service's, is `InvalidAction` with AWS's text, `Could not find operation <Action> for version <Version>`.
 */
export function resolveQueryOperation<T>(
  request: Pick<QueryRequest, 'action' | 'version'>,
  apiVersion: string,
  operations: ReadonlyMap<string, T> | Readonly<Record<string, T>>,
): T {
  const { action, version } = request;
  if (action === undefined || action === '') throw new QueryError('MissingAction', 400, 'Missing Action');
  const op = operations instanceof Map ? operations.get(action) : Object.hasOwn(operations, action) ? (operations as Record<string, T>)[action] : undefined;
  if (op === undefined || version !== apiVersion) {
    throw new QueryError('InvalidAction', 400, `Could not find operation ${action} for version ${version ?? 'null'}`);
  }
  return op;
}

/**
 * Decodes `params` by `shape` and validates the result with shape.ts's `parseInput`; constraint violations (and
 * unparseable scalars) become `ValidationError`s. Parameters the shape does not name are ignored.
 */
export function parseQueryInput(shape: StructureShape, params: ReadonlyMap<string, string>): Record<string, unknown> {
  const decoded = decodeQueryParams(shape, params);
  try {
    return parseInput(shape, decoded);
  } catch (error) {
    if (isAwsError(error) && (error.code === 'ValidationException' || error.code === 'SerializationException')) {
      throw new QueryError('ValidationError', 400, error.message);
    }
    throw error;
  }
}

/**
 * Decodes `params` into a plain object shaped like `shape`, in the value conventions `parseInput` expects (timestamps as
 * epoch seconds, blobs as base64 text). Throws `ValidationError` for a scalar that cannot be read as its type.
 */
export function decodeQueryParams(shape: StructureShape, params: ReadonlyMap<string, string>): Record<string, unknown> {
  const index = new ParamIndex(params);
  return (decodeStructure(shape, index, '', '', true) ?? {}) as Record<string, unknown>;
}

/** The params with a lookup of which keys start with a given prefix, so lists and maps need not rescan everything. */
class ParamIndex {
  readonly params: ReadonlyMap<string, string>;
  private readonly keys: string[];

  constructor(params: ReadonlyMap<string, string>) {
    this.params = params;
    this.keys = [...params.keys()].sort();
  }

  get(key: string): string | undefined {
    return this.params.get(key);
  }

  has(key: string): boolean {
    return this.params.has(key);
  }

  /** True when some key starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const i = this.lowerBound(prefix);
    return i < this.keys.length && this.keys[i]!.startsWith(prefix);
  }

  /** The distinct positive indices N of keys that start with `prefix` followed by `N` and then `.` or the end. */
  indices(prefix: string): number[] {
    const found = new Set<number>();
    for (let i = this.lowerBound(prefix); i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (!key.startsWith(prefix)) break;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      const digits = dot === -1 ? rest : rest.slice(0, dot);
      if (/^[1-9][0-9]{0,8}$/.test(digits)) found.add(Number(digits));
    }
    return [...found].sort((a, b) => a - b);
  }

  private lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function traits(shape: Shape): QueryTraits {
  return shape as QueryTraits;
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** `path` is the Coral-style member path used in error messages (`tags.1.member.key`). */
function decode(shape: Shape, index: ParamIndex, key: string, path: string): unknown {
  switch (shape.type) {
    case 'structure':
      return decodeStructure(shape, index, key, path, false);
    case 'list':
      return decodeList(shape, index, key, path);
    case 'map':
      return decodeMap(shape, index, key, path);
    default: {
      const raw = index.get(key);
      return raw === undefined ? undefined : decodeScalar(shape, raw, path);
    }
  }
}

function decodeStructure(shape: StructureShape, index: ParamIndex, key: string, path: string, top: boolean): unknown {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [name, member] of Object.entries(shape.members)) {
    const wireName = traits(member).locationName ?? name;
    const memberPath = top ? lowerFirst(name) : `${path}.${lowerFirst(name)}`;
    const value = decode(member, index, join(key, wireName), memberPath);
    if (value !== undefined) {
      out[name] = value;
      any = true;
    }
  }
  if (top || any) return out;
  return index.has(key) ? out : undefined;
}

function decodeList(shape: Extract<Shape, { type: 'list' }>, index: ParamIndex, key: string, path: string): unknown[] | undefined {
  const itemName = traits(shape.member).locationName;
  let itemPrefix: string;
  if (traits(shape).flattened) {
    // botocore replaces the list's own last segment with the member's name when it has one.
    itemPrefix = itemName === undefined ? key : [...key.split('.').slice(0, -1), itemName].join('.');
  } else {
    itemPrefix = `${key}.${itemName ?? 'member'}`;
  }
  const positions = index.indices(`${itemPrefix}.`);
  if (positions.length === 0) return index.get(key) === '' ? [] : undefined;
  const out: unknown[] = [];
  positions.forEach((n, i) => {
    out.push(decode(shape.member, index, `${itemPrefix}.${n}`, `${path}.${i + 1}.member`) ?? null);
  });
  return out;
}

function decodeMap(shape: Extract<Shape, { type: 'map' }>, index: ParamIndex, key: string, path: string): Record<string, unknown> | undefined {
  const entryPrefix = traits(shape).flattened ? key : `${key}.entry`;
  const keyName = traits(shape.key).locationName ?? 'key';
  const valueName = traits(shape.value).locationName ?? 'value';
  const positions = index.indices(`${entryPrefix}.`);
  if (positions.length === 0) return index.get(key) === '' ? {} : undefined;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const n of positions) {
    const entryKey = index.get(`${entryPrefix}.${n}.${keyName}`);
    if (entryKey === undefined) continue;
    const value = decode(shape.value, index, `${entryPrefix}.${n}.${valueName}`, `${path}.${entryKey}`);
    if (value !== undefined && !(entryKey in out)) out[entryKey] = value;
  }
  return { ...out };
}

const INTEGER = /^[+-]?[0-9]+$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/i;

function decodeScalar(shape: Exclude<Shape, { type: 'structure' | 'list' | 'map' }>, raw: string, path: string): unknown {
  switch (shape.type) {
    case 'string':
    case 'blob':
      return raw;
    case 'integer':
    case 'long': {
      const value = INTEGER.test(raw) ? Number(raw) : Number.NaN;
      const int32 = shape.type === 'integer';
      if (!Number.isSafeInteger(value) || (int32 && (value < -(2 ** 31) || value >= 2 ** 31))) {
        throw invalidValue(raw, path, int32 ? 'Integer' : 'Long');
      }
      return value;
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw invalidValue(raw, path, 'Boolean');
    }
    case 'timestamp': {
      const seconds = parseIso8601(raw);
      if (seconds === undefined) throw invalidValue(raw, path, 'Timestamp');
      return seconds;
    }
  }
}

/** ISO 8601 date-time with seconds and a zone (`Z` or an offset), as botocore sends it; epoch seconds, or undefined. */
export function parseIso8601(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number((frac + '000').slice(0, 3));
  let epochMs = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (new Date(epochMs).getUTCDate() !== day) return undefined; // 31 February and the like
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    epochMs -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return epochMs / 1000;
}

function invalidValue(raw: string, path: string, type: string): QueryError {
  return new QueryError(
    'ValidationError',
    400,
    `1 validation error detected: Value '${raw}' at '${path}' failed to satisfy constraint: Member must be a valid ${type}`,
  );
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
