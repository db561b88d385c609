/**
 * Request authentication that can be locked: the credential resolver exists only while the server is unsealed
 * (server mode loads the root credentials at unseal), and locking drops it together with every cached secret,
 * including the SigV4 verifier's derived signing keys.
 */
import type { CredentialResolver } from '../auth/credentials.js';
import type { RootCredentials } from '../auth/root-credentials.js';
import { SealedError } from '../domain/seal/seal-errors.js';
import { AwsError } from '../protocol/errors.js';
import { SigV4Verifier, type SignedRequest, type VerifiedRequest } from '../protocol/sigv4.js';
import type { Principal } from '../services/operation.js';

/** The signing name of Coffer's own operator API (`/sys/seal`). */
export const OPERATOR_SIGNING_NAME = 'coffer';

/** A verifier whose caches can be dropped: it delegates to an inner verifier that `reset()` replaces. */
class ResettableVerifier extends SigV4Verifier<Principal> {
  private inner: SigV4Verifier<Principal>;

  constructor(private readonly makeInner: () => SigV4Verifier<Principal>) {
    super(() => undefined);
    this.inner = makeInner();
  }

  override verify(request: SignedRequest, expectedService: string): Promise<VerifiedRequest<Principal>> {
    return this.inner.verify(request, expectedService);
  }

  reset(): void {
    this.inner = this.makeInner();
  }
}

export class SealableAuth {
  private resolver: CredentialResolver | undefined;
  private root: RootCredentials | undefined;
  private readonly resettable: ResettableVerifier;

  constructor(
    private readonly build: (root: RootCredentials) => CredentialResolver,
    now: () => number,
  ) {
    this.resettable = new ResettableVerifier(
      () =>
        new SigV4Verifier<Principal>((accessKeyId, token) => {
          if (!this.resolver) throw new SealedError(true);
          return this.resolver.lookup(accessKeyId, token);
        }, now),
    );
  }

  get verifier(): SigV4Verifier<Principal> {
    return this.resettable;
  }

  get rootCredentials(): RootCredentials {
    if (!this.root) throw new SealedError(true);
    return this.root;
  }

  unlock(root: RootCredentials): void {
    this.root = root;
    this.resolver = this.build(root);
  }

  lock(): void {
    this.resolver?.clear();
    this.resolver = undefined;
    this.root = undefined;
    this.resettable.reset();
  }

  /** Verifies a request signed (SigV4, signing name 'coffer') with the account's root access key itself. */
  async verifyRoot(request: SignedRequest): Promise<void> {
    const verified = await this.resettable.verify(request, OPERATOR_SIGNING_NAME);
    if (verified.principal.type !== 'Root' || verified.accessKeyId !== this.root?.accessKeyId) {
      throw new AwsError('AccessDeniedException', 'Only the root credentials may seal Coffer.');
    }
  }
}
