/**
 * What a trained model relies on: permutation importance of each input on the validation split,
 * and, for a linear model, its weights laid out as days × inputs.
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { hasIntervalHead } from '../architectures/architectures.ts';
import { actualValues, type PreparedData } from '../data/prepare.ts';
import type { WindowSet } from '../data/windows.ts';
import { forecastWindows } from './evaluate.ts';
import { forecastMetrics } from './metrics.ts';

/** How much the validation MAE rises when one input is shuffled across windows. */
export interface InputImportance {
  /** Feature name, as in `PreparedData.featureNames`. */
  readonly feature: string;
  /** Mean increase of the validation MAE over the repeats, in the target's units (e.g. °C); ≈ 0 means unused. */
  readonly increase: number;
}

/** A linear model's weights on normalized inputs, one matrix per forecast day. */
export interface LinearWeights {
  /** Input days, oldest first: `-(lookbackDays-1)` … `0` (0 = the last day the model sees). */
  readonly days: readonly number[];
  readonly features: readonly string[];
  /** `values[h][d][f]`: weight of input `f` on day `days[d]` in the forecast of horizon day `h + 1`. */
  readonly values: readonly (readonly (readonly number[])[])[];
}

export interface ImportanceOptions {
  /** Shuffles per input, averaged (default 3). */
  readonly repeats?: number;
  /** Seed of the shuffles (default 42), so the same run always shows the same numbers. */
  readonly seed?: number;
}

/** The validation definition of importance, in words, for the page, the CLI and the model card. */
export const IMPORTANCE_DEFINITION =
  "Input importance = how much the validation MAE rises when one input's values are shuffled across the validation windows (its link to the target broken, everything else kept).";

/** `set` with feature `f`'s whole lookback column of each window moved to another window (Fisher–Yates). */
function shuffledFeature(set: WindowSet, data: PreparedData, f: number, random: () => number): WindowSet {
  const { lookbackDays: l, numFeatures: n } = data;
  const order = Array.from({ length: set.count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const x = set.x.slice();
  for (let k = 0; k < set.count; k++) {
    const from = order[k];
    for (let d = 0; d < l; d++) x[(k * l + d) * n + f] = set.x[(from * l + d) * n + f];
  }
  return { ...set, x };
}

/**
 * Permutation importance of every input on the validation split: for each feature, its values are
 * shuffled across the validation windows (`repeats` times, seeded) and the rise of the MAE in the
 * target's units is averaged. Sorted by decreasing importance. Frees every tensor it creates.
 */
export function permutationImportance(model: tf.LayersModel, data: PreparedData, options: ImportanceOptions = {}): InputImportance[] {
  return importanceWithBase(model, data, options).importance;
}

function importanceWithBase(model: tf.LayersModel, data: PreparedData, options: ImportanceOptions): { importance: InputImportance[]; base: number } {
  const { repeats = 3, seed = 42 } = options;
  const set = data.validation;
  if (set.count < 2) throw new Error('Input importance needs at least 2 validation windows.');
  const actual = actualValues(data, set);
  const mae = (s: WindowSet) => forecastMetrics(forecastWindows(model, data, s).predicted, actual, data.horizonDays).mae;
  const base = mae(set);
  const out = data.featureNames.map((feature, f) => {
    const random = seedrandom(`importance-${seed}-${feature}`);
    let sum = 0;
    for (let r = 0; r < repeats; r++) sum += mae(shuffledFeature(set, data, f, random)) - base;
    return { feature, increase: sum / repeats };
  });
  return { importance: out.sort((a, b) => b.increase - a.increase), base };
}

/** What a trained model relies on, as plain data for the page. */
export interface ModelExplanation {
  /** By decreasing importance (see `permutationImportance`). */
  readonly importance: readonly InputImportance[];
  /** Validation MAE of the intact model, in target units: what the rises are measured from. */
  readonly validationMae: number;
  readonly targetUnits: string;
  /** Set for a linear model (see `linearWeights`). */
  readonly weights: LinearWeights | null;
}

/** Input importance on validation, and the weights of a linear model. Frees every tensor it creates. */
export function explainModel(model: tf.LayersModel, data: PreparedData, options: ImportanceOptions = {}): ModelExplanation {
  const { importance, base } = importanceWithBase(model, data, options);
  return { importance, validationMae: base, targetUnits: data.targetUnits, weights: linearWeights(model, data) };
}

/**
 * The weights of a linear model (Flatten → Dense) as days × inputs per forecast day, or null for
 * any other model. The Dense kernel is `[lookbackDays × numFeatures, outputs]`, row = day-major;
 * for an interval model the median's columns are read. Weights apply to normalized inputs.
 */
export function linearWeights(model: tf.LayersModel, data: PreparedData): LinearWeights | null {
  const [flatten, dense, ...rest] = model.layers;
  if (rest.length > 0 || flatten?.getClassName() !== 'Flatten' || dense?.getClassName() !== 'Dense') return null;
  const { lookbackDays: l, numFeatures: n, horizonDays: h } = data;
  const kernel = dense.getWeights()[0];
  if (kernel.shape[0] !== l * n) return null;
  const outputs = kernel.shape[1] as number;
  const k = kernel.dataSync(); // owned by the layer: read, never disposed here
  const offset = hasIntervalHead(model, h) ? h : 0;
  const values = Array.from({ length: h }, (_, day) =>
    Array.from({ length: l }, (_, d) => Array.from({ length: n }, (_, f) => k[(d * n + f) * outputs + offset + day])),
  );
  return { days: Array.from({ length: l }, (_, d) => d - l + 1), features: [...data.featureNames], values };
}
