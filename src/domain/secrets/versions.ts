/** Version bookkeeping shared by every write: label maps, the label quota and the cleanup of old versions. */
import type { StoreWriter, VersionRecord } from '../../storage/store.js';
import { assertWithinLabelQuota, type LabelMap } from './labels.js';

/** AWS keeps the 100 most recent versions, plus every version created in the last 24 hours. */
export const VERSIONS_KEPT = 100;
export const VERSION_GRACE_MS = 24 * 60 * 60 * 1000;

export function labelMapOf(versions: VersionRecord[]): LabelMap {
  return new Map(versions.map((v) => [v.versionId, v.stages]));
}

/** Persists the label changes from `before` to `after` (versions only in `after` are new and stored separately). */
export async function saveLabels(tx: StoreWriter, secretId: string, before: LabelMap, after: LabelMap): Promise<void> {
  assertWithinLabelQuota(after);
  for (const [versionId, stages] of after) {
    const previous = before.get(versionId);
    if (previous !== undefined && !sameLabels(previous, stages)) await tx.setVersionStages(secretId, versionId, stages);
  }
}

/** Removes deprecated (unlabelled) versions beyond the 100 most recent that are older than 24 hours. */
export async function pruneVersions(tx: StoreWriter, secretId: string, now: number): Promise<void> {
  const expired = await tx.findExpiredVersions(secretId, VERSIONS_KEPT, now - VERSION_GRACE_MS);
  if (expired.length > 0) await tx.removeVersions(secretId, expired);
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}
