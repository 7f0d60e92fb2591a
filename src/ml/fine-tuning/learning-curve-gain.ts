/**
 * The pure part of the learning curve on data size (no TensorFlow.js, so the page can read it without
 * loading tfjs): the sizes the app trains on, and what more data gained a model.
 */
import type { ArchitectureKind, ArchitectureSpec } from '../architectures/specs.ts';

/** The sizes the app's experiment trains on, in years before the test period. */
export const LEARNING_CURVE_YEARS: readonly number[] = [1, 4, 16, 48];

/** A point as far as the gain needs it: a learning-curve point, or one read back from its record. */
export interface CurveSample {
  readonly architecture: ArchitectureKind | Pick<ArchitectureSpec, 'kind'>;
  readonly trainYears: number;
  readonly testMae: number;
}

/** What more data did for one model: its test MAE at the fewest and the most years, and the fall in %. */
export interface DataGain {
  readonly architecture: ArchitectureKind;
  readonly fromYears: number;
  readonly toYears: number;
  readonly fromMae: number;
  readonly toMae: number;
  /** `100 · (fromMae − toMae) / fromMae`: positive when more data lowered the error. */
  readonly percent: number;
}

/** The gain from the fewest to the most years for a model family, or `null` with fewer than two scored points. */
export function dataGain(points: readonly CurveSample[], architecture: ArchitectureKind): DataGain | null {
  const kindOf = (p: CurveSample) => (typeof p.architecture === 'string' ? p.architecture : p.architecture.kind);
  const scored = points.filter((p) => kindOf(p) === architecture && Number.isFinite(p.testMae)).sort((a, b) => a.trainYears - b.trainYears);
  if (scored.length < 2) return null;
  const first = scored[0];
  const last = scored[scored.length - 1];
  return { architecture, fromYears: first.trainYears, toYears: last.trainYears, fromMae: first.testMae, toMae: last.testMae, percent: (100 * (first.testMae - last.testMae)) / first.testMae };
}
