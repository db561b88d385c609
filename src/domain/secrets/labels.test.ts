import { describe, expect, it } from 'vitest';
import { AwsError } from '../../protocol/errors.js';
import {
  AWSCURRENT,
  AWSPENDING,
  AWSPREVIOUS,
  assertWithinLabelQuota,
  attachNewVersion,
  countLabels,
  holderOf,
  type LabelMap,
  type StageUpdate,
  updateStage,
} from './labels.js';

/**
 * A tiny model of a secret's labels driven through the pure functions the way the engine drives them:
 * CreateSecret / PutSecretValue / UpdateSecret(SecretString) call attachNewVersion, UpdateSecretVersionStage calls
 * updateStage. Traces below are the AWS-validated ones of reference §3.2 (LocalStack snapshots recorded against AWS,
 * `tests/aws/services/secretsmanager/test_secretsmanager.snapshot.json`; moto `@aws_verified` tests).
 */
class Secret {
  labels: LabelMap = new Map();

  /** CreateSecret with a value, PutSecretValue, or UpdateSecret with a value. Returns the new version's labels. */
  put(versionId: string, stages?: string[]): string[] {
    this.labels = attachNewVersion(this.labels, versionId, stages);
    return sorted(this.labels.get(versionId)!);
  }

  usvs(update: StageUpdate): void {
    this.labels = updateStage(this.labels, update);
  }

  /** Labels per version, order-insensitive; deprecated versions (no labels) map to []. */
  view(): Record<string, string[]> {
    return Object.fromEntries([...this.labels].map(([id, stages]) => [id, sorted(stages)]));
  }

  /** What ListSecretVersionIds shows by default: versions that still have a label. */
  listed(): Record<string, string[]> {
    return Object.fromEntries(Object.entries(this.view()).filter(([, stages]) => stages.length > 0));
  }

  /** The version GetSecretValue returns by default. */
  current(): string | undefined {
    return holderOf(this.labels, AWSCURRENT);
  }
}

function sorted(stages: string[]): string[] {
  return [...stages].sort();
}

function mapOf(entries: Record<string, string[]>): LabelMap {
  return new Map(Object.entries(entries).map(([id, stages]) => [id, [...stages]]));
}

function viewOf(labels: LabelMap): Record<string, string[]> {
  return Object.fromEntries([...labels].map(([id, stages]) => [id, sorted(stages)]));
}

function errorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    return error as AwsError;
  }
  throw new Error('expected an AwsError, nothing was thrown');
}

