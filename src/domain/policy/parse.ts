/**
 * Parse and validate an IAM policy document (identity or resource policy) into a `CompiledPolicy`.
 *
 * Grammar (AWS IAM user guide, "Grammar of the IAM JSON policy language"): top-level `Version`, `Id`, `Statement`
 * (object or array); each statement `Sid`, `Effect` (`Allow`|`Deny`), exactly one of `Action`/`NotAction`, exactly
 * one of `Resource`/`NotResource`, `Principal`/`NotPrincipal` (resource policies only, exactly one, required), and
 * `Condition` (operator → key → value or list). Wherever a list is allowed a single string is too. Element names are
 * case-sensitive; an omitted Version means 2008-10-17 (policy variables then stay literal).
 */
import { compileCondition, conditionBlock, type CompiledCondition } from './conditions.js';
import type { CompiledPolicy, CompiledStatement, Effect, ParseResult } from './compiled-policy.js';
import { compileAction, compilePattern } from './match.js';
import { PolicyMessages } from './messages.js';
import { parsePrincipal } from './principal.js';
import type { PolicyKind, PolicyProblem } from './types.js';

export interface ParseOptions {
  /** `identity` policies must not contain Principal; `resource` policies must. */
  kind: PolicyKind;
}

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const VENDOR = /^[a-zA-Z0-9-]+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or a non-empty list of strings, as a list; `undefined` if neither. */
function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v;
  return undefined;
}

/** Condition values may also be JSON numbers/booleans (IAM accepts `"Bool": {"aws:SecureTransport": false}`). */
function conditionValues(v: unknown): string[] | undefined {
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (scalar(v)) return [String(v)];
  if (Array.isArray(v) && v.length > 0 && v.every(scalar)) return v.map(String);
  return undefined;
}

function checkAction(a: string, problems: PolicyProblem[], path: string): void {
  if (a === '*') return;
  const colon = a.indexOf(':');
  if (colon <= 0 || !VENDOR.test(a.slice(0, colon)) || colon === a.length - 1) {
    problems.push({ message: PolicyMessages.MISSING_VENDOR, path });
  }
}

function checkResource(r: string, problems: PolicyProblem[], path: string): void {
  if (r === '*') return;
  const parts = r.split(':');
  if (parts[0] !== 'arn' || (parts.length < 6 && !r.endsWith('*'))) {
    problems.push({ message: PolicyMessages.resourceFormat(r), path });
    return;
  }
  const service = parts[2] ?? '';
  if (service === '' || /[*?]/.test(service)) problems.push({ message: PolicyMessages.RESOURCE_VENDOR, path });
}

function parseConditionBlock(raw: unknown, variables: boolean, problems: PolicyProblem[], path: string): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  if (!isObject(raw)) {
    problems.push({ message: PolicyMessages.SYNTAX, path });
    return out;
  }
  for (const [operator, keys] of Object.entries(raw)) {
    const opPath = `${path}.${operator}`;
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      problems.push({ message: PolicyMessages.SYNTAX, path: opPath });
      continue;
    }
    for (const [key, value] of Object.entries(keys)) {
      const keyPath = `${opPath}.${key}`;
      const colon = key.indexOf(':');
      if (colon <= 0 || colon === key.length - 1) {
        problems.push({ message: PolicyMessages.MISSING_VENDOR, path: keyPath });
        continue;
      }
      const values = conditionValues(value);
      if (!values) {
        problems.push({ message: PolicyMessages.SYNTAX, path: keyPath });
        continue;
      }
      const c = compileCondition(operator, key, values, variables, problems, keyPath);
      if (c) out.push(c);
    }
  }
  return out;
}

