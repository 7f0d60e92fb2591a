import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../../src/steps/experiments/experiments-step.ts';
import type { IntentMap } from '../../../src/app/events.ts';
import { experimentRow } from '../../../src/app/experiments.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import type { ChartView } from '../../../src/ui/chart-view/chart-view.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { mount, shadow } from '../mount.ts';

let trained: WorkflowState;
let state: WorkflowState;

beforeAll(async () => {
  ({ trained } = await workflowStates());
  const base = trained.runs[0];
  // A second real run (scaled curves), a search trial without a model, and a diverged trial.
  const second: RunRecord = {
    ...base,
    id: 'run-test-2',
    label: 'Linear · train #2',
    createdAt: '2026-11-26T09:00:00.000Z',
    training: { ...base.training, learningRate: 0.01, seed: 7 },
    history: base.history.map((h) => ({ ...h, valMae: h.valMae + 0.5 })),
    evaluation: { ...base.evaluation!, model: { ...base.evaluation!.model, mae: base.evaluation!.model.mae + 0.4 } },
  };
  const trial: RunRecord = { ...base, id: 'trial-1', label: 'Linear · search rank 1/2 (lr 0.001)', kind: 'search', createdAt: '2026-11-26T09:30:00.000Z', evaluation: null, hasModel: false, testMae: 1.5 };
  const diverged: RunRecord = { ...trial, id: 'trial-2', label: 'Linear · search rank 2/2 (lr 10)', createdAt: '2026-11-26T09:31:00.000Z', history: [], result: null, testMae: Number.NaN, error: 'Training diverged' };
  state = { ...trained, runs: [base, second, trial, diverged] };
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

function rowIds(el: Element): string[] {
  return [...shadow(el).querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-run')!);
}

function sortButton(el: Element, key: string): HTMLButtonElement {
  return shadow(el).querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)!;
}

function listen<K extends keyof IntentMap>(el: Element, type: K): IntentMap[K][] {
  const seen: IntentMap[K][] = [];
  el.addEventListener(type, (e) => seen.push((e as CustomEvent<IntentMap[K]>).detail));
  return seen;
}

describe('<experiments-step>', () => {
  it('groups trainings that differ only in their seed, with median and range of validation and test MAE', async () => {
    const base = trained.runs[0];
    const reseeded: RunRecord = {
      ...base,
      id: 'run-seed-2',
      label: 'Linear · train #3',
      training: { ...base.training, seed: base.training.seed + 1 },
      result: { ...base.result!, bestValMae: base.result!.bestValMae + 0.1 },
      evaluation: { ...base.evaluation!, model: { ...base.evaluation!.model, mae: base.evaluation!.model.mae + 0.2 } },
    };
    const el = await mount('experiments-step', { state: { ...state, runs: [...state.runs, reseeded] } });
    const spread = shadow(el).querySelector('seed-spread')!;
    await spread.updateComplete;
    const text = spread.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain(`2 (${base.training.seed}, ${base.training.seed + 1})`);
    const mae = base.evaluation!.model.mae;
    expect(text).toContain(`${(mae + 0.1).toFixed(2)} °C (${mae.toFixed(2)} °C to ${(mae + 0.2).toFixed(2)} °C)`);
    // One run per setting: no group.
    const single = await mount('experiments-step', { state });
    expect(shadow(single).querySelector('seed-spread')!.shadowRoot!.querySelector('table')).toBeNull();
  });

  it('says how to get runs when there are none', async () => {
    const el = await mount('experiments-step', { state: { ...trained, runs: [] } });
    expect(shadow(el).querySelector('[data-testid="no-runs"]')!.textContent).toContain('No runs yet');
  });

  it('lists every run ranked by validation MAE (the number that chooses), with its hyperparameters and metrics', async () => {
    const el = await mount('experiments-step', { state });
    // Best validation MAE first; the diverged trial, which has none, last.
    const val = (id: string) => experimentRow(state.runs.find((r) => r.id === id)!).valMae;
    const ids = rowIds(el);
    expect(ids.at(-1)).toBe('trial-2');
    const vals = ids.slice(0, -1).map(val) as number[];
    expect(vals).toEqual([...vals].sort((a, b) => a - b));
    expect(sortButton(el, 'valMae').closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    const text = shadow(el).querySelector('tr[data-run="run-test-2"]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('adam 0.01');
    expect(text).toContain(`${state.runs[1].evaluation!.model.mae.toFixed(2)} °C`);
    expect(shadow(el).querySelector('tr[data-run="trial-1"]')!.textContent).toContain('no model kept');
    expect(shadow(el).querySelector('tr[data-run="trial-2"]')!.textContent).toContain('diverged');
  });

  it('sorts by a column on click, both ways, and says so with aria-sort', async () => {
    const el = await mount('experiments-step', { state });
    sortButton(el, 'testMae').click();
    await el.updateComplete;
    expect(rowIds(el)).toEqual(['trial-1', 'run-test-1', 'run-test-2', 'trial-2']);
    expect(sortButton(el, 'testMae').closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    sortButton(el, 'testMae').click();
    await el.updateComplete;
    expect(rowIds(el)).toEqual(['run-test-2', 'run-test-1', 'trial-1', 'trial-2']);
    expect(sortButton(el, 'testMae').closest('th')!.getAttribute('aria-sort')).toBe('descending');
    expect(sortButton(el, 'seed').closest('th')!.getAttribute('aria-sort')).toBe('none');
  });

  it('overlays the ticked runs in one chart with a text alternative and a data table', async () => {
    const el = await mount('experiments-step', { state });
    // By default the two latest runs with curves are compared.
    const chart = shadow(el).querySelector<ChartView>('[data-testid="compare-chart"]')!;
    expect(chart.config!.data.datasets.map((d) => d.label)).toEqual(['Linear · train #2', 'Linear · search rank 1/2 (lr 0.001)']);
    const box = shadow(el).querySelector<HTMLInputElement>('tr[data-run="run-test-1"] input[type="checkbox"]')!;
    box.click();
    await el.updateComplete;
    const datasets = chart.config!.data.datasets;
    expect(datasets).toHaveLength(3);
    expect(datasets[0].data).toEqual(state.runs[0].history.map((h) => h.valMae));
    expect(chart.summary).toContain('Validation MAE per epoch for 3 runs');
    expect(chart.table!.columns).toEqual(['Epoch', 'Linear · train #1', 'Linear · train #2', 'Linear · search rank 1/2 (lr 0.001)']);
    const select = shadow(el).querySelector<HTMLSelectElement>('#metric')!;
    select.value = 'trainMae';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(chart.config!.data.datasets[0].data).toEqual(state.runs[0].history.map((h) => h.trainMae));
  });

  it('asks before deleting the ticked runs, then sends their ids', async () => {
    const el = await mount('experiments-step', { state });
    const deleted = listen(el, 'runs-deleted');
    shadow(el).querySelector<HTMLInputElement>('thead input[type="checkbox"]')!.click(); // select all
    await el.updateComplete;
    shadow(el).querySelector<HTMLInputElement>('tr[data-run="trial-2"] input')!.click(); // untick one
    await el.updateComplete;
    shadow(el).querySelector<HTMLButtonElement>('[data-testid="delete"]')!.click();
    await el.updateComplete;
    expect(deleted).toEqual([]);
    expect(shadow(el).querySelector('.confirm')!.textContent).toContain('Delete 3 runs');
    shadow(el).querySelector<HTMLButtonElement>('[data-testid="confirm-delete"]')!.click();
    expect(deleted).toEqual([{ runIds: ['run-test-1', 'run-test-2', 'trial-1'] }]);
  });

  it('requests CSV and JSON downloads and opens a run in the evaluation step', async () => {
    const el = await mount('experiments-step', { state });
    const exports = listen(el, 'experiments-export-requested');
    const selected = listen(el, 'run-selected');
    const navigated = listen(el, 'navigate');
    shadow(el).querySelector<HTMLButtonElement>('[data-testid="export-csv"]')!.click();
    shadow(el).querySelector<HTMLButtonElement>('[data-testid="export-json"]')!.click();
    expect(exports).toEqual([{ format: 'csv' }, { format: 'json' }]);
    shadow(el).querySelector<HTMLButtonElement>('tr[data-run="run-test-2"] button.link')!.click();
    expect(selected).toEqual([{ runId: 'run-test-2' }]);
    expect(navigated).toEqual([{ step: 'evaluation' }]);
  });

  it('copies a link that trains a run again, for trainings and search trials only', async () => {
    const withContinue: WorkflowState = { ...state, runs: [...state.runs, { ...state.runs[1], id: 'cont', kind: 'continue', parentId: 'run-test-2', createdAt: '2026-11-26T10:00:00.000Z' }] };
    const el = await mount('experiments-step', { state: withContinue });
    const has = (id: string) => shadow(el).querySelector(`tr[data-run="${id}"] [data-testid="copy-link"]`) !== null;
    expect(['run-test-1', 'run-test-2', 'trial-1', 'cont'].map(has)).toEqual([true, true, true, false]);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    shadow(el).querySelector<HTMLButtonElement>('tr[data-run="run-test-2"] [data-testid="copy-link"]')!.click();
    await vi.waitFor(() => expect(write).toHaveBeenCalledTimes(1));
    const link = new URL(write.mock.calls[0][0]);
    expect(link.hash.startsWith('#/training?data=seattle&')).toBe(true);
    const params = new URLSearchParams(link.hash.split('?')[1]);
    expect([params.get('arch'), params.get('lr'), params.get('seed'), params.get('epochs'), params.get('backend')]).toEqual(['linear', '0.01', '7', '3', 'cpu']);
    await el.updateComplete;
    expect(shadow(el).querySelector('[data-testid="link-status"]')!.textContent).toContain('Link to the settings of "Linear · train #2" copied');
  });
});
