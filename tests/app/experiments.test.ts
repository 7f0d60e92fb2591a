import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { experimentRow, experimentsCsv, experimentsJson, seedGroups, sortRows } from '../../src/app/experiments.ts';
import { DEFAULT_SETTINGS, type RunRecord } from '../../src/app/state.ts';
import type { Evaluation } from '../../src/ml/evaluation/metrics.ts';
import type { EpochLog } from '../../src/ml/training/config.ts';

const epoch = (e: number, valMae: number): EpochLog => ({ epoch: e, trainLoss: 0.5 / e, valLoss: valMae / 5, trainMae: valMae + 0.1, valMae, ms: 100, samplesPerSecond: 9740 });

const metrics = (mae: number) => ({ mae, rmse: mae * 1.25, maePerHorizon: [mae], rmsePerHorizon: [mae * 1.25], count: 365 });

function evaluation(mae: number): Evaluation {
  return {
    split: 'test',
    units: '°C',
    horizonDays: 1,
    model: metrics(mae),
    baselines: { persistence: metrics(2.24), climatology: metrics(3.14) },
    skill: { persistence: 100 * (1 - mae / 2.24), climatology: 100 * (1 - mae / 3.14) },
    dates: [],
    predicted: new Float32Array(365),
    actual: new Float32Array(365),
    residuals: new Float32Array(365),
  } as unknown as Evaluation;
}

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  const history = [epoch(1, 3.1), epoch(2, 2.4), epoch(3, 2.6)];
  return {
    id,
    label: `GRU · train ${id}`,
    kind: 'train',
    createdAt: `2026-11-26T08:0${id.length}:00.000Z`,
    datasetLabel: 'Seattle, WA',
    dataSpec: DEFAULT_SETTINGS.dataSpec,
    architecture: DEFAULT_SETTINGS.architecture,
    training: DEFAULT_SETTINGS.training,
    backend: 'wasm',
    history,
    result: { bestEpoch: 2, bestValMae: 2.4, stoppedEarly: false, cancelled: false, msTotal: 3250, msPerEpoch: 1083 },
    evaluation: evaluation(2.0),
    description: { layers: [], totalParams: 3777, trainableParams: 3777 },
    ...overrides,
  };
}

describe('experiment rows', () => {
  it('flattens what defined a run and what it scored', () => {
    const row = experimentRow(run('a'));
    expect(row).toMatchObject({
      id: 'a',
      kind: 'training',
      dataset: 'Seattle, WA',
      target: 'temp_max',
      inputs: 'precipitation temp_max temp_min wind',
      lookbackDays: 14,
      horizonDays: 1,
      architecture: 'gru',
      layers: 1,
      units: 32,
      learningRate: 0.003,
      batchSize: 32,
      seed: 42,
      backend: 'wasm',
      epochsRun: 3,
      bestEpoch: 2,
      parameters: 3777,
      valMae: 2.4,
      testMae: 2.0,
      testRmse: 2.5,
      metricUnits: '°C',
    });
    expect(row.durationSeconds).toBeCloseTo(3.25, 6);
    expect(row.skillPersistence).toBeCloseTo(10.714, 2);
  });

  it('reports the 80 % band coverage of an interval model in %', () => {
    const e = { ...evaluation(2.1), intervals: { coverage: 0.841, coveragePerHorizon: [0.841] } } as unknown as Evaluation;
    const row = experimentRow(run('i', { evaluation: e, training: { ...DEFAULT_SETTINGS.training, intervals: true } }));
    expect(row.intervals).toBe(true);
    expect(row.coverage).toBeCloseTo(84.1, 6);
    expect(experimentRow(run('p')).coverage).toBeNull();
  });

  it('takes the test MAE of a search trial (no evaluation, no model) and marks a diverged one', () => {
    const trial = experimentRow(run('t', { kind: 'search', evaluation: null, hasModel: false, testMae: 2.31, units: '°C' }));
    expect(trial.kind).toBe('search trial');
    expect(trial.metricUnits).toBe('°C');
    expect(trial.testMae).toBe(2.31);
    expect(trial.skillPersistence).toBeNull();
    const diverged = experimentRow(run('d', { kind: 'search', evaluation: null, hasModel: false, testMae: Number.NaN, history: [], result: null, error: 'Training diverged' }));
    expect(diverged.testMae).toBeNull();
    expect(diverged.valMae).toBeNull();
    expect(diverged.error).toBe('Training diverged');
  });
});

