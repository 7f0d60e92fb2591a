import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/training/training-step.ts';
import type { TrainingStep } from '../../../src/steps/training/training-step.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import type { ChartView } from '../../../src/ui/chart-view/chart-view.ts';
import type { NumberField } from '../../../src/ui/number-field/number-field.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { mount, shadow, listen } from '../mount.ts';

let withData: WorkflowState;
let trained: WorkflowState;
let running: WorkflowState;

beforeAll(async () => {
  ({ withData, trained } = await workflowStates());
  running = {
    ...withData,
    training: {
      status: 'running',
      kind: 'train',
      progress: { epoch: 2, epochs: 30, batch: 5, batchesPerEpoch: 31, startedAt: 0, samplesPerSecond: 2345, etaSeconds: 11.2 },
      liveHistory: trained.training.liveHistory.slice(0, 2),
      error: null,
      continued: null,
    },
  };
}, 60_000);

function text(el: Element): string {
  return shadow(el).textContent!.replace(/\s+/g, ' ');
}

function button(el: TrainingStep, label: string): HTMLButtonElement {
  return [...shadow(el).querySelectorAll('button')].find((b) => b.textContent!.trim().startsWith(label))!;
}

function field(el: TrainingStep, name: string): NumberField {
  return shadow(el).querySelector<NumberField>(`number-field[data-field="${name}"]`)!;
}

