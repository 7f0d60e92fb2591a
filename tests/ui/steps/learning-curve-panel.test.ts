import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/fine-tuning/fine-tuning-step.ts';
import type { WorkflowState } from '../../../src/app/state.ts';
import { ARCHITECTURES } from '../../../src/ml/architectures/specs.ts';
import type { LearningCurvePoint } from '../../../src/ml/fine-tuning/learning-curve.ts';
import type { ChartView } from '../../../src/ui/chart-view/chart-view.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, listen, mount } from '../mount.ts';

let trained: WorkflowState;
let toledo: WorkflowState;

const MAE: Record<'linear' | 'gru', number[]> = { linear: [3.44, 3.12, 3.05, 3.03], gru: [4.1, 3.08, 3.04, 3.0] };

function point(kind: 'linear' | 'gru', i: number): LearningCurvePoint {
  const period = { start: '2007-01-15', end: '2007-12-31', windows: 351 };
  return {
    architecture: ARCHITECTURES[kind].defaults, trainYears: [1, 4, 16, 48][i], trainPeriod: period, validationPeriod: period,
    valMae: 3, testMae: MAE[kind][i], persistenceMae: 3.31, climatologyMae: 5.1, skillPersistence: 0, bestEpoch: 1, msTotal: 100, history: [],
  };
}

beforeAll(async () => {
  ({ trained } = await workflowStates());
  const label = 'Toledo Express Airport, OH (USW00094830)';
  toledo = { ...trained, settings: { ...trained.settings, dataSource: { kind: 'shipped', id: 'USW00094830' } }, dataset: { ...trained.dataset, summary: { ...trained.dataset.summary!, label } } };
}, 60_000);

const panel = (el: Element) => deep(el).querySelector('learning-curve-panel')!;
const start = (el: Element) => deep(el).querySelector<HTMLButtonElement>('[data-testid="learning-curve"]')!;

describe('<learning-curve-panel> (fine-tuning e)', () => {
  it('needs a 50-year record, and asks for the experiment with the epochs of its field', async () => {
    const seattle = await mount('fine-tuning-step', { state: trained });
    expect(start(seattle).disabled).toBe(true);
    expect(deep(seattle).querySelector('[data-testid="learning-curve-needs"]')).not.toBeNull();
    const el = await mount('fine-tuning-step', { state: toledo });
    expect(panel(el)).not.toBeNull();
    expect(start(el).disabled).toBe(false);
    const seen = listen(el, 'learning-curve-requested');
    start(el).click();
    expect(seen.map((e) => e.detail)).toEqual([{ epochs: 30 }]);
  });

  it('shows which training runs, disables the other tools and offers Stop', async () => {
    const state: WorkflowState = { ...toledo, learningCurve: { status: 'running', datasetLabel: toledo.dataset.summary!.label, run: 4, runs: 8, epoch: 7, epochs: 30, points: [point('linear', 0)], units: '°C', msTotal: null, error: null } };
    const el = await mount('fine-tuning-step', { state });
    expect(deep(el).querySelector('[data-testid="learning-curve-status"]')!.textContent).toBe('Training 4 of 8: GRU on 4 years · epoch 7 of up to 30');
    expect(start(el).disabled).toBe(true);
    expect(deep(el).querySelector<HTMLButtonElement>('[data-testid="continue"]')!.disabled).toBe(true);
    const stops = listen(el, 'stop-requested');
    [...deep(el).querySelectorAll<HTMLButtonElement>('#learning-curve-title ~ .actions button')].find((b) => b.textContent!.trim() === 'Stop')!.click();
    expect(stops).toHaveLength(1);
  });

  it('plots four points per model against the years, persistence flat, and says what more data did', async () => {
    const points = [0, 1, 2, 3].flatMap((i) => [point('linear', i), point('gru', i)]);
    const state: WorkflowState = { ...toledo, learningCurve: { status: 'done', datasetLabel: toledo.dataset.summary!.label, run: 8, runs: 8, epoch: 0, epochs: 30, points, units: '°C', msTotal: 40_700, error: null } };
    const el = await mount('fine-tuning-step', { state });
    const chart = deep(el).querySelector<ChartView>('[data-testid="learning-curve-chart"]')!;
    const [linear, gru, persistence] = chart.config!.data.datasets;
    expect([linear.label, gru.label, persistence.label]).toEqual(['Linear', 'GRU', 'Persistence']);
    expect(linear.data).toEqual([{ x: 1, y: 3.44 }, { x: 4, y: 3.12 }, { x: 16, y: 3.05 }, { x: 48, y: 3.03 }]);
    expect(gru.data).toEqual([{ x: 1, y: 4.1 }, { x: 4, y: 3.08 }, { x: 16, y: 3.04 }, { x: 48, y: 3.0 }]);
    expect(new Set(persistence.data.map((d) => (d as { y: number }).y))).toEqual(new Set([3.31]));
    expect(chart.table!.rows).toEqual([[1, '3.44', '4.10', '3.31'], [4, '3.12', '3.08', '3.31'], [16, '3.05', '3.04', '3.31'], [48, '3.03', '3.00', '3.31']]);
    const reading = deep(el).querySelector('[data-testid="learning-curve-reading"]')!.textContent!.replace(/\s+/g, ' ');
    expect(reading).toContain('More data helped the linear model by 11.9 % (test MAE 3.44 → 3.03 °C from 1 to 48 years) and helped the GRU by 26.8 % (4.10 → 3.00 °C).');
    expect(deep(el).querySelector('[data-testid="learning-curve-status"]')!.textContent).toContain('8 trainings in 40.7 s');
  });
});
