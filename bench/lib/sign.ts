/**
 * A small, fast AWS Signature Version 4 signer for awsJson1_1 POSTs to `/`, built on node:crypto only.
 * Signed headers are always `content-type;host;x-amz-date;x-amz-target`; the payload hash is the hex SHA-256 of the
 * body. The derived signing key is cached per secret/date, and the x-amz-date text per second.
 */
import { createHash, createHmac } from 'node:crypto';

export const JSON11 = 'application/x-amz-json-1.1';
export const REGION = 'us-east-1';
export const SERVICE = 'secretsmanager';
const SIGNED_HEADERS = 'content-type;host;x-amz-date;x-amz-target';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Headers to send, names exactly as signed (lower case). */
export interface SignedHeaders {
  host: string;
  'content-type': string;
  'x-amz-date': string;
  'x-amz-target': string;
  authorization: string;
  [name: string]: string;
}

export class Signer {
  private keyDate = '';
  private key: Buffer = Buffer.alloc(0);
  private dateSecond = -1;
  private amzDate = '';

  constructor(
    private readonly credentials: Credentials,
    /** `host[:port]` exactly as it is sent in the Host header. */
    private readonly host: string,
    private readonly region: string = REGION,
    private readonly service: string = SERVICE,
  ) {}

  /** Signs a POST / with the given `X-Amz-Target` (e.g. `secretsmanager.GetSecretValue`) and body. */
  sign(target: string, body: string | Buffer, nowMs: number = Date.now()): SignedHeaders {
    const amzDate = this.amzDateFor(nowMs);
    const date = amzDate.slice(0, 8);
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const canonical =
      `POST\n/\n\ncontent-type:${JSON11}\nhost:${this.host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n\n` +
      `${SIGNED_HEADERS}\n${payloadHash}`;
    const scope = `${date}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(date)).update(stringToSign).digest('hex');
    return {
      host: this.host,
      'content-type': JSON11,
      'x-amz-date': amzDate,
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    };
  }

  private amzDateFor(nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.dateSecond) {
      this.dateSecond = second;
      this.amzDate = new Date(second * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    }
    return this.amzDate;
  }

  private signingKey(date: string): Buffer {
    if (date !== this.keyDate) {
      const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
      this.key = hmac(hmac(hmac(hmac(`AWS4${this.credentials.secretAccessKey}`, date), this.region), this.service), 'aws4_request');
      this.keyDate = date;
    }
    return this.key;
  }
}

export const target = (operation: string): string => `secretsmanager.${operation}`;
