/**
 * The measured scenarios and the data they need. Read-only scenarios replay requests signed once per connection;
 * write scenarios sign every request (distinct values, tokens and names).
 */
import { seedName, type Template } from './jobs.js';

export const VALUE_BYTES = 1024;
export const READ_PREFIX = 'bench/secret-';
export const PUT_PREFIX = 'bench/put-';
export const CREATE_PREFIX = 'bench/create-';
/** PutSecretValue is spread over this many secrets, so the 100-version retention of one secret does not dominate. */
export const PUT_SECRETS = 100;
/** Distinct read targets: one pre-signed request per connection, up to this many different secrets. */
const READ_TARGETS = 256;
const BATCH_SIZE = 20;

export interface Scenario {
  key: string;
  name: string;
  description: string;
  sequence: (readCount: number) => Template[];
}

const readIds = (readCount: number, n: number) => Array.from({ length: Math.min(n, readCount) }, (_, i) => seedName(READ_PREFIX, i));
const putIds = () => Array.from({ length: PUT_SECRETS }, (_, i) => seedName(PUT_PREFIX, i));
const bodiesFor = (key: string, readCount: number) => readIds(readCount, READ_TARGETS).map((id) => JSON.stringify({ [key]: id }));

const getTemplate = (readCount: number): Template => ({ kind: 'static', operation: 'GetSecretValue', bodies: bodiesFor('SecretId', readCount) });
const putTemplate = (): Template => ({ kind: 'put', secretIds: putIds(), valueBytes: VALUE_BYTES });

export const SCENARIOS: Scenario[] = [
  { key: 'get', name: 'GetSecretValue', description: '1 KiB value', sequence: (n) => [getTemplate(n)] },
  {
    key: 'describe',
    name: 'DescribeSecret',
    description: '',
    sequence: (n) => [{ kind: 'static', operation: 'DescribeSecret', bodies: bodiesFor('SecretId', n) }],
  },
  {
    key: 'batch-get',
    name: 'BatchGetSecretValue',
    description: 'SecretIdList of 20',
    sequence: (n) => {
      const ids = readIds(n, READ_TARGETS);
      const bodies = Array.from({ length: Math.max(1, Math.floor(ids.length / BATCH_SIZE)) }, (_, k) =>
        JSON.stringify({ SecretIdList: ids.slice(k * BATCH_SIZE, k * BATCH_SIZE + BATCH_SIZE) }),
      );
      return [{ kind: 'static', operation: 'BatchGetSecretValue', bodies }];
    },
  },
  {
    key: 'list',
    name: 'ListSecrets',
    description: 'default MaxResults',
    sequence: () => [{ kind: 'static', operation: 'ListSecrets', bodies: ['{}'] }],
  },
  { key: 'put', name: 'PutSecretValue', description: `over ${PUT_SECRETS} secrets`, sequence: () => [putTemplate()] },
  {
    key: 'create',
    name: 'CreateSecret',
    description: 'distinct names',
    sequence: () => [{ kind: 'create', namePrefix: CREATE_PREFIX, valueBytes: VALUE_BYTES }],
  },
  {
    key: 'mixed',
    name: 'Mixed 90/10',
    description: '90% GetSecretValue, 10% PutSecretValue',
    sequence: (n) => [...Array.from({ length: 9 }, () => getTemplate(n)), putTemplate()],
  },
];

export const CONNECTIONS = [1, 32, 256];
export const CLUSTER_CONNECTIONS = [32, 256];
export const SCALE_CONNECTIONS = 32;

export function scenarioByKey(key: string): Scenario {
  const found = SCENARIOS.find((s) => s.key === key);
  if (!found) throw new Error(`no scenario ${key}`);
  return found;
}

/** Accepts a scenario key (get, batch-get, ...) or an operation name (GetSecretValue, ...), any case. */
export function resolveScenarioKey(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  const found = SCENARIOS.find((s) => s.key === t || s.name.toLowerCase() === t || s.name.toLowerCase().replace(/[^a-z]/g, '') === t.replace(/[^a-z]/g, ''));
  return found?.key;
}
