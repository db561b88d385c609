/**
 * Service events that follow some API calls, as Secrets Manager writes them to CloudTrail: scheduling a deletion
 * starts it (StartSecretVersionDelete), restoring cancels it (CancelSecretVersionDelete). The end of a deletion
 * (EndSecretVersionDelete) comes from the purge task.
 */
import { serviceEventRecord } from './cloudtrail-event.js';

export function followUpEvents(
  signingName: string,
  operationName: string,
  input: Record<string, unknown> | undefined,
  output: Record<string, unknown> | undefined,
  at: { eventTime: number; region: string; accountId: string },
): Record<string, unknown>[] {
  if (signingName !== 'secretsmanager' || typeof output?.ARN !== 'string') return [];
  const resources = [{ type: 'AWS::SecretsManager::Secret', name: output.ARN }];
  const event = (eventName: string) => serviceEventRecord({ ...at, eventSource: 'secretsmanager.amazonaws.com', eventName, resources });
  if (operationName === 'DeleteSecret' && input?.ForceDeleteWithoutRecovery !== true) return [event('StartSecretVersionDelete')];
  if (operationName === 'DeleteSecret') return [event('StartSecretVersionDelete'), event('EndSecretVersionDelete')];
  if (operationName === 'RestoreSecret') return [event('CancelSecretVersionDelete')];
  return [];
}

export function endOfDeletionEvent(secretArn: string, at: { eventTime: number; region: string; accountId: string }): Record<string, unknown> {
  return serviceEventRecord({ ...at, eventSource: 'secretsmanager.amazonaws.com', eventName: 'EndSecretVersionDelete', resources: [{ type: 'AWS::SecretsManager::Secret', name: secretArn }] });
}
