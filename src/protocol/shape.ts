/**
 * A small, model-driven description of operation inputs (a subset of the Smithy/botocore shape model) and the
 * validator that reports violations the way AWS's Coral front end does:
 * `2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: Member must …; …`.
 *
 * JSON type mismatches are not validation errors on AWS; they are `SerializationException`s, raised here too.
 */
import { AwsError } from './errors.js';

export type Shape =
  | { type: 'string'; min?: number; max?: number; pattern?: RegExp; patternText?: string; enum?: readonly string[]; sensitive?: boolean }
  | { type: 'integer' | 'long'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'timestamp' }
  | { type: 'blob'; min?: number; max?: number; sensitive?: boolean }
  | { type: 'list'; member: Shape; min?: number; max?: number }
  | { type: 'map'; key: Shape; value: Shape; min?: number; max?: number }
  | { type: 'structure'; members: Record<string, Member> };

export type Member = Shape & { required?: boolean };

export type StructureShape = Extract<Shape, { type: 'structure' }>;

const MAX_REPORTED = 10;

/** Validates and normalizes `input` against `shape`; blobs are decoded from base64 into Buffers. */
export function parseInput(shape: StructureShape, input: unknown): Record<string, unknown> {
  const problems: string[] = [];
  const value = walk(shape, input ?? {}, '', problems, true);
  if (problems.length > 0) {
    const count = problems.length;
    const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
    throw new AwsError('ValidationException', head + problems.slice(0, MAX_REPORTED).join('; '));
  }
  return (value ?? {}) as Record<string, unknown>;
}

function walk(shape: Shape, value: unknown, path: string, problems: string[], top = false): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure':
      return walkStructure(shape, value, path, problems, top);
    case 'list': {
      if (!Array.isArray(value)) throw notA(value, 'Expected list or null');
      const out = value.map((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item === null || item === undefined) problems.push(`Value null at '${itemPath}' failed to satisfy constraint: Member must not be null`);
        return walk(shape.member, item, itemPath, problems);
      });
      checkLength(shape, value.length, value, path, problems, false);
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw notA(value, 'Expected map or null');
      // A null-prototype object: a key such as `__proto__` is stored as data, never as a prototype.
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = walk(shape.value, v, `${path}.${k}`, problems);
      return out;
    }
    case 'string': {
      if (typeof value !== 'string') throw typeMismatch(value, 'String');
      if (!value.isWellFormed()) throw new AwsError('SerializationException', 'Invalid UTF-16: a string contains an unpaired surrogate.');
      const text = shape.sensitive ? undefined : value;
      checkLength(shape, value.length, text, path, problems, shape.sensitive === true);
      if (shape.pattern && !shape.pattern.test(value)) {
        problems.push(describe(text, path, shape.sensitive === true, `Member must satisfy regular expression pattern: ${shape.patternText ?? shape.pattern.source}`));
      }
      if (shape.enum && !shape.enum.includes(value)) {
        problems.push(describe(text, path, false, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
      }
      return value;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeMismatch(value, shape.type === 'long' ? 'Long' : 'Integer');
      if (shape.min !== undefined && value < shape.min) problems.push(describe(value, path, false, `Member must have value greater than or equal to ${shape.min}`));
      if (shape.max !== undefined && value > shape.max) problems.push(describe(value, path, false, `Member must have value less than or equal to ${shape.max}`));
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw typeMismatch(value, 'Boolean');
      return value;
    case 'timestamp':
      if (typeof value !== 'number') throw typeMismatch(value, 'Date');
      return new Date(value * 1000);
    case 'blob': {
      if (typeof value !== 'string') throw typeMismatch(value, 'ByteBuffer');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) {
        throw new AwsError('SerializationException', 'Base64 encoded value is not valid.');
      }
      const bytes = Buffer.from(value, 'base64');
      checkLength(shape, bytes.length, undefined, path, problems, shape.sensitive === true);
      return bytes;
    }
  }
}

function walkStructure(shape: StructureShape, value: unknown, path: string, problems: string[], top: boolean): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw Array.isArray(value)
      ? new AwsError('SerializationException', 'Start of list found where not expected')
      : typeMismatch(value, 'Structure');
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const memberPath = top ? lowerFirst(name) : `${path}.${lowerFirst(name)}`;
    const raw = record[name];
    if (raw === undefined || raw === null) {
      if (member.required) problems.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const parsed = walk(member, raw, memberPath, problems);
    if (parsed !== undefined) out[name] = parsed;
  }
  return out;
}

function checkLength(
  shape: { min?: number; max?: number },
  length: number,
  shown: unknown,
  path: string,
  problems: string[],
  sensitive: boolean,
): void {
  if (shape.min !== undefined && length < shape.min) problems.push(describe(shown, path, sensitive, `Member must have length greater than or equal to ${shape.min}`));
  if (shape.max !== undefined && length > shape.max) problems.push(describe(shown, path, sensitive, `Member must have length less than or equal to ${shape.max}`));
}

function describe(value: unknown, path: string, sensitive: boolean, constraint: string): string {
  if (sensitive || value === undefined) return `Value at '${path}' failed to satisfy constraint: ${constraint}`;
  return `Value '${render(value)}' at '${path}' failed to satisfy constraint: ${constraint}`;
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${render(v)}`).join(', ')}}`;
  }
  return String(value);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function typeMismatch(value: unknown, target: string): AwsError {
  if (typeof value === 'object' && value !== null) {
    return Array.isArray(value)
      ? new AwsError('SerializationException', 'Start of list found where not expected')
      : new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  const source = typeof value === 'string' ? 'java.lang.String' : typeof value === 'boolean' ? 'java.lang.Boolean' : 'com.amazon.coral.value.json.numbers.TruncatingBigNumber';
  return new AwsError('SerializationException', `class ${source} can not be converted to an ${target}`);
}

function notA(value: unknown, message: string): AwsError {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject) return new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  if (Array.isArray(value)) return new AwsError('SerializationException', 'Start of list found where not expected');
  return new AwsError('SerializationException', message);
}
