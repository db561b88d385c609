/**
 * Staging-label rules, as pure functions over a secret's label map (versionId → labels). They reproduce the
 * transitions recorded against real AWS: a label lives on at most one version; whenever AWSCURRENT moves to another
 * version, AWSPREVIOUS moves to the version AWSCURRENT left.
 */
import { AwsError } from '../../protocol/errors.js';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';
export const MAX_LABELS_PER_SECRET = 20;

export type LabelMap = Map<string, string[]>;

export function holderOf(labels: LabelMap, label: string): string | undefined {
  for (const [versionId, stages] of labels) if (stages.includes(label)) return versionId;
  return undefined;
}

/**
 * Labels for a new version: `requested` (default AWSCURRENT), plus AWSCURRENT when no version holds it yet.
 * A new value that takes AWSCURRENT from a version that also holds AWSPENDING drops AWSPENDING from it (recorded
 * against AWS: Create v1; Put v2 [AWSPENDING]; move AWSCURRENT to v2; Put v3 → v2 keeps only AWSPREVIOUS). Whether
 * AWS also drops AWSPENDING from a version other than the current one is not recorded, so that is left alone.
 */
export function attachNewVersion(labels: LabelMap, versionId: string, requested: string[] | undefined): LabelMap {
  const wanted = [...new Set(requested ?? [AWSCURRENT])];
  const currentHolder = holderOf(labels, AWSCURRENT);
  if (!wanted.includes(AWSCURRENT) && currentHolder === undefined) wanted.push(AWSCURRENT);
  let next = new Map(labels);
  next.set(versionId, []);
  if (wanted.includes(AWSCURRENT) && currentHolder !== undefined && !wanted.includes(AWSPENDING)) {
    next.set(currentHolder, next.get(currentHolder)!.filter((l) => l !== AWSPENDING));
  }
  for (const label of wanted) next = moveLabel(next, label, versionId);
  return next;
}

export interface StageUpdate {
  label: string;
  removeFromVersionId?: string;
  moveToVersionId?: string;
}

/** UpdateSecretVersionStage: adds `label` to MoveToVersionId and/or removes it from RemoveFromVersionId. */
export function updateStage(labels: LabelMap, update: StageUpdate): LabelMap {
  const { label, removeFromVersionId, moveToVersionId } = update;
  for (const id of [removeFromVersionId, moveToVersionId]) {
    if (id !== undefined && !labels.has(id)) throw new AwsError('InvalidParameterException', `Not a valid version: ${id}`);
  }
  const holder = holderOf(labels, label);
  if (removeFromVersionId !== undefined && holder !== removeFromVersionId) {
    throw new AwsError('InvalidParameterException', `Version stage ${label} not found in version ${removeFromVersionId}`);
  }
  if (moveToVersionId === undefined) {
    if (removeFromVersionId === undefined) return labels;
    const next = new Map(labels);
    next.set(removeFromVersionId, labels.get(removeFromVersionId)!.filter((l) => l !== label));
    return next;
  }
  if (holder !== undefined && holder !== moveToVersionId && removeFromVersionId === undefined) {
    throw new AwsError(
      'InvalidParameterException',
      `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  return moveLabel(labels, label, moveToVersionId);
}

/** Puts `label` on `versionId`, taking it off its previous holder; moving AWSCURRENT drags AWSPREVIOUS along. */
function moveLabel(labels: LabelMap, label: string, versionId: string): LabelMap {
  const holder = holderOf(labels, label);
  if (holder === versionId) return labels;
  const next = new Map(labels);
  if (holder !== undefined) next.set(holder, next.get(holder)!.filter((l) => l !== label));
  next.set(versionId, [...(next.get(versionId) ?? []), label]);
  if (label === AWSCURRENT && holder !== undefined) {
    const previous = holderOf(next, AWSPREVIOUS);
    if (previous !== undefined) next.set(previous, next.get(previous)!.filter((l) => l !== AWSPREVIOUS));
    next.set(holder, [...next.get(holder)!, AWSPREVIOUS]);
  }
  return next;
}

export function countLabels(labels: LabelMap): number {
  let count = 0;
  for (const stages of labels.values()) count += stages.length;
  return count;
}

export function assertWithinLabelQuota(labels: LabelMap): void {
  if (countLabels(labels) > MAX_LABELS_PER_SECRET) {
    throw new AwsError('LimitExceededException', `A secret can't have more than ${MAX_LABELS_PER_SECRET} staging labels attached across all of its versions.`);
  }
}