describe('sorting', () => {
  const rows = [
    experimentRow(run('a', { evaluation: evaluation(2.5) })),
    experimentRow(run('bb', { kind: 'search', evaluation: null, hasModel: false, testMae: Number.NaN })),
    experimentRow(run('ccc', { evaluation: evaluation(2.1) })),
    experimentRow(run('dddd', { evaluation: evaluation(2.3) })),
  ];

  it('sorts numbers both ways and keeps runs without the metric last', () => {
    expect(sortRows(rows, 'testMae', 'ascending').map((r) => r.id)).toEqual(['ccc', 'dddd', 'a', 'bb']);
    expect(sortRows(rows, 'testMae', 'descending').map((r) => r.id)).toEqual(['a', 'dddd', 'ccc', 'bb']);
  });

  it('sorts text and dates, ties in their original order', () => {
    expect(sortRows(rows, 'createdAt', 'descending').map((r) => r.id)).toEqual(['dddd', 'ccc', 'bb', 'a']);
    expect(sortRows(rows, 'kind', 'ascending').map((r) => r.id)).toEqual(['bb', 'a', 'ccc', 'dddd']);
  });
});

describe('CSV and JSON export', () => {
  it('writes one CSV row per run that parses back to the same values', () => {
    const runs = [run('a'), run('bb', { kind: 'search', evaluation: null, hasModel: false, testMae: 2.31 })];
    const csv = experimentsCsv(runs);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.meta.fields).toContain('testMae');
    expect(parsed.meta.fields).toContain('seed');
    expect(Number(parsed.data[0].testMae)).toBeCloseTo(2.0, 6);
    expect(parsed.data[0].learningRate).toBe('0.003');
    expect(parsed.data[1].kind).toBe('search trial');
    expect(Number(parsed.data[1].testMae)).toBeCloseTo(2.31, 6);
    expect(parsed.data[1].skillPersistence).toBe('');
  });

  it('has a header even with no runs, and defuses spreadsheet formulas in names', () => {
    expect(experimentsCsv([]).split('\r\n')[0]).toContain('label,kind,createdAt');
    const csv = experimentsCsv([run('a', { datasetLabel: '=HYPERLINK("http://x")' })]);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.data[0].dataset).toBe('\'=HYPERLINK("http://x")');
  });

  it('writes JSON with curves and per-horizon metrics but no per-day arrays', () => {
    const json = JSON.parse(experimentsJson([run('a')], '2026-11-26T10:00:00.000Z'));
    expect(json.format).toBe('weather-forecast-experiments');
    expect(json.exportedAt).toBe('2026-11-26T10:00:00.000Z');
    expect(json.runs).toHaveLength(1);
    const r = json.runs[0];
    expect(r.history.map((h: EpochLog) => h.valMae)).toEqual([3.1, 2.4, 2.6]);
    expect(r.training).toEqual(DEFAULT_SETTINGS.training);
    expect(r.metrics.maePerHorizon).toEqual([2.0]);
    expect(r.metrics.baselines.persistence.mae).toBe(2.24);
    expect(r.predicted).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('residuals');
  });
});

describe('seed groups', () => {
  const withSeed = (id: string, seed: number, val: number, test: number, patch: Partial<RunRecord> = {}) =>
    run(id, {
      training: { ...DEFAULT_SETTINGS.training, seed },
      result: { bestEpoch: 2, bestValMae: val, stoppedEarly: false, cancelled: false, msTotal: 3000, msPerEpoch: 1000 },
      evaluation: evaluation(test),
      ...patch,
    });

  it('groups trainings that differ only in their seed, with median and range', () => {
    const runs = [
      withSeed('a', 1, 1.95, 2.03),
      withSeed('b', 2, 1.91, 2.13),
      withSeed('c', 3, 1.99, 2.08),
      // Another learning rate: its own settings, a single seed, no group.
      withSeed('d', 4, 1.8, 2.0, { training: { ...DEFAULT_SETTINGS.training, seed: 4, learningRate: 0.01 } }),
      // A fine-tuning is not a training from settings: never grouped.
      withSeed('e', 5, 1.7, 1.9, { kind: 'continue' }),
    ];
    const groups = seedGroups(runs);
    expect(groups).toHaveLength(1);
    expect(groups[0].seeds).toEqual([1, 2, 3]);
    expect(groups[0].valMae).toEqual({ median: 1.95, min: 1.91, max: 1.99 });
    expect(groups[0].testMae.median).toBeCloseTo(2.08, 10);
    expect(groups[0].description).toBe('gru 1×32 · Seattle, WA, temp_max, 14→1 d · adam lr 0.003, batch 32, 30 epochs');
  });

  it('needs two distinct seeds', () => {
    expect(seedGroups([withSeed('a', 1, 2, 2), withSeed('b', 1, 2.1, 2.2)])).toEqual([]);
  });
});
