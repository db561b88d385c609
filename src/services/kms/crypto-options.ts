/** Request members of the cryptographic operations that Coffer's symmetric keys answer in one way. */
import * as E from '../../domain/kms/errors.js';

/** A symmetric key encrypts with SYMMETRIC_DEFAULT only; the RSA and SM2 algorithms need asymmetric keys. */
export function assertSymmetricAlgorithm(algorithm: string | undefined): void {
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') throw E.incompatibleAlgorithm(algorithm);
}

/** Nitro Enclaves attestation (`Recipient`): the plaintext would have to be wrapped for the enclave. */
export function refuseRecipient(recipient: unknown): void {
  if (recipient !== undefined) throw E.unsupported('Coffer does not support Recipient (AWS Nitro Enclaves attestation).');
}

/** Called once every check has passed: a dry run stops here. */
export function endDryRun(dryRun: boolean | undefined): void {
  if (dryRun === true) throw E.dryRun();
}
