/**
 * The learning curve on data size: the same models trained on 1, 4, 16 and 48 years before one fixed
 * test period, each scored on that test period in the target's units beside persistence. It makes
 * "more data" measurable: how much the error falls when a model sees more years. Pure TensorFlow.js;
 * every model is disposed after its point is read.
 */
import { buildModel, disposeModel, type ArchitectureSpec } from '../architectures/architectures.ts';
import { prepareData, type DataSpec, type Period } from '../data/prepare.ts';
import type { WeatherTable } from '../data/table.ts';
import { evaluateModel } from '../evaluation/evaluate.ts';
import { train, TrainingDivergedError, type EpochLog, type TrainingConfig } from '../training/train.ts';

export { dataGain, LEARNING_CURVE_YEARS, type CurveSample, type DataGain } from './learning-curve-gain.ts';

export interface LearningCurveSpec {
  readonly table: WeatherTable;
  /** Features, window and split; the split's `trainYears` is replaced by each size. */
  readonly dataSpec: DataSpec;
  /** The models to compare (the app: linear and GRU at their defaults). */
  readonly architectures: readonly ArchitectureSpec[];
  readonly training: TrainingConfig;
  /** Years of training data per point, e.g. `[1, 4, 16, 48]`. */
  readonly trainYears: readonly number[];
}

/** One model trained on one amount of data, scored on the common test period. MAEs in `units`. */
export interface LearningCurvePoint {
  readonly architecture: ArchitectureSpec;
  readonly trainYears: number;
  /** Forecast days of the training and validation windows (the first and last day they forecast). */
  readonly trainPeriod: Period;
  readonly validationPeriod: Period;
  readonly valMae: number;
  readonly testMae: number;
  readonly persistenceMae: number;
  readonly climatologyMae: number;
  /** Skill over persistence on the test period, in %. */
  readonly skillPersistence: number;
  readonly bestEpoch: number;
  readonly msTotal: number;
  readonly history: readonly EpochLog[];
  /** Why the point has no score (its training diverged). */
  readonly error?: string;
}

export interface LearningCurveResult {
  /** In the order trained: for each size, each architecture. */
  readonly points: readonly LearningCurvePoint[];
  readonly units: string;
  readonly testPeriod: Period;
  /** Stopped before every point was trained; `points` holds the finished ones. */
  readonly cancelled: boolean;
  readonly msTotal: number;
}

export interface LearningCurveCallbacks {
  readonly signal?: AbortSignal;
  /** After each epoch of run `run` (0-based) of `runs`. */
  readonly onEpoch?: (log: EpochLog, run: number, runs: number) => void;
  /** After each finished point. */
  readonly onPoint?: (point: LearningCurvePoint, run: number, runs: number) => void;
}

/**
 * Trains every architecture on every size and scores each on the test period. Every size keeps the
 * same test windows, so the points differ only in the years they learned from (and the normalization
 * fitted on those years). A stopped run ends the curve: the finished points are returned.
 * @throws DataSpecError when a size does not fit the data (e.g. a split without a test start).
 */
export async function learningCurve(spec: LearningCurveSpec, callbacks: LearningCurveCallbacks = {}): Promise<LearningCurveResult> {
  const started = performance.now();
  const runs = spec.trainYears.length * spec.architectures.length;
  const points: LearningCurvePoint[] = [];
  let units = '';
  let testPeriod: Period = { start: '', end: '', windows: 0 };
  let cancelled = false;
  outer: for (const years of spec.trainYears) {
    const data = prepareData(spec.table, { ...spec.dataSpec, split: { ...spec.dataSpec.split, trainYears: years } });
    units = data.targetUnits;
    testPeriod = data.periods.test;
    for (const architecture of spec.architectures) {
      if (callbacks.signal?.aborted) {
        cancelled = true;
        break outer;
      }
      const run = points.length;
      const model = buildModel(architecture, data, spec.training.seed, { intervals: spec.training.intervals });
      const common = { architecture, trainYears: years, trainPeriod: data.periods.train, validationPeriod: data.periods.validation };
      let point: LearningCurvePoint;
      try {
        const result = await train(model, data, spec.training, { signal: callbacks.signal, onEpoch: (log) => callbacks.onEpoch?.(log, run, runs) });
        if (result.cancelled) {
          cancelled = true;
          break outer;
        }
        const test = evaluateModel(model, data, 'test');
        point = {
          ...common,
          valMae: result.bestValMae,
          testMae: test.model.mae,
          persistenceMae: test.baselines.persistence.mae,
          climatologyMae: test.baselines.climatology.mae,
          skillPersistence: test.skill.persistence,
          bestEpoch: result.bestEpoch,
          msTotal: result.msTotal,
          history: result.history,
        };
      } catch (error) {
        if (!(error instanceof TrainingDivergedError)) throw error;
        const nan = Number.NaN;
        point = { ...common, valMae: nan, testMae: nan, persistenceMae: nan, climatologyMae: nan, skillPersistence: nan, bestEpoch: 0, msTotal: 0, history: [], error: error.message };
      } finally {
        disposeModel(model);
      }
      points.push(point);
      callbacks.onPoint?.(point, run, runs);
    }
  }
  return { points, units, testPeriod, cancelled, msTotal: performance.now() - started };
}
