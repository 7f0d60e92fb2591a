/**
 * Ensembles as a fine-tuning lever: train the same model N times with seeds s, s+1, … (same data,
 * architecture and training settings) and forecast with the mean of the members. Averaging cancels
 * part of each seed's luck; the members' own errors show how much luck there was.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildAveragingModel, buildModel, disposeModel, type ArchitectureSpec } from '../architectures/architectures.ts';
import type { PreparedData } from '../data/prepare.ts';
import { evaluateModel, type Evaluation } from '../evaluation/evaluate.ts';
import { rangeError } from '../settings/check.ts';
import type { EpochLog, TrainingConfig } from '../training/config.ts';
import { train } from '../training/train.ts';

export interface EnsembleSpec {
  readonly data: PreparedData;
  readonly architecture: ArchitectureSpec;
  /** The members' training settings; member k trains with seed `training.seed + k`. */
  readonly training: TrainingConfig;
  /** How many members (the settings table's `ensembleMembers`: 2–8). */
  readonly members: number;
}

/** One member of an ensemble: its seed and its own errors, in target units. */
export interface EnsembleMember {
  readonly seed: number;
  /** Best validation MAE of its training (the weights it keeps). */
  readonly valMae: number;
  /** Its own test MAE. */
  readonly testMae: number;
  readonly epochsRun: number;
  readonly msTotal: number;
}

export interface EnsembleResult {
  /** The averaging model (one input, the mean of the members' outputs); the caller disposes it with `disposeModel`. Null when stopped. */
  readonly model: tf.LayersModel | null;
  readonly members: readonly EnsembleMember[];
  /** MAE of the mean forecast on the validation split, in target units. */
  readonly valMae: number;
  /** The mean forecast on the test split, against the baselines. Null when stopped. */
  readonly evaluation: Evaluation | null;
  readonly msTotal: number;
  /** Stopped before every member finished: nothing is kept. */
  readonly cancelled: boolean;
}

export interface EnsembleCallbacks {
  /** After each epoch of each member; `member` is 0-based. */
  readonly onEpoch?: (log: EpochLog, member: number, members: number) => void;
  /** After each finished member. */
  readonly onMember?: (member: EnsembleMember, index: number, members: number) => void;
  readonly signal?: AbortSignal;
}

/** The seeds of an ensemble of `members` starting at `seed`: s, s+1, … */
export function ensembleSeeds(seed: number, members: number): number[] {
  return Array.from({ length: members }, (_, k) => seed + k);
}

/**
 * Trains `spec.members` copies of a model (seeds `training.seed + k`) and combines them into one
 * averaging model (`buildAveragingModel`), scored with `evaluateModel` like any run. Averaging the
 * 10th/50th/90th percentiles of interval members is quantile averaging (Vincentization): each
 * averaged output is still a quantile forecast, so interval models are accepted.
 * Stopping (`signal`) disposes every member and returns `cancelled` with no model.
 */
export async function trainEnsemble(spec: EnsembleSpec, callbacks: EnsembleCallbacks = {}): Promise<EnsembleResult> {
  const { data, architecture, training, members: n } = spec;
  const problem = rangeError('ensembleMembers', n);
  if (problem) throw new Error(problem);
  const seeds = ensembleSeeds(training.seed, n);
  const models: tf.LayersModel[] = [];
  const members: EnsembleMember[] = [];
  let ensemble: tf.LayersModel | null = null;
  try {
    for (const [k, seed] of seeds.entries()) {
      const model = buildModel(architecture, data, seed, { intervals: training.intervals, namePrefix: `seed${seed}_` });
      models.push(model);
      const run = await train(model, data, { ...training, seed }, { signal: callbacks.signal, onEpoch: (log) => callbacks.onEpoch?.(log, k, n) });
      if (run.cancelled) return { model: null, members, valMae: Number.NaN, evaluation: null, msTotal: 0, cancelled: true };
      const member = { seed, valMae: run.bestValMae, testMae: evaluateModel(model, data).model.mae, epochsRun: run.history.length, msTotal: run.msTotal };
      members.push(member);
      callbacks.onMember?.(member, k, n);
    }
    ensemble = buildAveragingModel(models, `${architecture.kind}_ensemble_of_${n}`);
    const evaluation = evaluateModel(ensemble, data);
    const valMae = evaluateModel(ensemble, data, 'validation').model.mae;
    const result = { model: ensemble, members, valMae, evaluation, msTotal: members.reduce((t, m) => t + m.msTotal, 0), cancelled: false };
    ensemble = null;
    return result;
  } finally {
    // The averaging model holds the members' layers: disposing a member frees only its optimizer
    // then, and its weights once the averaging model is disposed too.
    for (const model of models) disposeModel(model);
    if (ensemble) disposeModel(ensemble);
  }
}
