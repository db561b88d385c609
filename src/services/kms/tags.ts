/** KMS tag rules the model does not state: `aws:` tag keys belong to AWS. */
import * as E from '../../domain/kms/errors.js';
import type { Tag } from '../../storage/store.js';

export function assertTagKeys(tags: readonly Tag[]): void {
  if (tags.some((t) => t.Key.toLowerCase().startsWith('aws:'))) throw E.reservedTagKey();
}
