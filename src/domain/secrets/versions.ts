/** Version bookkeeping shared by every write: label maps, the label quota and the cleanup of old versions. */
import type { StoreWriter, VersionRecord } from '../../storage/store.js';
import { assertWithinLabelQuota, type LabelMap } from './labels.js';

/** AWS keeps the 100 most recent versions, plus every version created in the last 24 hours. */
export const VERSIONS_KEPT = 100;
export const VERSION_GRACE_MS = 24 * 60 * 60 * 1000;

export function labelMapOf(versions: VersionRecord[]): LabelMap {
  return new Map(versions.map((v) => [v.versionId, v.stages]));
}

/** Persists the label changes from `before` to `after` and removes deprecated versions past retention. */
export async function saveLabels(
  tx: StoreWriter,
  secretId: string,
  versions: VersionRecord[],
  after: LabelMap,
  now: number,
): Promise<void> {
  assertWithinLabelQuota(after);
  const before = labelMapOf(versions);
  for (const [versionId, stages] of after) {
    const previous = before.get(versionId);
    if (previous !== undefined && !sameLabels(previous, stages)) await tx.setVersionStages(secretId, versionId, stages);
  }
  const newestFirst = [...versions].reverse();
  const expired = newestFirst
    .slice(VERSIONS_KEPT - 1)
    .filter((v) => (after.get(v.versionId) ?? []).length === 0 && v.createdAt < now - VERSION_GRACE_MS)
    .map((v) => v.versionId);
  if (expired.length > 0) await tx.removeVersions(secretId, expired);
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}
