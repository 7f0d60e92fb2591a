import { describe, expect, it } from 'vitest';
import { curveReading, recordedCurve, type CurvePoint } from '../../src/app/learning-curve-state.ts';
import { learningCurveRecords } from '../../src/app/workflow/run-records.ts';
import { ARCHITECTURES } from '../../src/ml/architectures/specs.ts';
import { LONG_RECORD_SPLIT } from '../../src/ml/datasets.ts';
import type { LearningCurvePoint } from '../../src/ml/fine-tuning/learning-curve.ts';
import { DEFAULT_TRAINING } from '../../src/ml/training/config.ts';

// Toledo, default settings, measured with npm run learning-curve (2026-12-02).
const MAE: Record<string, number[]> = { linear: [3.44, 3.12, 3.05, 3.03], gru: [4.1, 3.08, 3.04, 3.0] };
const points: CurvePoint[] = Object.entries(MAE).flatMap(([k, maes]) => maes.map((m, i) => ({ architecture: k as 'linear' | 'gru', trainYears: [1, 4, 16, 48][i], testMae: m, persistenceMae: 3.31 })));

describe('the learning curve in words', () => {
  it('says what more data did for each model, from the points', () => {
    const lines = curveReading(points, '°C');
    expect(lines[0]).toBe('More data helped the linear model by 11.9 % (test MAE 3.44 → 3.03 °C from 1 to 48 years) and helped the GRU by 26.8 % (4.10 → 3.00 °C).');
    expect(lines[1]).toBe('The GRU gained more from the extra years; with 48 years it ends at 3.00 °C, the linear model at 3.03 °C.');
    expect(lines[2]).toBe('With 1 year, the linear model and the GRU do not beat persistence (3.31 °C): too little data to learn more than "tomorrow = today".');
  });

  it('says when more data hurt, and says nothing before two sizes are scored', () => {
    const worse = points.map((p) => (p.architecture === 'linear' && p.trainYears === 48 ? { ...p, testMae: 3.6 } : p));
    expect(curveReading(worse, '°C')[0]).toMatch(/^More data hurt the linear model by 4\.7 % \(test MAE 3\.44 → 3\.60 °C/);
    expect(curveReading(points.slice(0, 1), '°C')).toEqual([]);
  });

  it('rebuilds the newest curve of a dataset from its records after a reload', () => {
    const made = (p: CurvePoint): LearningCurvePoint => ({
      architecture: ARCHITECTURES[p.architecture].defaults,
      trainYears: p.trainYears,
      trainPeriod: { start: '2007-01-15', end: '2007-11-24', windows: 316 },
      validationPeriod: { start: '2007-11-25', end: '2007-12-31', windows: 35 },
      valMae: 3,
      testMae: p.testMae,
      persistenceMae: p.persistenceMae,
      climatologyMae: 5,
      skillPersistence: 100 * (1 - p.testMae / p.persistenceMae),
      bestEpoch: 1,
      msTotal: 10,
      history: [],
    });
    const base = { datasetLabel: 'Toledo', dataSpec: { features: { target: 'tmaxi', inputs: ['tmini', 'tmaxi'] }, window: { lookbackDays: 14, horizonDays: 1 }, split: LONG_RECORD_SPLIT }, training: DEFAULT_TRAINING, backend: 'wasm' };
    const records = learningCurveRecords({ points: points.map(made), units: '°C', testPeriod: { start: '2008-01-01', end: '2009-12-31', windows: 731 }, cancelled: false, msTotal: 80 }, base);
    expect(records.map((r) => r.dataSpec.split.trainYears)).toEqual([1, 4, 16, 48, 1, 4, 16, 48]);
    expect(records.every((r) => r.kind === 'learning-curve' && r.hasModel === false)).toBe(true);
    const back = recordedCurve(records, 'Toledo')!;
    expect(back.units).toBe('°C');
    back.points.forEach((p, i) => {
      expect(p).toMatchObject({ architecture: points[i].architecture, trainYears: points[i].trainYears, testMae: points[i].testMae });
      expect(p.persistenceMae).toBeCloseTo(3.31, 10);
    });
    expect(recordedCurve(records, 'Seattle, WA')).toBeNull();
  });
});
