/**
 * One benchmark measurement, shared by Node (`bench/run.ts`) and the bench page's worker: the same
 * ML core the app uses (`buildModel`, `train`, `evaluateModel`) on Seattle, 14-day lookback,
 * next-day temp_max, batch 32, Adam 0.003, seed 42.
 */
import * as tf from '@tensorflow/tfjs';
import { ARCHITECTURES, buildModel, disposeModel, type ArchitectureKind } from '../src/ml/architectures/architectures.ts';
import { parseWeatherCsv } from '../src/ml/data/csv.ts';
import { prepareData, type PreparedData } from '../src/ml/data/prepare.ts';
import { SHIPPED_SPLIT } from '../src/ml/data/split.ts';
import { LONG_RECORD_SPLIT } from '../src/ml/datasets.ts';
import { columnNames } from '../src/ml/data/table.ts';
import { evaluateModel } from '../src/ml/evaluation/evaluate.ts';
import { searchTrials } from '../src/ml/fine-tuning/fine-tuning.ts';
import { DEFAULT_TRAINING, train } from '../src/ml/training/train.ts';

export const ARCHS: readonly ArchitectureKind[] = ['linear', 'mlp', 'cnn', 'lstm', 'gru'];

/** The benchmark task: Seattle, lookback 14, horizon 1, every column plus day-of-year sin/cos. */
export function prepareSeattle(csvText: string): PreparedData {
  const table = parseWeatherCsv(csvText).table;
  return prepareData(table, {
    features: { target: 'temp_max', inputs: columnNames(table), seasonal: true },
    window: { lookbackDays: 14, horizonDays: 1 },
    split: SHIPPED_SPLIT,
  });
}

/** The long-record task: Toledo (USW00094830), `years` of training data before the 2008–2009 test, lookback 14. */
export function prepareLongRecord(csvText: string, years: number): PreparedData {
  return prepareData(parseWeatherCsv(csvText).table, {
    features: { target: 'tmaxi', inputs: ['tmaxi', 'tmini'], seasonal: true },
    window: { lookbackDays: 14, horizonDays: 1 },
    split: { ...LONG_RECORD_SPLIT, trainYears: years },
  });
}

export interface MeasureRequest {
  arch: ArchitectureKind;
  epochs: number;
  /** Epochs at the start that do not count towards ms/epoch (tfjs compiles kernels, warms caches). */
  warmupEpochs: number;
  /** Build the stock tfjs recurrent layers instead of the fused ones (the "before" column). */
  stockRecurrent?: boolean;
}

export interface Measurement extends MeasureRequest {
  backend: string;
  /** Mean ms per epoch over the epochs after the warm-up (training + validation pass, as in the app). */
  msPerEpoch: number;
  epochMs: number[];
  /** Test MAE in °C of the best-validation weights after `epochs` epochs (no early stopping). */
  testMae: number;
  bestEpoch: number;
  /** Wall time of the whole run, including model build and evaluation. */
  msTotal: number;
}

/** Trains one model for exactly `epochs` epochs (patience 0) and scores it on the 2015 test year. */
export async function measure(data: PreparedData, req: MeasureRequest): Promise<Measurement> {
  const t0 = performance.now();
  const model = buildModel(ARCHITECTURES[req.arch].defaults, data, DEFAULT_TRAINING.seed, { fusedRecurrent: !req.stockRecurrent });
  try {
    const run = await train(model, data, { ...DEFAULT_TRAINING, epochs: req.epochs, patience: 0 });
    const epochMs = run.history.map((h) => h.ms);
    const counted = epochMs.length > req.warmupEpochs ? epochMs.slice(req.warmupEpochs) : epochMs;
    const testMae = evaluateModel(model, data).model.mae;
    return {
      ...req,
      backend: tf.getBackend(),
      msPerEpoch: counted.reduce((a, b) => a + b, 0) / counted.length,
      epochMs,
      testMae,
      bestEpoch: run.bestEpoch,
      msTotal: performance.now() - t0,
    };
  } finally {
    disposeModel(model);
  }
}

export interface SearchMeasurement {
  backend: string;
  trials: number;
  epochsPerTrial: number;
  msTotal: number;
  bestValMae: number;
}

/**
 * A 12-trial grid search over GRU-32 as the fine-tuning step runs it (`searchTrials` + `train` +
 * `evaluateModel`, the loop of `hyperparameterSearch`, here with a choice of stock or fused GRU):
 * learning rate {0.001, 0.003, 0.01} × units {16, 32} × batch size {32, 64}, patience 5.
 */
export async function measureSearch(data: PreparedData, epochsPerTrial: number, stockRecurrent = false): Promise<SearchMeasurement> {
  const t0 = performance.now();
  const trials = searchTrials({
    architecture: ARCHITECTURES.gru.defaults,
    training: { ...DEFAULT_TRAINING, epochs: epochsPerTrial },
    space: { learningRate: [0.001, 0.003, 0.01], units: [16, 32], batchSize: [32, 64] },
    mode: 'grid',
  });
  let bestValMae = Number.POSITIVE_INFINITY;
  for (const trial of trials) {
    const model = buildModel(trial.architecture, data, trial.training.seed, { fusedRecurrent: !stockRecurrent });
    try {
      const run = await train(model, data, trial.training);
      evaluateModel(model, data);
      bestValMae = Math.min(bestValMae, run.bestValMae);
    } finally {
      disposeModel(model);
    }
  }
  return { backend: tf.getBackend(), trials: trials.length, epochsPerTrial, msTotal: performance.now() - t0, bestValMae };
}