function typeInto(f: NumberField, value: string): void {
  const input = shadow(f).querySelector('input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<training-step>', () => {
  it('shows the settings from the state; Start enabled, Stop disabled when idle', async () => {
    const el = await mount('training-step', { state: withData });
    const t = withData.settings.training;
    expect(field(el, 'epochs').value).toBe(t.epochs);
    expect(field(el, 'learningRate').value).toBe(t.learningRate);
    expect(field(el, 'learningRate').hint).toBe('Adam works well at 0.001–0.01.');
    expect(shadow(el).querySelector<HTMLSelectElement>('#optimizer')!.value).toBe('adam');
    expect(button(el, 'Start training').disabled).toBe(false);
    expect(button(el, 'Stop').disabled).toBe(true);
    const events = listen(el, 'train-requested');
    button(el, 'Start training').click();
    expect(events).toHaveLength(1);
  });

  it('disables Start while a step-5 job uses the worker, and says which', async () => {
    const el = await mount('training-step', { state: { ...withData, search: { ...withData.search, status: 'running' } } });
    expect(button(el, 'Start training').disabled).toBe(true);
    expect(shadow(el).querySelector('.controls .status')!.textContent).toBe('Start waits for the hyperparameter search (step 5) to finish or be stopped.');
    el.state = withData;
    await el.updateComplete;
    expect(button(el, 'Start training').disabled).toBe(false);
  });

  it('sends the config only when every field is valid, and disables Start while one is not', async () => {
    const el = await mount('training-step', { state: withData });
    const events = listen(el, 'training-config-changed');
    typeInto(field(el, 'learningRate'), '0');
    await el.updateComplete;
    expect(button(el, 'Start training').disabled).toBe(true);
    expect(text(el)).toContain('Fix the highlighted fields to start.');
    typeInto(field(el, 'epochs'), '12'); // valid, but the learning rate is still invalid
    expect(events).toHaveLength(0);
    typeInto(field(el, 'learningRate'), '0.01');
    await el.updateComplete;
    expect(events.map((e) => e.detail.training)).toEqual([{ ...withData.settings.training, epochs: 12, learningRate: 0.01 }]);
    expect(button(el, 'Start training').disabled).toBe(false);
    const select = shadow(el).querySelector<HTMLSelectElement>('#optimizer')!;
    select.value = 'sgd';
    select.dispatchEvent(new Event('change'));
    expect(events[1].detail.training.optimizer).toBe('sgd');
  });

  it('the prediction-interval checkbox, labelled and explained, sends training.intervals', async () => {
    const el = await mount('training-step', { state: withData });
    const box = shadow(el).querySelector<HTMLInputElement>('input#intervals')!;
    expect(box.type).toBe('checkbox');
    expect(box.checked).toBe(false);
    expect(box.labels![0].textContent).toMatch(/Prediction intervals/);
    const hint = shadow(el).getElementById(box.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toMatch(/pinball loss/);
    expect(hint.textContent).toMatch(/80 % band/);
    const events = listen(el, 'training-config-changed');
    box.click();
    expect(events.map((e) => e.detail.training)).toEqual([{ ...withData.settings.training, intervals: true }]);
    box.click();
    expect(events[1].detail.training.intervals).toBe(false);
    // a stored setting shows as checked, and the box is locked while a job runs
    const on = await mount('training-step', { state: { ...withData, settings: { ...withData.settings, training: { ...withData.settings.training, intervals: true } } } });
    expect(shadow(on).querySelector<HTMLInputElement>('input#intervals')!.checked).toBe(true);
    const busy = await mount('training-step', { state: running });
    expect(shadow(busy).querySelector<HTMLInputElement>('input#intervals')!.disabled).toBe(true);
  });

  it("notes that an interval run's curves are the median's error, and only for such a run", async () => {
    const { banded } = await workflowStates();
    const el = await mount('training-step', { state: banded });
    expect(el.shadowRoot!.querySelector('[data-testid="median-note"]')!.textContent).toContain('error of the median');
    const plain = await mount('training-step', { state: trained });
    expect(plain.shadowRoot!.querySelector('[data-testid="median-note"]')).toBeNull();
  });

  it('while training: Stop enabled, Start disabled, progress with epoch, batch, ETA and speed', async () => {
    const el = await mount('training-step', { state: running });
    expect(button(el, 'Start training').disabled).toBe(true);
    expect(button(el, 'Stop').disabled).toBe(false);
    const meter = shadow(el).querySelector('progress-meter')!;
    expect(meter.detail).toBe('Epoch 3/30 · batch 5/31 · ETA 12 s · 2,345 samples/s');
    expect(meter.value).toBeCloseTo((2 + 5 / 31) / 30);
    const events = listen(el, 'stop-requested');
    button(el, 'Stop').click();
    expect(events).toHaveLength(1);
  });

  it('draws training and validation MAE per epoch on a fixed epoch axis without animation', async () => {
    const el = await mount('training-step', { state: running });
    const chart = shadow(el).querySelector<ChartView>('chart-view')!;
    const config = chart.config!;
    const history = running.training.liveHistory;
    expect(config.data.labels).toHaveLength(30);
    expect(config.data.datasets.map((d) => d.data)).toEqual([history.map((h) => h.trainMae), history.map((h) => h.valMae)]);
    expect(config.options!.animation).toBe(false);
    expect((config.options!.scales!.y as { title: { text: string } }).title.text).toBe('Mean absolute error (°C)');
    expect(chart.summary).toMatch(/^Training MAE (fell|went) from \d+\.\d\d °C to \d+\.\d\d °C over 2 epochs/);
  });

  it("when idle, shows the selected run's own curve and epoch budget, not the last job's", async () => {
    const base = trained.runs[0];
    const continued: RunRecord = {
      ...base,
      id: 'run-continued',
      label: 'Linear · train #1 → fine-tuned (lr ×0.1)',
      kind: 'continue',
      parentId: base.id,
      training: { ...base.training, epochs: 2 },
      history: base.history.slice(0, 2),
      result: { ...base.result!, stoppedEarly: false, cancelled: false },
    };
    // The last job was the continuation (2 epochs), but the user selected the first run (3 epochs).
    const s: WorkflowState = { ...trained, runs: [base, continued], selectedRunId: base.id, training: { ...trained.training, liveHistory: continued.history } };
    const el = await mount('training-step', { state: s });
    const chart = shadow(el).querySelector<ChartView>('chart-view')!;
    expect(chart.config!.data.datasets[0].data).toEqual(base.history.map((h) => h.trainMae));
    expect(chart.config!.data.labels).toHaveLength(base.training.epochs);
    const meter = shadow(el).querySelector('progress-meter') as HTMLElement & { detail: string };
    expect(meter.detail).toBe(`Finished: ${base.history.length} of ${base.training.epochs} epochs${base.result!.stoppedEarly ? ' (stopped early)' : ''}.`);
    el.state = { ...s, selectedRunId: continued.id };
    await (el as TrainingStep).updateComplete;
    expect(meter.detail).toBe('Finished: 2 of 2 epochs.');
  });

  it('keeps the same height when training starts', async () => {
    const el = await mount('training-step', { state: { ...withData, runs: trained.runs } });
    const height = () => shadow(el).querySelector('.live')!.getBoundingClientRect().height + shadow(el).querySelector('.results')!.getBoundingClientRect().height;
    const before = height();
    el.state = { ...running, runs: trained.runs };
    await el.updateComplete;
    expect(height()).toBe(before);
  });

  it('after training shows best epoch, early stopping, ms/epoch and best validation MAE in °C', async () => {
    const el = await mount('training-step', { state: trained });
    const result = trained.runs[0].result!;
    const t = text(el);
    expect(t).toContain(`Best validation MAE${result.bestValMae.toFixed(2)} °C`);
    expect(t).toContain(`Best epoch${result.bestEpoch} of ${trained.runs[0].history.length}`);
    expect(t).toContain(`Stopped early${result.stoppedEarly ? 'Yes' : 'No'}`);
    expect(t).toContain(`Time per epoch${Math.round(result.msPerEpoch).toLocaleString('en-US')} ms`);
  });

  it('shows a training error with advice (NaN loss: lower the learning rate)', async () => {
    const error = 'Training diverged: the loss became NaN or infinite at epoch 2, batch 3.';
    const el = await mount('training-step', { state: { ...withData, training: { ...withData.training, status: 'error', error } } });
    const banner = shadow(el).querySelector('error-banner')!;
    expect(banner.message).toBe(error);
    expect(banner.hint).toContain('Lower the learning rate (now 0.003; try 0.0003)');
  });

  it('ranks runs by validation MAE (no test MAE: that is read on Evaluation); selecting one dispatches run-selected', async () => {
    const run = trained.runs[0];
    const worse: RunRecord = { ...run, id: 'run-test-2', label: 'Linear · train #2', result: { ...run.result!, bestValMae: run.result!.bestValMae + 0.3 } };
    const better: RunRecord = { ...run, id: 'run-test-3', label: 'Linear · train #3', result: { ...run.result!, bestValMae: run.result!.bestValMae - 0.1 } };
    const el = await mount('training-step', { state: { ...trained, runs: [...trained.runs, worse, better] } });
    const runs = [...shadow(el).querySelectorAll('label.run')];
    expect(runs.map((r) => r.querySelector('strong')!.textContent)).toEqual(['Linear · train #3', 'Linear · train #1', 'Linear · train #2']);
    expect(runs[1].textContent).toContain(`validation MAE ${run.result!.bestValMae.toFixed(2)} °C · ${run.history.length} epochs`);
    expect(runs[1].textContent).not.toContain('test MAE');
    expect(runs[1].querySelector('input')!.checked).toBe(true);
    const events = listen(el, 'run-selected');
    runs[0].querySelector('input')!.click();
    expect(events.map((e) => e.detail)).toEqual([{ runId: 'run-test-3' }]);
  });

  it('backend select dispatches backend-changed and shows the backend in use', async () => {
    const el = await mount('training-step', { state: withData });
    expect(text(el)).toContain('In use: wasm');
    const events = listen(el, 'backend-changed');
    const select = shadow(el).querySelector<HTMLSelectElement>('#backend')!;
    select.value = 'cpu';
    select.dispatchEvent(new Event('change'));
    expect(events.map((e) => e.detail)).toEqual([{ backend: 'cpu' }]);
  });

  it('Next: Evaluation is enabled once a run exists', async () => {
    const el = await mount('training-step', { state: withData });
    expect(button(el, 'Next: Evaluation').disabled).toBe(true);
    el.state = trained;
    await el.updateComplete;
    const events = listen(el, 'navigate');
    button(el, 'Next: Evaluation').click();
    expect(events.map((e) => e.detail)).toEqual([{ step: 'evaluation' }]);
  });
});
