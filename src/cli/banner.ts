/** What `coffer dev` prints on start: where it listens, the root credentials, and a line to paste. */
import type { RootCredentials } from '../auth/root-credentials.js';

export interface BannerInfo {
  endpoint: string;
  dataDir: string;
  accountId: string;
  credentials: RootCredentials;
  workers: number;
}

export function banner({ endpoint, dataDir, accountId, credentials, workers }: BannerInfo): string {
  const { accessKeyId, secretAccessKey, source } = credentials;
  const keySource = source === 'environment' ? 'from COFFER_ROOT_SECRET_ACCESS_KEY' : `stored in ${dataDir}/root-credentials.json`;
  const env = `AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1`;
  return [
    `Coffer dev server listening on ${endpoint}${workers > 1 ? ` (${workers} worker processes)` : ''}`,
    `  data dir:           ${dataDir}`,
    `  account id:         ${accountId}`,
    `  root access key id: ${accessKeyId}`,
    `  root secret key:    ${secretAccessKey}   (${keySource})`,
    '',
    '  DEV MODE: the root key is stored in the data dir. Anyone who can read it can decrypt every secret. Not for production.',
    '',
    'Try it:',
    `  ${env} aws secretsmanager list-secrets`,
    '',
  ].join('\n');
}
