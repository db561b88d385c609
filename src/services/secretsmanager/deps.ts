import type { SecretsEngine } from '../../domain/secrets/engine.js';

/** What Secrets Manager operations need from the domain. */
export interface SecretsManagerDeps {
  engine: SecretsEngine;
}
