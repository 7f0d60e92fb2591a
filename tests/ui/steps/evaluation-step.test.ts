import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/evaluation/evaluation-step.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import { verdict } from '../../../src/ml/evaluation/evaluate.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { mount, shadow } from '../mount.ts';

let trained: WorkflowState;

beforeAll(async () => {
  ({ trained } = await workflowStates());
}, 60_000);

function text(el: Element): string {
  return (shadow(el).textContent ?? '').replace(/\s+/g, ' ');
}

/** The trained run with a second run appended. */
function twoRuns(): WorkflowState {
  const run = trained.runs[0];
  const second: RunRecord = { ...run, id: 'run-test-2', label: 'Linear · train #2' };
  return { ...trained, runs: [run, second] };
}

describe('<evaluation-step>', () => {
  it('shows test MAE and RMSE in °C beside the baselines, the skill and the verdict', async () => {
    const el = await mount('evaluation-step', { state: trained });
    const e = trained.runs[0].evaluation!;
    expect(shadow(el).querySelector('h1')!.textContent).toBe('Step 4 · Evaluation');
    const table = shadow(el).querySelector('[data-testid="metrics-table"]')!.textContent!.replace(/\s+/g, ' ');
    expect(table).toContain(`${e.model.mae.toFixed(2)} °C`);
    expect(table).toContain(`${e.model.rmse.toFixed(2)} °C`);
    expect(table).toContain(`${e.baselines.persistence.mae.toFixed(2)} °C`);
    expect(table).toContain(`${e.baselines.climatology.rmse.toFixed(2)} °C`);
    expect(shadow(el).querySelector('[data-testid="verdict"]')!.textContent).toBe(verdict(e));
    const skill = shadow(el).querySelector('[data-testid="skill-persistence"]')!.textContent!;
    expect(skill).toContain(Math.abs(e.skill.persistence).toFixed(1));
    expect(skill).toContain('%');
    const charts = shadow(el).querySelectorAll('chart-view');
    // scores, forecast vs actual, residual histogram (H = 1: the per-horizon MAE is a table)
    expect(charts.length).toBe(3);
    for (const chart of charts) {
      expect(chart.label).not.toBe('');
      expect(chart.summary).toMatch(/°C/);
    }
    expect(shadow(el).querySelector('[data-testid="horizon-table"]')).not.toBeNull();
    expect(text(el)).toContain('forecasts one day ahead');
  });

  it('zooms the forecast-vs-actual chart to one month of test dates', async () => {
    const el = await mount('evaluation-step', { state: trained });
    const chartOf = () => [...shadow(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Actual'))!;
    const all = chartOf().config!.data.labels as string[];
    expect(all.length).toBe(trained.runs[0].evaluation!.dates.length);
    const month = shadow(el).querySelector<HTMLSelectElement>('#month')!;
    month.value = '3';
    month.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const march = chartOf().config!.data.labels as string[];
    expect(march.length).toBe(31);
    expect(march.every((d) => d.startsWith('2015-03'))).toBe(true);
    expect(shadow(el).querySelector('[data-testid="series-summary"]')!.textContent).toMatch(/31 days from 2015-03-01 to 2015-03-31/);
  });

  it('summarizes the residuals: bias and share within ±2 °C, from the evaluation', async () => {
    const el = await mount('evaluation-step', { state: trained });
    const r = trained.runs[0].evaluation!.residuals;
    const mean = r.reduce((s, v) => s + v, 0) / r.length;
    const within = r.filter((v) => Math.abs(v) <= 2).length / r.length;
    expect(shadow(el).querySelector('[data-testid="bias"]')!.textContent).toContain(`${Math.abs(mean).toFixed(2)} °C`);
    expect(shadow(el).querySelector('[data-testid="within"]')!.textContent).toBe(`${(within * 100).toFixed(0)} %`);
    const hist = [...shadow(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Histogram'))!;
    const counts = hist.config!.data.datasets[0].data as number[];
    expect(counts.reduce((s, v) => s + v, 0)).toBe(r.length);
  });

  it('shows a per-horizon chart and a horizon-day select when the model forecasts several days', async () => {
    const run = trained.runs[0];
    const e = run.evaluation!;
    // Two horizon days built from the real evaluation: day 2 repeats day 1 shifted by one row.
    const twice = (a: Float32Array) => Float32Array.from({ length: a.length * 2 }, (_, i) => a[Math.min(a.length - 1, (i >> 1) + (i & 1))]);
    const metrics = (m: typeof e.model) => ({ ...m, maePerHorizon: [m.mae, m.mae * 1.2], rmsePerHorizon: [m.rmse, m.rmse * 1.2] });
    const evaluation = {
      ...e,
      horizonDays: 2,
      model: metrics(e.model),
      baselines: { persistence: metrics(e.baselines.persistence), climatology: metrics(e.baselines.climatology) },
      predicted: twice(e.predicted),
      actual: twice(e.actual),
      residuals: twice(e.residuals),
      baselineForecasts: { persistence: twice(e.baselineForecasts.persistence), climatology: twice(e.baselineForecasts.climatology) },
    };
    const el = await mount('evaluation-step', { state: { ...trained, runs: [{ ...run, evaluation }] } });
    const horizon = shadow(el).querySelector<HTMLSelectElement>('#horizon-day')!;
    expect(horizon.options.length).toBe(2);
    const perDay = [...shadow(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('MAE per horizon'))!;
    expect(perDay.config!.data.labels).toEqual(['Day 1', 'Day 2']);
    horizon.value = '1';
    horizon.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const series = [...shadow(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Actual'))!;
    expect((series.config!.data.labels as string[])[0] > e.dates[0]).toBe(true);
  });

  it('dispatches run-selected from the run picker and navigate from Next', async () => {
    const el = await mount('evaluation-step', { state: twoRuns() });
    const seen: unknown[] = [];
    el.addEventListener('run-selected', (e) => seen.push(e.detail));
    el.addEventListener('navigate', (e) => seen.push(e.detail));
    const select = shadow(el).querySelector<HTMLSelectElement>('#run')!;
    expect(select.options.length).toBe(2);
    select.value = 'run-test-2';
    select.dispatchEvent(new Event('change'));
    const next = [...shadow(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Next'))!;
    expect(next.disabled).toBe(false);
    next.click();
    expect(seen).toEqual([{ runId: 'run-test-2' }, { step: 'fine-tuning' }]);
  });
});
