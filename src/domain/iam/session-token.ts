/**
 * sts:GetSessionToken: temporary credentials (ASIA… key, sealed secret, hashed token) with the same permissions as
 * the long-term credentials that asked for them, within the limits the credential resolver puts on such sessions.
 * Only long-term credentials may ask; the account's root user gets at most one hour, as on AWS.
 */
import { createHash } from 'node:crypto';
import type { Envelope } from '../crypto/envelope.js';
import type { Store, UserSessionRecord } from '../../storage/store.js';
import { newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId, userSessionContext } from './access-keys.js';
import * as E from './errors.js';

const DEFAULT_DURATION_SECONDS = 43_200;
const ROOT_MAX_DURATION_SECONDS = 3_600;

/** Who asks: the account's root user (no `userName`) or an IAM user, and whether with temporary credentials. */
export interface SessionTokenCaller {
  accountId: string;
  userName?: string;
  temporaryCredentials: boolean;
}

export interface SessionTokenInput {
  durationSeconds?: number;
  serialNumber?: string;
  tokenCode?: string;
}

export interface IssuedSessionToken {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
}

export class SessionTokenService {
  constructor(
    private readonly store: Store,
    private readonly envelope: Envelope,
    private readonly now: () => number = Date.now,
  ) {}

  async getSessionToken(caller: SessionTokenCaller, input: SessionTokenInput): Promise<IssuedSessionToken> {
    if (caller.temporaryCredentials) throw E.sessionCredentialsCannotGetSessionToken();
    if (input.serialNumber !== undefined || input.tokenCode !== undefined) throw E.mfaNotSupported();
    const requested = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    // A longer request from the root user is not refused: its session simply lasts one hour.
    const duration = caller.userName === undefined ? Math.min(requested, ROOT_MAX_DURATION_SECONDS) : requested;
    const accessKeyId = newTemporaryAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = newSessionToken();
    const createdAt = this.now();
    const expiresAt = createdAt + duration * 1000;
    await this.store.transaction(async (tx) => {
      let principalArn = `arn:aws:iam::${caller.accountId}:root`;
      if (caller.userName !== undefined) {
        const user = await tx.getUser(caller.accountId, caller.userName);
        if (!user) throw E.noSuchUser(caller.userName);
        principalArn = user.arn;
      }
      await tx.deleteExpiredRoleSessions(createdAt);
      const session: UserSessionRecord = {
        accessKeyId,
        accountId: caller.accountId,
        sealedSecret: this.envelope.encrypt(userSessionContext(caller.accountId, principalArn, accessKeyId), Buffer.from(secretAccessKey, 'utf8')),
        sessionTokenHash: createHash('sha256').update(sessionToken).digest('hex'),
        createdAt,
        expiresAt,
      };
      if (caller.userName !== undefined) session.userName = caller.userName;
      await tx.insertUserSession(session);
    });
    return { accessKeyId, secretAccessKey, sessionToken, expiresAt };
  }
}
