import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../src/ml/architectures/specs.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import type { DataSpec } from '../../src/ml/data/prepare.ts';
import { DEFAULT_WINDOW } from '../../src/ml/data/windows.ts';
import { LONG_RECORD_SPLIT, LONG_RECORDS } from '../../src/ml/datasets.ts';
import { dataGain, learningCurve, type LearningCurveSpec } from '../../src/ml/fine-tuning/learning-curve.ts';
import { DEFAULT_TRAINING } from '../../src/ml/training/config.ts';

const table = parseWeatherCsv(readFileSync(join(import.meta.dirname, '../../datasets', LONG_RECORDS.USW00094830.file), 'utf8')).table;
const dataSpec: DataSpec = { features: { target: 'tmaxi', inputs: ['tmini', 'tmaxi'], seasonal: true }, window: DEFAULT_WINDOW, split: LONG_RECORD_SPLIT };
const linear = ARCHITECTURES.linear.defaults;
const short: LearningCurveSpec = { table, dataSpec, architectures: [linear], training: { ...DEFAULT_TRAINING, epochs: 4 }, trainYears: [1, 16] };

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the learning curve on data size (Toledo, test 2008–2009)', () => {
  it('trains each size on its own years, scores all on the same test period, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const result = await learningCurve(short, { onEpoch: (_log, run) => epochs.push(run) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.cancelled).toBe(false);
    expect(result.units).toBe('°C');
    expect([result.testPeriod.start, result.testPeriod.end]).toEqual(['2008-01-01', '2009-12-31']);
    const [one, sixteen] = result.points;
    expect([one.trainYears, sixteen.trainYears]).toEqual([1, 16]);
    expect(one.trainPeriod.start).toBe('2007-01-15');
    expect(sixteen.trainPeriod.start).toBe('1992-01-15');
    expect(one.validationPeriod.end).toBe('2007-12-31');
    // Same test windows: the same persistence error.
    expect(one.persistenceMae).toBeCloseTo(3.306, 3);
    expect(sixteen.persistenceMae).toBe(one.persistenceMae);
    // Sixteen times the data (and batches) gives a clearly better linear model than one year.
    expect(sixteen.testMae).toBeLessThan(one.testMae - 0.1);
    expect(new Set(epochs)).toEqual(new Set([0, 1]));
    const gain = dataGain(result.points, 'linear');
    expect(gain).toMatchObject({ fromYears: 1, toYears: 16, fromMae: one.testMae, toMae: sixteen.testMae });
    expect(gain!.percent).toBeCloseTo((100 * (one.testMae - sixteen.testMae)) / one.testMae, 10);
    expect(dataGain(result.points, 'gru')).toBeNull();
  });

  it('reproduces the shared measurement: linear, 4 years (2004–2007), default settings, test MAE 3.12 °C', async () => {
    const result = await learningCurve({ ...short, training: DEFAULT_TRAINING, trainYears: [4] });
    expect(result.points[0].testMae).toBeGreaterThan(3.09);
    expect(result.points[0].testMae).toBeLessThan(3.15);
  });

  it('stops when asked: the finished points are kept, nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await learningCurve({ ...short, trainYears: [1, 4, 16] }, { signal: controller.signal, onPoint: () => controller.abort() });
    expect(result.cancelled).toBe(true);
    expect(result.points.map((p) => p.trainYears)).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a size the data cannot take', async () => {
    await expect(learningCurve({ ...short, trainYears: [60] })).rejects.toThrow('Training years must be a whole number from 1 to 48 (got 60).');
  });
});