function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  kind: PolicyKind,
  variables: boolean,
  problems: PolicyProblem[],
): CompiledStatement | undefined {
  const before = problems.length;
  if (!isObject(raw)) {
    problems.push({ message: PolicyMessages.SYNTAX, path });
    return undefined;
  }
  for (const k of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(k)) problems.push({ message: PolicyMessages.SYNTAX, path: `${path}.${k}` });
  }

  let sid: string | undefined;
  if ('Sid' in raw) {
    if (typeof raw.Sid !== 'string') problems.push({ message: PolicyMessages.SYNTAX, path: `${path}.Sid` });
    else {
      sid = raw.Sid;
      if (kind === 'identity' && !/^[0-9A-Za-z]*$/.test(sid)) problems.push({ message: PolicyMessages.INVALID_SID, path: `${path}.Sid` });
    }
  }

  let effect: Effect | undefined;
  if (!('Effect' in raw)) problems.push({ message: PolicyMessages.MISSING_EFFECT, path });
  else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect;
  else problems.push({ message: PolicyMessages.invalidEffect(String(raw.Effect)), path: `${path}.Effect` });

  // Action / NotAction
  const hasA = 'Action' in raw;
  const hasNA = 'NotAction' in raw;
  let actionList: string[] | undefined;
  if (hasA && hasNA) problems.push({ message: PolicyMessages.SYNTAX, path });
  else if (!hasA && !hasNA) problems.push({ message: PolicyMessages.MISSING_ACTIONS, path });
  else {
    const field = hasA ? 'Action' : 'NotAction';
    actionList = stringList(raw[field]);
    if (!actionList) problems.push({ message: PolicyMessages.SYNTAX, path: `${path}.${field}` });
    else actionList.forEach((a, i) => checkAction(a, problems, `${path}.${field}[${i}]`));
  }

  // Resource / NotResource
  const hasR = 'Resource' in raw;
  const hasNR = 'NotResource' in raw;
  let resourceList: string[] | undefined;
  if (kind === 'trust') {
    if (hasR || hasNR) problems.push({ message: `Has prohibited field ${hasR ? 'Resource' : 'NotResource'}`, path });
    else resourceList = ['*'];
  } else if (hasR && hasNR) problems.push({ message: PolicyMessages.SYNTAX, path });
  else if (!hasR && !hasNR) problems.push({ message: PolicyMessages.MISSING_RESOURCES, path });
  else {
    const field = hasR ? 'Resource' : 'NotResource';
    resourceList = stringList(raw[field]);
    if (!resourceList) problems.push({ message: PolicyMessages.SYNTAX, path: `${path}.${field}` });
    else resourceList.forEach((r, i) => checkResource(r, problems, `${path}.${field}[${i}]`));
  }

  // Principal / NotPrincipal
  const hasP = 'Principal' in raw;
  const hasNP = 'NotPrincipal' in raw;
  let principals: CompiledStatement['principals'];
  if (kind === 'identity') {
    if (hasP || hasNP) problems.push({ message: PolicyMessages.PRINCIPAL_NOT_ALLOWED, path });
  } else if (hasP && hasNP) problems.push({ message: PolicyMessages.SYNTAX, path });
  else if (!hasP && !hasNP) problems.push({ message: PolicyMessages.MISSING_PRINCIPAL, path });
  else {
    const field = hasP ? 'Principal' : 'NotPrincipal';
    const spec = parsePrincipal(raw[field], problems, `${path}.${field}`);
    if (spec) principals = { negated: hasNP, spec };
  }

  const conditions = 'Condition' in raw ? parseConditionBlock(raw.Condition, variables, problems, `${path}.Condition`) : [];

  if (problems.length > before || !effect || !actionList || !resourceList) return undefined;
  return {
    index,
    ...(sid !== undefined ? { sid } : {}),
    effect,
    actions: { negated: hasNA, matchers: actionList.map(compileAction) },
    resources: { negated: hasNR, matchers: resourceList.map((r) => compilePattern(r, 'arn', variables)) },
    ...(principals ? { principals } : {}),
    condition: conditionBlock(conditions),
  };
}

/**
 * Parse, validate and compile a policy document (JSON text or an already parsed value).
 *
 * @example
 * const r = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:Get*","Resource":"*"}}',
 *   { kind: 'identity' });
 * if (!r.ok) throw new Error(r.problems[0].message); // e.g. "Policy statement must contain resources."
 * evaluate(request, { identityPolicies: [r.policy] });
 */
export function parsePolicy(document: string | unknown, options: ParseOptions): ParseResult {
  let doc: unknown = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch {
      return { ok: false, problems: [{ message: PolicyMessages.SYNTAX, path: '' }] };
    }
  }
  const problems: PolicyProblem[] = [];
  if (!isObject(doc)) return { ok: false, problems: [{ message: PolicyMessages.SYNTAX, path: '' }] };
  for (const k of Object.keys(doc)) if (!TOP_KEYS.has(k)) problems.push({ message: PolicyMessages.SYNTAX, path: k });

  let version: CompiledPolicy['version'] = '2008-10-17';
  if ('Version' in doc) {
    if (typeof doc.Version === 'string' && VERSIONS.has(doc.Version)) version = doc.Version as CompiledPolicy['version'];
    else problems.push({ message: PolicyMessages.LEGACY_PARSING, path: 'Version' });
  }
  let id: string | undefined;
  if ('Id' in doc) {
    if (typeof doc.Id === 'string') id = doc.Id;
    else problems.push({ message: PolicyMessages.SYNTAX, path: 'Id' });
  }

  const statements: CompiledStatement[] = [];
  if (!('Statement' in doc)) problems.push({ message: PolicyMessages.MISSING_STATEMENT, path: 'Statement' });
  else {
    const raw = doc.Statement;
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) problems.push({ message: PolicyMessages.SYNTAX, path: 'Statement' });
    const variables = version === '2012-10-17';
    const sids = new Set<string>();
    list.forEach((s, i) => {
      const path = Array.isArray(raw) ? `Statement[${i}]` : 'Statement';
      const st = parseStatement(s, i, path, options.kind, variables, problems);
      if (isObject(s) && typeof s.Sid === 'string' && s.Sid !== '') {
        if (sids.has(s.Sid)) problems.push({ message: PolicyMessages.DUPLICATE_SID, path: `${path}.Sid` });
        sids.add(s.Sid);
      }
      if (st) statements.push(st);
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy: { kind: options.kind, version, ...(id !== undefined ? { id } : {}), statements, document: doc } };
}
