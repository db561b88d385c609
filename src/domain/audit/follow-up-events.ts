/**
 * Service events that follow some API calls, as Secrets Manager writes them to CloudTrail: scheduling a deletion
 * starts it (StartSecretVersionDelete), restoring cancels it (CancelSecretVersionDelete). The end of a deletion
 * (EndSecretVersionDelete) comes from the purge task, or at once for a forced delete.
 */
import type { EventIndex } from './audit-log.js';
import { serviceEventRecord } from './cloudtrail-event.js';

export interface ServiceEvent {
  record: Record<string, unknown>;
  index: EventIndex;
}

type SecretDeletionEvent = 'StartSecretVersionDelete' | 'CancelSecretVersionDelete' | 'EndSecretVersionDelete';

/** One service event on a secret, with the lookup index that goes with it. */
export function secretServiceEvent(
  eventName: SecretDeletionEvent,
  secretArn: string,
  at: { eventTime: number; region: string; accountId: string },
): ServiceEvent {
  const eventSource = 'secretsmanager.amazonaws.com';
  const resources = [{ type: 'AWS::SecretsManager::Secret', name: secretArn }];
  return {
    record: serviceEventRecord({ ...at, eventSource, eventName, resources }),
    index: { region: at.region, eventTime: at.eventTime, eventName, eventSource, readOnly: false, resources },
  };
}

export function followUpEvents(
  signingName: string,
  operationName: string,
  input: Record<string, unknown> | undefined,
  output: Record<string, unknown> | undefined,
  at: { eventTime: number; region: string; accountId: string },
): ServiceEvent[] {
  if (signingName !== 'secretsmanager' || typeof output?.ARN !== 'string') return [];
  const event = (eventName: SecretDeletionEvent) => secretServiceEvent(eventName, output.ARN as string, at);
  if (operationName === 'DeleteSecret' && input?.ForceDeleteWithoutRecovery !== true) return [event('StartSecretVersionDelete')];
  if (operationName === 'DeleteSecret') return [event('StartSecretVersionDelete'), event('EndSecretVersionDelete')];
  if (operationName === 'RestoreSecret') return [event('CancelSecretVersionDelete')];
  return [];
}