describe('AWS-validated label traces (reference §3.2)', () => {
  it('test_update_secret_version_stages_current_previous: UpdateSecret with a value makes the old version AWSPREVIOUS', () => {
    const s = new Secret();
    expect(s.put('v1')).toEqual([AWSCURRENT]);
    expect(s.put('v2')).toEqual([AWSCURRENT]);
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT] });
  });

  it('test_update_secret_version_stages_current_pending: AWSPENDING stays on the promoted version, then a new value drops it', () => {
    const s = new Secret();
    s.put('v1');
    expect(s.put('v2', [AWSPENDING])).toEqual([AWSPENDING]);
    expect(s.view()).toEqual({ v1: [AWSCURRENT], v2: [AWSPENDING] });

    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v1', moveToVersionId: 'v2' });
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, AWSPENDING] });

    expect(s.put('v3')).toEqual([AWSCURRENT]);
    expect(s.listed()).toEqual({ v2: [AWSPREVIOUS], v3: [AWSCURRENT] });
    expect(s.view()).toEqual({ v1: [], v2: [AWSPREVIOUS], v3: [AWSCURRENT] });
  });

  it('test_update_secret_version_stages_current_pending_cycle: a new AWSPENDING version takes the label off the current one', () => {
    const s = new Secret();
    s.put('v1');
    s.put('v2', [AWSPENDING]);
    expect(s.current()).toBe('v1');
    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v1', moveToVersionId: 'v2' });
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, AWSPENDING] });

    expect(s.put('v3', [AWSPENDING])).toEqual([AWSPENDING]);
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT], v3: [AWSPENDING] });
    expect(s.current()).toBe('v2');

    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v3' });
    expect(s.listed()).toEqual({ v2: [AWSPREVIOUS], v3: [AWSCURRENT, AWSPENDING] });
    expect(s.view().v1).toEqual([]);
  });

  it('test_update_secret_version_stages_current_pending_cycle_custom_stages_1: custom labels ride along with their versions', () => {
    const s = new Secret();
    s.put('v1');
    expect(s.put('v2', ['AWSSOMETHING', AWSPENDING, 'PUT1'])).toEqual([AWSPENDING, 'AWSSOMETHING', 'PUT1']);
    expect(s.view()).toEqual({ v1: [AWSCURRENT], v2: [AWSPENDING, 'AWSSOMETHING', 'PUT1'] });

    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v1', moveToVersionId: 'v2' });
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, AWSPENDING, 'AWSSOMETHING', 'PUT1'] });

    expect(s.put('v3', [AWSPENDING, 'PUT2'])).toEqual([AWSPENDING, 'PUT2']);
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'AWSSOMETHING', 'PUT1'], v3: [AWSPENDING, 'PUT2'] });

    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v3' });
    expect(s.view()).toEqual({ v1: [], v2: [AWSPREVIOUS, 'AWSSOMETHING', 'PUT1'], v3: [AWSCURRENT, AWSPENDING, 'PUT2'] });
  });

  it('test_update_secret_version_stages_current_pending_cycle_custom_stages_2: a version keeps its custom label after losing AWSPREVIOUS', () => {
    const s = new Secret();
    s.put('v1');
    expect(s.put('v2', [AWSCURRENT, 'PUT0'])).toEqual([AWSCURRENT, 'PUT0']);
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'PUT0'] });

    expect(s.put('v3', [AWSPENDING, 'PUT1'])).toEqual([AWSPENDING, 'PUT1']);
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'PUT0'], v3: [AWSPENDING, 'PUT1'] });

    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v3' });
    expect(s.listed()).toEqual({ v2: [AWSPREVIOUS, 'PUT0'], v3: [AWSCURRENT, AWSPENDING, 'PUT1'] });

    expect(s.put('v4', [AWSPENDING, 'PUT2'])).toEqual([AWSPENDING, 'PUT2']);
    expect(s.listed()).toEqual({ v2: [AWSPREVIOUS, 'PUT0'], v3: [AWSCURRENT, 'PUT1'], v4: [AWSPENDING, 'PUT2'] });

    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v3', moveToVersionId: 'v4' });
    expect(s.view()).toEqual({ v1: [], v2: ['PUT0'], v3: [AWSPREVIOUS, 'PUT1'], v4: [AWSCURRENT, AWSPENDING, 'PUT2'] });
  });

  it('test_update_secret_version_stages_current_pending_cycle_custom_stages_3: removing a label without moving it', () => {
    const s = new Secret();
    s.put('v1');
    expect(s.put('v2', ['PENDING'])).toEqual(['PENDING']);
    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'v1', moveToVersionId: 'v2' });
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'PENDING'] });
    s.usvs({ label: 'PENDING', removeFromVersionId: 'v2' });
    expect(s.view()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT] });
  });

  it('test_put_secret_value_with_version_stages: custom or AWSPENDING labels leave AWSCURRENT where it is', () => {
    const s = new Secret();
    s.put('v1');
    expect(s.put('v2', ['SAMPLESTAGE1', 'SAMPLESTAGE0'])).toEqual(['SAMPLESTAGE0', 'SAMPLESTAGE1']);
    expect(s.current()).toBe('v1');
    expect(s.put('v3', ['SAMPLESTAGE1', 'SAMPLESTAGE0'])).toEqual(['SAMPLESTAGE0', 'SAMPLESTAGE1']);
    expect(s.current()).toBe('v1');
    expect(s.view()).toEqual({ v1: [AWSCURRENT], v2: [], v3: ['SAMPLESTAGE0', 'SAMPLESTAGE1'] });
    expect(s.put('v4', [AWSPENDING])).toEqual([AWSPENDING]);
    expect(s.current()).toBe('v1');
    // A value without VersionStages becomes current; the previous current becomes AWSPREVIOUS.
    expect(s.put('v5')).toEqual([AWSCURRENT]);
    expect(s.current()).toBe('v5');
    expect(s.view().v1).toEqual([AWSPREVIOUS]);
    expect(s.view().v3).toEqual(['SAMPLESTAGE0', 'SAMPLESTAGE1']);
  });

  it('test_non_versioning_version_stages_no_replacement: labels move one by one; the rest stay', () => {
    const s = new Secret();
    s.put('v1');
    expect(s.put('v2', ['one', 'two', 'three'])).toEqual(['one', 'three', 'two']);
    expect(s.put('v3', ['one', 'two', 'four'])).toEqual(['four', 'one', 'two']);
    expect(s.view()).toEqual({ v1: [AWSCURRENT], v2: ['three'], v3: ['four', 'one', 'two'] });
  });

  it('test_non_versioning_version_stages_replacement: a version stripped of every label drops out of the listing', () => {
    const s = new Secret();
    s.put('v1');
    s.put('v2', ['one', 'two', 'three']);
    expect(s.put('v3', ['one', 'two', 'three', 'four'])).toEqual(['four', 'one', 'three', 'two']);
    expect(s.listed()).toEqual({ v1: [AWSCURRENT], v3: ['four', 'one', 'three', 'two'] });
    expect(s.view().v2).toEqual([]);
  });

  it('test_deprecated_secret_version_stage: only AWSCURRENT and AWSPREVIOUS stay labelled after repeated puts', () => {
    const s = new Secret();
    s.put('v1');
    s.put('v2');
    expect(s.listed()).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT] });
    s.put('v3');
    expect(s.view()).toEqual({ v1: [], v2: [AWSPREVIOUS], v3: [AWSCURRENT] });
    s.put('v4');
    expect(s.view()).toEqual({ v1: [], v2: [], v3: [AWSPREVIOUS], v4: [AWSCURRENT] });
  });

  it('moto test_update_secret_version_stage_manually (AWS-verified): promoting a pending version', () => {
    const s = new Secret();
    s.put('old');
    s.put('new', [AWSPENDING]);
    s.usvs({ label: AWSCURRENT, removeFromVersionId: 'old', moveToVersionId: 'new' });
    expect(s.view()).toEqual({ old: [AWSPREVIOUS], new: [AWSCURRENT, AWSPENDING] });
  });
});

