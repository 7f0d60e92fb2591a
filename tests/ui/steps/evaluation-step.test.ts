import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/evaluation/evaluation-step.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import { verdict } from '../../../src/ml/evaluation/evaluate.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, mount } from '../mount.ts';
import { diagnose } from '../../../src/app/diagnosis.ts';
import { mainAdvice } from '../../../src/ml/evaluation/diagnosis.ts';

let trained: WorkflowState;
let banded: WorkflowState;

beforeAll(async () => {
  ({ trained, banded } = await workflowStates());
}, 60_000);

function text(el: Element): string {
  return (deep(el).textContent ?? '').replace(/\s+/g, ' ');
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
    expect(deep(el).querySelector('h1')!.textContent).toBe('Step 4 · Evaluation');
    const table = deep(el).querySelector('[data-testid="metrics-table"]')!.textContent!.replace(/\s+/g, ' ');
    expect(table).toContain(`${e.model.mae.toFixed(2)} °C`);
    expect(table).toContain(`${e.model.rmse.toFixed(2)} °C`);
    expect(table).toContain(`${e.baselines.persistence.mae.toFixed(2)} °C`);
    expect(table).toContain(`${e.baselines.climatology.rmse.toFixed(2)} °C`);
    // The verdict's advice is the run's own diagnosis, listed below it.
    const findings = diagnose(trained.runs, trained.runs[0]);
    expect(deep(el).querySelector('[data-testid="verdict"]')!.textContent).toBe(verdict(e, mainAdvice(findings)));
    const shown = [...deep(el).querySelectorAll('[data-testid="diagnosis"] li')].map((li) => li.getAttribute('data-kind'));
    expect(shown).toEqual(findings.map((f) => f.kind));
    const skill = deep(el).querySelector('[data-testid="skill-persistence"]')!.textContent!;
    expect(skill).toContain(Math.abs(e.skill.persistence).toFixed(1));
    expect(skill).toContain('%');
    const charts = deep(el).querySelectorAll('chart-view');
    // scores, forecast vs actual, residual histogram (H = 1: the per-horizon MAE is a table)
    expect(charts.length).toBe(3);
    for (const chart of charts) {
      expect(chart.label).not.toBe('');
      expect(chart.summary).toMatch(/°C/);
    }
    expect(deep(el).querySelector('[data-testid="horizon-table"]')).not.toBeNull();
    expect(text(el)).toContain('forecasts one day ahead');
  });

  it('zooms the forecast-vs-actual chart to one month of test dates', async () => {
    const el = await mount('evaluation-step', { state: trained });
    const chartOf = () => [...deep(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Actual'))!;
    const all = chartOf().config!.data.labels as string[];
    expect(all.length).toBe(trained.runs[0].evaluation!.dates.length);
    const month = deep(el).querySelector<HTMLSelectElement>('#month')!;
    month.value = '3';
    month.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const march = chartOf().config!.data.labels as string[];
    expect(march.length).toBe(31);
    expect(march.every((d) => d.startsWith('2015-03'))).toBe(true);
    expect(deep(el).querySelector('[data-testid="series-summary"]')!.textContent).toMatch(/31 days from 2015-03-01 to 2015-03-31/);
  });

  it('summarizes the residuals: bias and share within ±2 °C, from the evaluation', async () => {
    const el = await mount('evaluation-step', { state: trained });
    const r = trained.runs[0].evaluation!.residuals;
    const mean = r.reduce((s, v) => s + v, 0) / r.length;
    const within = r.filter((v) => Math.abs(v) <= 2).length / r.length;
    expect(deep(el).querySelector('[data-testid="bias"]')!.textContent).toContain(`${Math.abs(mean).toFixed(2)} °C`);
    expect(deep(el).querySelector('[data-testid="within"]')!.textContent).toBe(`${(within * 100).toFixed(0)} %`);
    const hist = [...deep(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Histogram'))!;
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
    const horizon = deep(el).querySelector<HTMLSelectElement>('#horizon-day')!;
    expect(horizon.options.length).toBe(2);
    const perDay = [...deep(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('MAE per horizon'))!;
    expect(perDay.config!.data.labels).toEqual(['Day 1', 'Day 2']);
    horizon.value = '1';
    horizon.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const series = [...deep(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Actual'))!;
    expect((series.config!.data.labels as string[])[0] > e.dates[0]).toBe(true);
  });

  it('a point model: no band datasets, no band columns, no calibration table', async () => {
    const el = await mount('evaluation-step', { state: trained });
    const series = [...deep(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Actual'))!;
    expect(series.config!.data.datasets.map((d) => d.label)).toEqual(['Actual', 'Model', 'Persistence']);
    expect(series.table!.columns).toHaveLength(4);
    expect(deep(el).querySelector('[data-testid="calibration-table"]')).toBeNull();
  });

  it('an interval model: the forecast chart shades the 80 % band, its table and summary include it', async () => {
    const el = await mount('evaluation-step', { state: banded });
    const e = banded.runs[0].evaluation!;
    const iv = e.intervals!;
    const series = [...deep(el).querySelectorAll('chart-view')].find((c) => c.label.startsWith('Actual'))!;
    expect(series.label).toContain('80 % band');
    const sets = series.config!.data.datasets as { label?: string; data: number[]; fill?: unknown; backgroundColor?: unknown }[];
    expect(sets.map((d) => d.label)).toEqual(['Actual', 'Model (median)', 'Persistence', '80 % band: 10th percentile', '80 % band: 90th percentile']);
    const [lowerSet, upperSet] = sets.slice(3);
    expect(lowerSet.data).toEqual(Array.from(iv.lower));
    expect(upperSet.data).toEqual(Array.from(iv.upper));
    expect(upperSet.fill).toBe('-1'); // filled down to the lower edge
    expect(lowerSet.fill).toBe(false);
    expect(upperSet.backgroundColor).toMatch(/^rgba\(.*0\.\d+\)$/); // translucent
    expect(sets[1].data).toEqual(Array.from(e.predicted));

    const table = series.table!;
    expect(table.columns).toEqual(['Date', 'Actual (°C)', 'Model median (°C)', 'Band lower, 10th percentile (°C)', 'Band upper, 90th percentile (°C)', 'Persistence (°C)']);
    expect(table.rows[10]).toEqual([e.dates[10], e.actual[10], e.predicted[10], iv.lower[10], iv.upper[10], e.baselineForecasts.persistence[10]]);

    const inside = Math.round(iv.coverage * e.actual.length);
    expect(series.summary).toContain(`${inside} of ${e.actual.length} actual days (${(iv.coverage * 100).toFixed(1)} %) fall inside the model's 80 % band`);
    expect(deep(el).querySelector('[data-testid="series-summary"]')!.textContent).toContain('80 % band');
  });

  it('an interval model: a calibration table per horizon day with the share inside the band, mean width, the 75–85 % aim and a verdict', async () => {
    const run = banded.runs[0];
    const e = run.evaluation!;
    const iv = e.intervals!;
    // a second horizon day, with coverage and width set by hand to check the verdicts
    const intervals = { ...iv, coveragePerHorizon: [iv.coveragePerHorizon[0], 0.62], meanWidthPerHorizon: [iv.meanWidthPerHorizon[0], 9.5] };
    const twoDays = { ...e, horizonDays: 2, intervals, model: { ...e.model, maePerHorizon: [e.model.mae, e.model.mae], rmsePerHorizon: [e.model.rmse, e.model.rmse] } };
    const el = await mount('evaluation-step', { state: { ...banded, runs: [{ ...run, evaluation: twoDays }] } });
    const table = deep(el).querySelector('[data-testid="calibration-table"]')!;
    const head = table.querySelector('thead')!.textContent!.replace(/\s+/g, ' ');
    expect(head).toContain('Test days inside the 80 % band');
    expect(head).toContain('aim 75.0 %–85.0 %');
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent!.trim()));
    const first = iv.coveragePerHorizon[0];
    expect(rows[0]).toEqual([
      'Day 1',
      `${(first * 100).toFixed(1)} %`,
      `${iv.meanWidthPerHorizon[0].toFixed(2)} °C`,
      first < 0.75 ? 'Too narrow: fewer days inside than it claims' : first > 0.85 ? 'Too wide: more days inside than it claims' : 'Well calibrated',
    ]);
    expect(rows[1]).toEqual(['Day 2', '62.0 %', '9.50 °C', 'Too narrow: fewer days inside than it claims']);
    expect(table.querySelector('caption')!.textContent).toContain(`${(iv.coverage * 100).toFixed(1)} % of test forecasts inside the band`);
    expect(text(el)).toContain('The aim is 75.0 %–85.0 %');
  });

  it('dispatches run-selected from the run picker and navigate from Next', async () => {
    const el = await mount('evaluation-step', { state: twoRuns() });
    const seen: unknown[] = [];
    el.addEventListener('run-selected', (e) => seen.push(e.detail));
    el.addEventListener('navigate', (e) => seen.push(e.detail));
    const select = deep(el).querySelector<HTMLSelectElement>('#run')!;
    expect(select.options.length).toBe(2);
    select.value = 'run-test-2';
    select.dispatchEvent(new Event('change'));
    const next = [...deep(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Next'))!;
    expect(next.disabled).toBe(false);
    next.click();
    expect(seen).toEqual([{ runId: 'run-test-2' }, { step: 'fine-tuning' }]);
  });
});
