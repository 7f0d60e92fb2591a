import { describe, expect, it } from 'vitest';
import { experimentsFor, GUIDED_EXPERIMENTS, guidedProgress } from '../../src/app/guided.ts';
import { DEFAULT_SETTINGS, INITIAL_STATE, type RunRecord, type WorkflowState } from '../../src/app/state.ts';
import type { EpochLog } from '../../src/ml/training/config.ts';

const epoch = (e: number, valMae: number): EpochLog => ({ epoch: e, trainLoss: 0.1, valLoss: 0.1, trainMae: valMae, valMae, ms: 10, samplesPerSecond: 1 });

function run(id: string, valMae: number, patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    label: id,
    kind: 'train',
    createdAt: '2026-12-01T00:00:00.000Z',
    datasetLabel: 'Seattle, WA',
    dataSpec: DEFAULT_SETTINGS.dataSpec,
    architecture: DEFAULT_SETTINGS.architecture,
    training: DEFAULT_SETTINGS.training,
    backend: 'wasm',
    history: [epoch(1, valMae + 0.2), epoch(2, valMae)],
    result: { bestEpoch: 2, bestValMae: valMae, stoppedEarly: false, cancelled: false, msTotal: 20, msPerEpoch: 10 },
    evaluation: null,
    description: null,
    units: '°C',
    ...patch,
  };
}

const state = (runs: RunRecord[]): WorkflowState => ({ ...INITIAL_STATE, runs });

describe('guided experiments', () => {
  it('say nothing before the runs show the experiment was done', () => {
    for (const e of GUIDED_EXPERIMENTS) expect(e.outcome(INITIAL_STATE), e.id).toBeNull();
    expect(guidedProgress(INITIAL_STATE)).toEqual({ done: 0, total: GUIDED_EXPERIMENTS.length, best: null });
    // Two runs that differ in more than the learning rate are not the learning-rate experiment.
    const a = run('a', 2.0);
    const b = run('b', 2.5, { training: { ...DEFAULT_SETTINGS.training, learningRate: 0.03, epochs: 10 } });
    expect(experimentsFor(state([a, b]), 'training').find((x) => x.experiment.id === 'learning-rate-x10')!.outcome).toBeNull();
  });

  it('recognise a lookback comparison and a learning rate ×10, and state the numbers', () => {
    const short = run('short', 2.1);
    const long = run('long', 2.0, { dataSpec: { ...DEFAULT_SETTINGS.dataSpec, window: { lookbackDays: 30, horizonDays: 1 } } });
    const fast = run('fast', 2.6, { training: { ...DEFAULT_SETTINGS.training, learningRate: 0.03 } });
    const s = state([short, long, fast]);
    expect(experimentsFor(s, 'data').find((x) => x.experiment.id === 'lookback-30')!.outcome).toBe(
      'Lookback 30: validation MAE 2.00 °C; lookback 14: 2.10 °C — the longer history helped by 0.10 °C.',
    );
    expect(experimentsFor(s, 'training').find((x) => x.experiment.id === 'learning-rate-x10')!.outcome).toMatch(/^At 0\.03, validation MAE 2\.60 °C after 2 epochs; at 0\.003, 2\.10 °C after 2/);
    expect(guidedProgress(s).best?.id).toBe('long');
  });
});
