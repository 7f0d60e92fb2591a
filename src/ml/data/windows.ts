import { SETTINGS } from '../settings/table.ts';

/** How many past days the model sees and how many future days it forecasts. */
export interface WindowSpec {
  /** Input length L in days (default 14). */
  readonly lookbackDays: number;
  /** Forecast length H in days, 1–7; all H days are predicted at once. */
  readonly horizonDays: number;
}

/** The defaults of the settings table (which also holds the allowed ranges). */
export const DEFAULT_WINDOW: WindowSpec = { lookbackDays: SETTINGS.lookbackDays.default, horizonDays: SETTINGS.horizonDays.default };

/**
 * A set of supervised windows, ready to become tensors.
 * Window `k` has its last input day at row `anchors[k]`: inputs are rows
 * `anchors[k]-L+1 … anchors[k]`, targets are rows `anchors[k]+1 … anchors[k]+H`,
 * so no target day is ever inside the input.
 */
export interface WindowSet {
  readonly count: number;
  /** Normalized inputs, row-major `[count, lookbackDays, features]`. */
  readonly x: Float32Array;
  /** Normalized targets, row-major `[count, horizonDays]`. */
  readonly y: Float32Array;
  /** Row index of the last input day of each window. */
  readonly anchors: Int32Array;
}

/** Row indices `t` that can anchor a full window in a table of `rows` rows. */
export function anchorRange(rows: number, spec: WindowSpec): { first: number; last: number } {
  return { first: spec.lookbackDays - 1, last: rows - spec.horizonDays - 1 };
}

/**
 * Cuts windows at the given anchors.
 * @param features normalized row-major `[rows, numFeatures]`
 * @param target normalized target per row, length `rows`
 */
export function makeWindows(
  features: Float32Array,
  numFeatures: number,
  target: Float32Array,
  anchors: Int32Array,
  spec: WindowSpec,
): WindowSet {
  const { lookbackDays: l, horizonDays: h } = spec;
  const count = anchors.length;
  const x = new Float32Array(count * l * numFeatures);
  const y = new Float32Array(count * h);
  for (let k = 0; k < count; k++) {
    const t = anchors[k];
    if (t - l + 1 < 0 || t + h >= target.length) {
      throw new RangeError(`Window anchored at row ${t} needs rows ${t - l + 1}…${t + h}, outside 0…${target.length - 1}.`);
    }
    x.set(features.subarray((t - l + 1) * numFeatures, (t + 1) * numFeatures), k * l * numFeatures);
    y.set(target.subarray(t + 1, t + 1 + h), k * h);
  }
  return { count, x, y, anchors };
}

/** Windows `indices` of a set, in that order (used for subsets and transfer experiments). */
export function selectWindows(set: WindowSet, indices: ArrayLike<number>, spec: WindowSpec, numFeatures: number): WindowSet {
  const xStride = spec.lookbackDays * numFeatures;
  const h = spec.horizonDays;
  const count = indices.length;
  const x = new Float32Array(count * xStride);
  const y = new Float32Array(count * h);
  const anchors = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k];
    x.set(set.x.subarray(i * xStride, (i + 1) * xStride), k * xStride);
    y.set(set.y.subarray(i * h, (i + 1) * h), k * h);
    anchors[k] = set.anchors[i];
  }
  return { count, x, y, anchors };
}
