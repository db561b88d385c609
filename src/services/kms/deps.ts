import type { Kms } from '../../domain/kms/index.js';

/** What KMS operations need from the domain. */
export interface KmsDeps {
  kms: Kms;
}
