import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/fine-tuning/fine-tuning-step.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import type { Evaluation } from '../../../src/ml/evaluation/evaluate.ts';
import type { TransferResult, TrialResult } from '../../../src/ml/fine-tuning/fine-tuning.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, listen, mount } from '../mount.ts';

let trained: WorkflowState;
let run: RunRecord;

beforeAll(async () => {
  ({ trained } = await workflowStates());
  run = trained.runs[0];
}, 60_000);

function button(el: Element, testId: string): HTMLButtonElement {
  return deep(el).querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!;
}

function byText(el: Element, selector: string, text: string): HTMLElement {
  return [...deep(el).querySelectorAll<HTMLElement>(selector)].find((e) => e.textContent!.includes(text))!;
}

/** A GRU-like description so that there are layers to freeze. */
const gruLayers = [
  { name: 'gru_0', type: 'GRU', outputShape: [32], params: 3648, trainable: true },
  { name: 'output', type: 'Dense', outputShape: [1], params: 33, trainable: true },
];

function withMae(e: Evaluation, mae: number): Evaluation {
  return { ...e, model: { ...e.model, mae, rmse: mae * 1.3 } };
}

describe('<fine-tuning-step>', () => {
  it('continues training at the chosen learning-rate factor', async () => {
    const el = await mount('fine-tuning-step', { state: trained });
    expect(deep(el).querySelector('h1')!.textContent).toBe('Step 5 · Fine-tuning');
    const factor = deep(el).querySelector<HTMLSelectElement>('#lr-factor')!;
    expect(factor.value).toBe('0.1');
    factor.value = '0.03';
    factor.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(deep(el).querySelector('[data-testid="new-lr"]')!.textContent).toContain(String(Number((run.training.learningRate * 0.03).toPrecision(3))));
    const seen: unknown[] = [];
    el.addEventListener('continue-requested', (e) => seen.push(e.detail));
    button(el, 'continue').click();
    expect(seen).toEqual([{ learningRateFactor: 0.03, epochs: 10 }]);
  });

  it('shows live progress of a continuation and a Stop button', async () => {
    const history = run.history.slice(0, 2);
    const s: WorkflowState = {
      ...trained,
      training: { status: 'running', kind: 'continue', progress: { epoch: 2, epochs: 10, batch: 3, batchesPerEpoch: 30, startedAt: 0, samplesPerSecond: 900, etaSeconds: 8 }, liveHistory: history, error: null, continued: null },
    };
    const el = await mount('fine-tuning-step', { state: s });
    expect(deep(el).querySelector('[data-testid="continue-status"]')!.textContent).toContain(`Epoch 2 of 10 · validation MAE ${history[1].valMae.toFixed(2)} °C`);
    expect(button(el, 'continue').disabled).toBe(true);
    expect(button(el, 'search').disabled).toBe(true);
    const seen: string[] = [];
    el.addEventListener('stop-requested', (e) => seen.push(e.type));
    byText(el, 'button', 'Stop').click();
    expect(seen).toEqual(['stop-requested']);
  });

  it('compares the continued run with its parent in °C', async () => {
    const child: RunRecord = { ...run, id: 'run-child', label: 'child', kind: 'continue', parentId: run.id, evaluation: withMae(run.evaluation!, run.evaluation!.model.mae - 0.25) };
    const el = await mount('fine-tuning-step', { state: { ...trained, runs: [run, child], selectedRunId: 'run-child' } });
    const table = deep(el).querySelector('[data-testid="before-after"]')!.textContent!.replace(/\s+/g, ' ');
    expect(table).toContain(`${run.evaluation!.model.mae.toFixed(2)} °C`);
    expect(table).toContain(`${(run.evaluation!.model.mae - 0.25).toFixed(2)} °C`);
    expect(table).toContain('−0.25 °C');
  });

  it('a continuation that did not gain on validation leaves the parent selected, says so, and offers the child in one click', async () => {
    const child: RunRecord = {
      ...run,
      id: 'run-child',
      label: 'child',
      kind: 'continue',
      parentId: run.id,
      result: { ...run.result!, bestValMae: run.result!.bestValMae + 0.01 },
      evaluation: withMae(run.evaluation!, run.evaluation!.model.mae + 0.05),
    };
    const continued = { parentId: run.id, childId: child.id, parentValMae: run.result!.bestValMae, childValMae: child.result!.bestValMae, gained: false };
    const el = await mount('fine-tuning-step', { state: { ...trained, runs: [run, child], selectedRunId: run.id, training: { ...trained.training, kind: 'continue', continued } } });
    const outcome = deep(el).querySelector('[data-testid="continue-outcome"]')!.textContent!.replace(/\s+/g, ' ');
    expect(outcome).toContain(`No gain: validation MAE ${run.result!.bestValMae.toFixed(2)} °C → ${child.result!.bestValMae.toFixed(2)} °C`);
    expect(outcome).toContain(`${run.label} stays selected, so Export ships it`);
    const table = deep(el).querySelector('[data-testid="before-after"]')!.textContent!.replace(/\s+/g, ' ');
    expect(table).toContain('Validation MAE (selects)');
    expect(table).toContain('+0.01 °C');
    const events = listen(el, 'run-selected');
    deep(el).querySelector<HTMLButtonElement>('[data-testid="select-continued"]')!.click();
    expect(events.map((e) => e.detail)).toEqual([{ runId: 'run-child' }]);
  });

  it('counts search trials, refuses more than 48, and dispatches the chosen space', async () => {
    // The search varies the selected run (a GRU here), not whatever steps 2–3 hold now (linear).
    const gru = { ...run, label: 'GRU · train #1', architecture: { kind: 'gru' as const, units: 32, layers: 1, dropout: 0 } };
    const s: WorkflowState = { ...trained, runs: [gru], settings: { ...trained.settings, architecture: { kind: 'linear', units: 1, layers: 1, dropout: 0 } } };
    const el = await mount('fine-tuning-step', { state: s });
    expect(deep(el).querySelector('[data-testid="search-base"]')!.textContent!.replace(/\s+/g, ' ')).toContain('the settings of GRU · train #1 (GRU, 1 × 32 units');
    expect(deep(el).querySelector('[data-testid="ranking-rule"]')!.textContent).toMatch(/ranked by validation MAE/);
    // default picks: 3 learning rates × 2 unit counts
    expect(deep(el).querySelector('[data-testid="trial-count"]')!.textContent).toContain('6');
    const tick = async (key: string, value: number) => {
      const box = deep(el).querySelector<HTMLInputElement>(`input[data-key="${key}"][value="${value}"]`)!;
      box.click();
      await el.updateComplete;
    };
    await tick('learningRate', 0.0003);
    await tick('units', 8);
    await tick('units', 64);
    await tick('layers', 2);
    await tick('layers', 1);
    await tick('batchSize', 16);
    await tick('batchSize', 32);
    // 4 × 4 × 2 × 2 = 64
    expect(deep(el).querySelector('[data-testid="search-problem"]')!.textContent).toContain('64 trials');
    expect(button(el, 'search').disabled).toBe(true);
    const random = deep(el).querySelector<HTMLInputElement>('input[name="mode"][value="random"]')!;
    random.click();
    await el.updateComplete;
    expect(deep(el).querySelector('[data-testid="search-problem"]')).toBeNull();
    expect(deep(el).querySelector('[data-testid="trial-count"]')!.textContent).toContain('6');
    const seen: unknown[] = [];
    el.addEventListener('search-requested', (e) => seen.push(e.detail));
    button(el, 'search').click();
    expect(seen).toEqual([
      { space: { learningRate: [0.0003, 0.001, 0.003, 0.01], units: [8, 16, 32, 64], layers: [1, 2], batchSize: [16, 32] }, mode: 'random', trials: 6, epochs: 5 },
    ]);
  });

  it('leaves units, layers and dropout out of the search for a linear model', async () => {
    const el = await mount('fine-tuning-step', { state: trained });
    expect(deep(el).querySelector('[data-testid="trial-count"]')!.textContent).toContain('3');
    const seen: { space: object }[] = [];
    el.addEventListener('search-requested', (e) => seen.push(e.detail));
    button(el, 'search').click();
    expect(seen[0].space).toEqual({ learningRate: [0.001, 0.003, 0.01] });
  });

  it('shows the live ranking with validation and test MAE in °C and diverged trials', async () => {
    const base = { architecture: run.architecture, training: run.training };
    const ranking: TrialResult[] = [
      { ...base, params: { learningRate: 0.003 }, rank: 1, valMae: 2.31, testMae: 2.45, testSkillPersistence: 3.1, epochsRun: 5, ms: 4200, history: [] },
      { ...base, params: { learningRate: 0.01 }, rank: 2, valMae: NaN, testMae: NaN, testSkillPersistence: NaN, epochsRun: 2, ms: 900, history: [], error: 'Training diverged at epoch 2 (loss NaN).' },
    ];
    const el = await mount('fine-tuning-step', { state: { ...trained, search: { status: 'running', ranking, done: 2, total: 3, error: null } } });
    // Said once, by the progress meter, not twice.
    expect(deep(el).querySelector('progress-meter[label="Search"]')!.getAttribute('detail')).toBe('Trial 2/3 done');
    expect(deep(el).querySelector('[data-testid="search-status"]')!.textContent!.trim()).toBe('');
    const table = deep(el).querySelector('[data-testid="ranking"]')!.textContent!.replace(/\s+/g, ' ');
    expect(table).toContain('lr 0.003');
    expect(table).toContain('2.31 °C');
    expect(table).toContain('2.45 °C');
    expect(table).toContain('4.2');
    expect(table).toContain('Diverged: Training diverged at epoch 2');
  });

  it('keeps the newest ranking after a reload (from its records) and trains the winner fully', async () => {
    const trial = (id: string, rank: number, lr: number, val: number): RunRecord => ({
      ...run,
      id,
      label: `Linear · search rank ${rank}/2 (lr ${lr})`,
      kind: 'search',
      hasModel: false,
      evaluation: null,
      testMae: val + 0.2,
      parentId: run.id,
      result: { ...run.result!, bestValMae: val },
      search: { id: 'search-1', rank, of: 2, params: { learningRate: lr }, epochs: 5 },
    });
    const runs = [run, trial('t-2', 2, 0.01, 2.4), trial('t-1', 1, 0.001, 2.1)];
    const el = await mount('fine-tuning-step', { state: { ...trained, runs } });
    const table = deep(el).querySelector('[data-testid="ranking"]')!;
    expect([...table.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(['lr 0.001', 'lr 0.01']);
    expect(deep(el).querySelector('[data-testid="winner-note"]')!.textContent).toMatch(/Trials ran 5 epochs each/);
    const events = listen(el, 'train-winner-requested');
    deep(el).querySelector<HTMLButtonElement>('[data-testid="train-winner"]')!.click();
    expect(events.map((e) => e.detail)).toEqual([{ trialId: 't-1' }]);
  });

  it('requests a transfer to the other city and reads its result', async () => {
    const s: WorkflowState = { ...trained, runs: [{ ...run, description: { layers: gruLayers, totalParams: 3681, trainableParams: 3681 } }] };
    const el = await mount('fine-tuning-step', { state: s });
    const target = deep(el).querySelector<HTMLSelectElement>('#target')!;
    expect([...target.options].map((o) => o.textContent)).toEqual(['New York, NY']);
    const freeze = [...deep(el).querySelectorAll<HTMLInputElement>('fieldset input[type="checkbox"]')].filter((i) => !i.dataset.key);
    expect(freeze.map((i) => i.value)).toEqual(['gru_0']);
    freeze[0].click();
    deep(el).querySelector<HTMLInputElement>('input[name="fraction"][value="0.25"]')!.click();
    await el.updateComplete;
    const seen: unknown[] = [];
    el.addEventListener('transfer-requested', (e) => seen.push(e.detail));
    button(el, 'transfer').click();
    expect(seen).toEqual([{ target: 'new-york', fraction: 0.25, freeze: ['gru_0'], epochs: 10 }]);

    const e = run.evaluation!;
    const result: TransferResult = {
      zeroShot: withMae(e, 3.1),
      fineTuned: withMae(e, 2.4),
      scratch: withMae(e, 2.8),
      targetTrainWindows: 289,
      fineTuneRun: { ...run.result!, history: run.history },
      scratchRun: { ...run.result!, history: run.history },
    };
    el.state = { ...s, transfer: { status: 'done', request: { target: 'new-york', fraction: 0.25 }, result, error: null, epoch: 12 } };
    await el.updateComplete;
    expect(deep(el).querySelector('[data-testid="transfer-reading"]')!.textContent).toBe(
      "Fine-tuning beats training from scratch by 0.40 °C with 25 % of New York, NY's training data (289 windows).",
    );
    const table = deep(el).querySelector('[data-testid="transfer-table"]')!.textContent!.replace(/\s+/g, ' ');
    for (const v of ['3.10 °C', '2.40 °C', '2.80 °C', `${e.baselines.persistence.mae.toFixed(2)} °C`, `${e.baselines.climatology.mae.toFixed(2)} °C`]) expect(table).toContain(v);
  });

  it('shows transfer progress and errors', async () => {
    const el = await mount('fine-tuning-step', { state: { ...trained, transfer: { status: 'running', request: { target: 'new-york', fraction: 0.1 }, result: null, error: null, epoch: 3 } } });
    expect(deep(el).querySelector('[data-testid="transfer-status"]')!.textContent).toContain('epoch 3 of up to 20');
    expect(button(el, 'transfer').disabled).toBe(true);
    el.state = { ...trained, transfer: { status: 'error', request: { target: 'new-york', fraction: 0.1 }, result: null, error: 'New York has too few rows.', epoch: 3 } };
    await el.updateComplete;
    expect(deep(el).querySelector('[role="alert"]')!.textContent).toBe('New York has too few rows.');
  });

  it('offers both cities for an uploaded dataset', async () => {
    const s: WorkflowState = { ...trained, settings: { ...trained.settings, dataSource: { kind: 'upload', name: 'mine.csv', file: null } } };
    const el = await mount('fine-tuning-step', { state: s });
    expect([...deep(el).querySelector<HTMLSelectElement>('#target')!.options].map((o) => o.value)).toEqual(['seattle', 'new-york']);
  });
});
