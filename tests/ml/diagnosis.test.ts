/**
 * Run diagnosis on real Seattle runs (wasm, seed 42): each case trains the run a learner would
 * and checks what the diagnosis says about it — and what it must not say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/app/state.ts';
import { buildModel, disposeModel, type ArchitectureKind } from '../../src/ml/architectures/architectures.ts';
import { ARCHITECTURES } from '../../src/ml/architectures/specs.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { prepareData, type PreparedData } from '../../src/ml/data/prepare.ts';
import { diagnoseRun, findingLines, mainAdvice, type RunEvidence } from '../../src/ml/evaluation/diagnosis.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import { cloneModel, continueTraining } from '../../src/ml/fine-tuning/fine-tuning.ts';
import { DEFAULT_TRAINING, train, type TrainingConfig } from '../../src/ml/training/train.ts';
import type * as tf from '@tensorflow/tfjs';

let data: PreparedData;
beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  const csv = readFileSync(join(import.meta.dirname, '../../datasets/seattle.csv'), 'utf8');
  data = prepareData(parseWeatherCsv(csv).table, DEFAULT_SETTINGS.dataSpec);
});

async function trained(kind: ArchitectureKind, patch: Partial<TrainingConfig> = {}): Promise<{ model: tf.LayersModel; evidence: RunEvidence }> {
  const training = { ...DEFAULT_TRAINING, ...patch };
  const model = buildModel(ARCHITECTURES[kind].defaults, data, training.seed);
  const result = await train(model, data, training);
  const e = evaluateModel(model, data, 'test');
  return {
    model,
    evidence: {
      history: result.history,
      stoppedEarly: result.stoppedEarly,
      architecture: kind,
      training,
      units: '°C',
      test: { mae: e.model.mae, persistence: e.baselines.persistence.mae, climatology: e.baselines.climatology.mae },
    },
  };
}

const kinds = (evidence: RunEvidence) => diagnoseRun(evidence).map((f) => f.kind);

describe('run diagnosis on real runs', () => {
  it('an MLP at learning rate 5 is called diverged, with advice to lower the learning rate', async () => {
    const { model, evidence } = await trained('mlp', { learningRate: 5 });
    disposeModel(model);
    const findings = diagnoseRun(evidence);
    expect(findings[0].kind).toBe('diverged');
    expect(findings[0].evidence).toMatch(/Validation MAE is \d+\.\d\d °C at its best, \d+× climatology's 3\.14 °C/);
    expect(mainAdvice(findings)).toBe('Lower the learning rate from 5 to 0.5 or less (Adam works well at 0.001–0.01).');
    expect(kinds(evidence)).not.toContain('beats-baselines');
  });

  it('a 60-epoch MLP without early stopping is called overfitting, and never told to train longer', async () => {
    const { model, evidence } = await trained('mlp', { epochs: 60, patience: 0 });
    disposeModel(model);
    const findings = diagnoseRun(evidence);
    const overfit = findings.find((f) => f.kind === 'overfitting');
    expect(overfit?.evidence).toMatch(/Validation MAE rose from \d\.\d\d °C to \d\.\d\d °C over epochs \d+–60 while training MAE kept falling/);
    expect(mainAdvice(findings)).toMatch(/^Turn early stopping on \(patience 5\)/);
    const all = findingLines(findings).join('\n');
    expect(all).not.toMatch(/more epochs|train longer|Still improving/i);
    expect(kinds(evidence)).not.toContain('still-improving');
  });

  it('the default GRU gets no false alarm: it beats both baselines and stopped early', async () => {
    const { model, evidence } = await trained('gru');
    disposeModel(model);
    const findings = diagnoseRun(evidence);
    expect(findings.filter((f) => f.severity === 'problem' || f.severity === 'warning')).toEqual([]);
    expect(kinds(evidence)).toContain('beats-baselines');
  });

  it('a continuation with no validation gain is called so', async () => {
    const { model, evidence } = await trained('linear');
    try {
      const parentVal = Math.min(...evidence.history.map((h) => h.valMae));
      const child = await cloneModel(model);
      const result = await continueTraining(child, data, { ...DEFAULT_TRAINING, epochs: 1 }, { learningRateFactor: 0.1 });
      const e = evaluateModel(child, data, 'test');
      disposeModel(child);
      const findings = diagnoseRun({
        ...evidence,
        history: result.history,
        stoppedEarly: result.stoppedEarly,
        test: { mae: e.model.mae, persistence: e.baselines.persistence.mae, climatology: e.baselines.climatology.mae },
        parent: { label: 'Linear · train #1', valMae: parentVal },
      });
      const noGain = findings.find((f) => f.kind === 'no-gain');
      expect(noGain?.evidence).toMatch(/^Validation MAE 1\.85 °C \(Linear · train #1\) → 1\.86 °C\.$/);
      expect(noGain?.advice).toMatch(/^Keep Linear · train #1/);
    } finally {
      disposeModel(model);
    }
  });

  it('a learning rate far too low is called learning too slowly, with advice to raise it', async () => {
    const { model, evidence } = await trained('mlp', { learningRate: 1e-5 });
    disposeModel(model);
    const findings = diagnoseRun(evidence);
    expect(findings[0].kind).toBe('too-slow');
    expect(findings[0].advice).toMatch(/^Raise the learning rate to 0\.0001 \(×10\)/);
  });
});