describe('attachNewVersion rules', () => {
  it('gives the first version AWSCURRENT by default', () => {
    expect(viewOf(attachNewVersion(new Map(), 'v1', undefined))).toEqual({ v1: [AWSCURRENT] });
  });

  it('adds AWSCURRENT to the first version of a secret even when other labels were asked for', () => {
    expect(viewOf(attachNewVersion(new Map(), 'v1', ['custom']))).toEqual({ v1: [AWSCURRENT, 'custom'] });
    expect(viewOf(attachNewVersion(new Map(), 'v1', [AWSPENDING]))).toEqual({ v1: [AWSCURRENT, AWSPENDING] });
  });

  it('de-duplicates the requested labels', () => {
    const next = attachNewVersion(mapOf({ v1: [AWSCURRENT] }), 'v2', ['x', 'x', 'y']);
    expect(next.get('v2')).toHaveLength(2);
    expect(viewOf(next)).toEqual({ v1: [AWSCURRENT], v2: ['x', 'y'] });
  });

  it('keeps every label on at most one version', () => {
    let labels: LabelMap = new Map();
    labels = attachNewVersion(labels, 'v1', undefined);
    labels = attachNewVersion(labels, 'v2', ['a', 'b']);
    labels = attachNewVersion(labels, 'v3', ['b', AWSCURRENT]);
    labels = attachNewVersion(labels, 'v4', ['a']);
    labels = attachNewVersion(labels, 'v5', undefined);
    const all = [...labels.values()].flat();
    expect(new Set(all).size).toBe(all.length);
    expect(countLabels(labels)).toBe(4);
    expect(viewOf(labels)).toEqual({ v1: [], v2: [], v3: [AWSPREVIOUS, 'b'], v4: ['a'], v5: [AWSCURRENT] });
  });

  it('does not mutate the map or arrays it is given', () => {
    const before = mapOf({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'x'], v3: [AWSPENDING] });
    const copy = viewOf(before);
    for (const stages of before.values()) Object.freeze(stages);
    attachNewVersion(before, 'v4', undefined);
    attachNewVersion(before, 'v5', ['x', AWSPENDING]);
    updateStage(before, { label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v3' });
    updateStage(before, { label: 'x', removeFromVersionId: 'v2' });
    expect(viewOf(before)).toEqual(copy);
    expect([...before.keys()]).toEqual(['v1', 'v2', 'v3']);
  });
});

describe('updateStage (UpdateSecretVersionStage)', () => {
  const base = () => mapOf({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'custom'], v3: [AWSPENDING], v4: [] });

  it('moving AWSCURRENT drags AWSPREVIOUS to the version it left', () => {
    const next = updateStage(base(), { label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v3' });
    expect(viewOf(next)).toEqual({ v1: [], v2: [AWSPREVIOUS, 'custom'], v3: [AWSCURRENT, AWSPENDING], v4: [] });
  });

  it('moving AWSCURRENT back onto the AWSPREVIOUS version swaps the two (AWS CLI example: revert to the previous version)', () => {
    const next = updateStage(base(), { label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v1' });
    expect(viewOf(next)).toEqual({ v1: [AWSCURRENT], v2: [AWSPREVIOUS, 'custom'], v3: [AWSPENDING], v4: [] });
  });

  it('moving AWSCURRENT onto a deprecated version', () => {
    const next = updateStage(base(), { label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'v4' });
    expect(viewOf(next)).toEqual({ v1: [], v2: [AWSPREVIOUS, 'custom'], v3: [AWSPENDING], v4: [AWSCURRENT] });
  });

  it('moving another label leaves AWSCURRENT and AWSPREVIOUS alone, and adds to the target’s labels', () => {
    const next = updateStage(base(), { label: 'custom', removeFromVersionId: 'v2', moveToVersionId: 'v1' });
    expect(viewOf(next)).toEqual({ v1: [AWSPREVIOUS, 'custom'], v2: [AWSCURRENT], v3: [AWSPENDING], v4: [] });
  });

  it('attaches a label held nowhere without needing RemoveFromVersionId', () => {
    const next = updateStage(base(), { label: 'brand-new', moveToVersionId: 'v4' });
    expect(viewOf(next)).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'custom'], v3: [AWSPENDING], v4: ['brand-new'] });
  });

  it('removes a label when MoveToVersionId is omitted', () => {
    const next = updateStage(base(), { label: AWSPENDING, removeFromVersionId: 'v3' });
    expect(viewOf(next)).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT, 'custom'], v3: [], v4: [] });
  });

  it('requires RemoveFromVersionId when moving AWSCURRENT (moto test_update_secret_version_stage_dont_specify_current_stage, AWS-verified)', () => {
    const error = errorOf(() => updateStage(base(), { label: AWSCURRENT, moveToVersionId: 'v3' }));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version v2, so you must explicitly reference that version in RemoveFromVersionId.",
    );
  });

  it('requires RemoveFromVersionId when moving any label attached to another version', () => {
    const error = errorOf(() => updateStage(base(), { label: AWSPENDING, moveToVersionId: 'v1' }));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toBe(
      "The parameter RemoveFromVersionId can't be empty. Staging label AWSPENDING is currently attached to version v3, so you must explicitly reference that version in RemoveFromVersionId.",
    );
  });

  it('rejects unknown version ids', () => {
    for (const update of [
      { label: AWSCURRENT, removeFromVersionId: 'v2', moveToVersionId: 'nope' },
      { label: AWSCURRENT, removeFromVersionId: 'nope', moveToVersionId: 'v3' },
      { label: 'custom', removeFromVersionId: 'nope' },
    ]) {
      const error = errorOf(() => updateStage(base(), update));
      expect(error.code).toBe('InvalidParameterException');
      expect(error.message).toBe('Not a valid version: nope');
    }
  });

  it('rejects a RemoveFromVersionId that does not hold the label', () => {
    const wrongHolder = errorOf(() => updateStage(base(), { label: AWSCURRENT, removeFromVersionId: 'v1', moveToVersionId: 'v3' }));
    expect(wrongHolder.code).toBe('InvalidParameterException');
    expect(wrongHolder.message).toBe('Version stage AWSCURRENT not found in version v1');

    const heldNowhere = errorOf(() => updateStage(base(), { label: 'ghost', removeFromVersionId: 'v4' }));
    expect(heldNowhere.code).toBe('InvalidParameterException');
    expect(heldNowhere.message).toBe('Version stage ghost not found in version v4');
  });

  it('leaves the labels unchanged when an update fails', () => {
    const labels = base();
    const copy = viewOf(labels);
    expect(() => updateStage(labels, { label: AWSCURRENT, moveToVersionId: 'v3' })).toThrow(AwsError);
    expect(viewOf(labels)).toEqual(copy);
  });
});

describe('label quota', () => {
  it('allows 20 labels across all versions and refuses 21', () => {
    const twenty = mapOf({ v1: [AWSCURRENT, ...Array.from({ length: 9 }, (_, i) => `a${i}`)], v2: Array.from({ length: 10 }, (_, i) => `b${i}`) });
    expect(countLabels(twenty)).toBe(20);
    expect(() => assertWithinLabelQuota(twenty)).not.toThrow();
    const twentyOne = attachNewVersion(twenty, 'v3', ['one-too-many']);
    expect(countLabels(twentyOne)).toBe(21);
    const error = errorOf(() => assertWithinLabelQuota(twentyOne));
    expect(error.code).toBe('LimitExceededException');
    // Moving a label does not change the count.
    expect(() => assertWithinLabelQuota(attachNewVersion(twenty, 'v3', ['a0']))).not.toThrow();
  });
});
