import * as tf from '@tensorflow/tfjs';
import { buildModel, disposeModel, type ArchitectureSpec } from '../architectures/architectures.ts';
import { prepareData, type DataSpec, type PreparedData } from '../data/prepare.ts';
import type { WeatherTable } from '../data/table.ts';
import { selectWindows } from '../data/windows.ts';
import { SETTINGS } from '../settings/table.ts';
import { evaluateModel, type Evaluation } from '../evaluation/evaluate.ts';
import { rankTrials, searchTrials } from './search-trials.ts';
import { train, TrainingDivergedError, type EpochLog, type TrainingCallbacks, type TrainingConfig, type TrainingResult } from '../training/train.ts';

/** Default factor applied to the learning rate when continuing training (the settings table's). */
export const FINE_TUNE_LEARNING_RATE_FACTOR = SETTINGS.continueLearningRateFactor.default;

/**
 * Continues training from the model's current weights at a lower learning rate
 * (`config.learningRate × factor`, default ×0.1).
 */
export function continueTraining(
  model: tf.LayersModel,
  data: PreparedData,
  config: TrainingConfig,
  options: TrainingCallbacks & { learningRateFactor?: number } = {},
): Promise<TrainingResult> {
  const factor = options.learningRateFactor ?? FINE_TUNE_LEARNING_RATE_FACTOR;
  return train(model, data, { ...config, learningRate: config.learningRate * factor }, options);
}

/**
 * Marks layers as not trainable, by name. Takes effect at the next `train` (which recompiles).
 * @throws Error listing the model's layer names when a name is unknown.
 */
export function freezeLayers(model: tf.LayersModel, names: readonly string[]): void {
  const known = model.layers.map((l) => l.name);
  for (const name of names) {
    const layer = model.layers.find((l) => l.name === name);
    if (!layer) throw new Error(`The model has no layer "${name}". Its layers are: ${known.join(', ')}.`);
    layer.trainable = false;
  }
}

/** An independent copy of a model (topology and weights), through the layers format. */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(artifacts!));
}

export interface TransferSpec {
  /** A model trained on the source city; it is not changed. */
  readonly sourceModel: tf.LayersModel;
  /** The source city's prepared data (its normalizer is reused). */
  readonly sourceData: PreparedData;
  readonly targetTable: WeatherTable;
  /** Split and window for the target city; features must match the source model. */
  readonly targetSpec: DataSpec;
  readonly architecture: ArchitectureSpec;
  /** Share (0–1] of the target city's training windows used for fine-tuning and scratch training: the most recent ones. */
  readonly targetFraction: number;
  readonly training: TrainingConfig;
  /** Learning-rate factor for fine-tuning (default ×0.1). */
  readonly learningRateFactor?: number;
  /** Layers kept fixed during fine-tuning, by name (e.g. `gru_1`). */
  readonly freeze?: readonly string[];
}

export interface TransferResult {
  /** Source model on the target city's test split, untouched. */
  readonly zeroShot: Evaluation;
  /** Source model fine-tuned on the target subset. */
  readonly fineTuned: Evaluation;
  /** Same architecture trained from scratch on the same target subset. */
  readonly scratch: Evaluation;
  readonly targetTrainWindows: number;
  readonly fineTuneRun: TrainingResult;
  readonly scratchRun: TrainingResult;
}

/**
 * Transfer learning between cities: zero-shot evaluation of the source model on the target
 * city, fine-tuning on a share of the target's training data, and, on exactly the same
 * windows and normalization, training from scratch for comparison. Disposes what it creates.
 */
