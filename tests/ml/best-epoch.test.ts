/**
 * One "best epoch": the lowest validation MAE. The Seattle linear run at the defaults is the case
 * where it differs from the lowest validation loss (MSE), so it is the run that shows the two agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { prepareData } from '../../src/ml/data/prepare.ts';
import { SHIPPED_DATASETS } from '../../src/ml/datasets.ts';
import { ARCHITECTURES } from '../../src/ml/architectures/specs.ts';
import { bestEpochOf, DEFAULT_TRAINING, train } from '../../src/ml/training/train.ts';
import { DEFAULT_SETTINGS } from '../../src/app/state.ts';
import { summaryOf } from '../../src/app/workflow/run-records.ts';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('the best epoch', () => {
  it('is the lowest validation MAE for training, early stopping and every record built from a curve', async () => {
    const csv = readFileSync(join(import.meta.dirname, '../../datasets', SHIPPED_DATASETS.seattle.file), 'utf8');
    const data = prepareData(parseWeatherCsv(csv).table, DEFAULT_SETTINGS.dataSpec);
    const model = buildModel(ARCHITECTURES.linear.defaults, data, DEFAULT_TRAINING.seed);
    try {
      const result = await train(model, data, DEFAULT_TRAINING);
      const byMae = bestEpochOf(result.history);
      const byLoss = result.history.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
      expect(byMae).not.toBeNull();
      // The case this test exists for: MSE and MAE disagree on which epoch is best.
      expect(byLoss.epoch).not.toBe(byMae!.epoch);
      expect(result.bestEpoch).toBe(byMae!.epoch);
      expect(result.bestValMae).toBe(byMae!.valMae);
      expect(result.bestValMae).toBe(Math.min(...result.history.map((h) => h.valMae)));
      // Early stopping waits `patience` epochs after that best.
      if (result.stoppedEarly) expect(result.history.length).toBe(byMae!.epoch + DEFAULT_TRAINING.patience);
      const summary = summaryOf(result.history, result.msTotal);
      expect([summary.bestEpoch, summary.bestValMae]).toEqual([result.bestEpoch, result.bestValMae]);
    } finally {
      disposeModel(model);
    }
  });
});