export async function transferToCity(spec: TransferSpec, callbacks: TrainingCallbacks = {}): Promise<TransferResult> {
  const target = prepareData(spec.targetTable, spec.targetSpec, { normalizer: spec.sourceData.normalizer });
  if (!(spec.targetFraction > 0 && spec.targetFraction <= 1)) throw new Error(`The share of target data must be in (0, 1], got ${spec.targetFraction}.`);
  const n = Math.max(8, Math.round(target.train.count * spec.targetFraction));
  const keep = Array.from({ length: Math.min(n, target.train.count) }, (_, i) => target.train.count - Math.min(n, target.train.count) + i);
  const subset: PreparedData = { ...target, train: selectWindows(target.train, keep, target.spec.window, target.numFeatures) };

  const zeroShot = evaluateModel(spec.sourceModel, target);
  const tuned = await cloneModel(spec.sourceModel);
  const scratchModel = buildModel(spec.architecture, target, spec.training.seed, { intervals: spec.training.intervals });
  try {
    if (spec.freeze?.length) freezeLayers(tuned, spec.freeze);
    const fineTuneRun = await continueTraining(tuned, subset, spec.training, { ...callbacks, learningRateFactor: spec.learningRateFactor });
    const fineTuned = evaluateModel(tuned, target);
    const scratchRun = await train(scratchModel, subset, spec.training, callbacks);
    const scratch = evaluateModel(scratchModel, target);
    return { zeroShot, fineTuned, scratch, targetTrainWindows: subset.train.count, fineTuneRun, scratchRun };
  } finally {
    disposeModel(tuned);
    disposeModel(scratchModel);
  }
}

/** Values to try per hyperparameter; omitted ones keep the base value. */
export { rankTrials, searchTrials } from './search-trials.ts';

export interface SearchSpace {
  readonly learningRate?: readonly number[];
  readonly batchSize?: readonly number[];
  readonly units?: readonly number[];
  readonly layers?: readonly number[];
  readonly dropout?: readonly number[];
}

export interface SearchSpec {
  readonly data: PreparedData;
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  readonly space: SearchSpace;
  /** `grid` tries every combination; `random` samples `trials` of them without repeats (seeded). */
  readonly mode: 'grid' | 'random';
  readonly trials?: number;
}

export interface Trial {
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  /** The values this trial changed, by hyperparameter name. */
  readonly params: Readonly<Record<string, number>>;
}

export interface TrialResult extends Trial {
  /** The trial's place in the search's list (`searchTrials`); absent in records saved before parallel search. */
  readonly trial?: number;
  /** 1-based rank by validation MAE (the test split is never used to choose). */
  readonly rank: number;
  readonly valMae: number;
  readonly testMae: number;
  /** Skill of the test MAE over persistence, in % (as `Evaluation.skill`). */
  readonly testSkillPersistence: number;
  readonly epochsRun: number;
  readonly ms: number;
  /** Per-epoch curves of the trial (empty when it diverged). */
  readonly history: readonly EpochLog[];
  /** Set when training diverged; the metrics are then NaN. */
  readonly error?: string;
}

/**
 * Hyperparameter search: trains one model per trial, ranks by validation MAE (target units).
 * A trial whose training diverges is kept with its error and ranked last.
 * `onTrial` sees each finished trial with the ranking so far; aborting `signal` stops within
 * the current batch and returns the trials finished so far.
 */
/**
 * Runs the search's trials (all, or only the indices in `only`, for a pool of workers that share one
 * search); each trial's result depends on its own seed alone, not on which worker ran it or with what.
 */
export async function hyperparameterSearch(
  spec: SearchSpec,
  callbacks: { onTrial?: (ranking: TrialResult[], index: number, total: number) => void; signal?: AbortSignal; only?: readonly number[] } = {},
): Promise<TrialResult[]> {
  const all = searchTrials(spec);
  const indices = callbacks.only ?? all.map((_, i) => i);
  const results: Omit<TrialResult, 'rank'>[] = [];
  const ranked = (): TrialResult[] => rankTrials(results);
  for (const [i, index] of indices.entries()) {
    const trial = { ...all[index], trial: index };
    if (callbacks.signal?.aborted) break;
    const model = buildModel(trial.architecture, spec.data, trial.training.seed, { intervals: trial.training.intervals });
    const t0 = performance.now();
    try {
      const run = await train(model, spec.data, trial.training, { signal: callbacks.signal });
      if (run.cancelled) break;
      const test = evaluateModel(model, spec.data);
      results.push({ ...trial, valMae: run.bestValMae, testMae: test.model.mae, testSkillPersistence: test.skill.persistence, epochsRun: run.history.length, ms: run.msTotal, history: run.history });
    } catch (error) {
      if (!(error instanceof TrainingDivergedError)) throw error;
      results.push({ ...trial, valMae: Number.NaN, testMae: Number.NaN, testSkillPersistence: Number.NaN, epochsRun: error.epoch, ms: performance.now() - t0, history: [], error: error.message });
    } finally {
      disposeModel(model);
    }
    callbacks.onTrial?.(ranked(), i, indices.length);
  }
  return ranked();
}
