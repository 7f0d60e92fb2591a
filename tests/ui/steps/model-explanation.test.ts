import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/evaluation/evaluation-step.ts';
import type { WorkflowState } from '../../../src/app/state.ts';
import type { ChartView } from '../../../src/ui/chart-view/chart-view.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, mount, shadow } from '../mount.ts';

let explained: WorkflowState;

beforeAll(async () => {
  ({ explained } = await workflowStates());
}, 60_000);

const importanceChart = (el: Element) => deep(el).querySelectorAll<ChartView>('chart-view').find((c) => c.label.startsWith('Input importance'));

describe('<model-explanation> on the evaluation step', () => {
  it('a trained linear run shows its input importance (chart, summary, table, top input) and its weight heatmap with a data table', async () => {
    const el = await mount('evaluation-step', { state: explained });
    const x = explained.explanation.result!;
    const features = explained.prepared.summary!.featureNames;
    expect(x.importance.map((i) => i.feature).sort()).toEqual([...features].sort());
    const chart = importanceChart(el)!;
    expect(chart.summary).toContain(`The model relies most on ${x.importance[0].feature}`);
    expect(chart.summary).toContain('°C');
    expect(chart.table!.columns).toEqual(['Input', 'Validation MAE increase (°C)']);
    expect(chart.table!.rows.map((r) => r[0])).toEqual(x.importance.map((i) => i.feature));
    expect(deep(el).querySelector('[data-testid="top-input"]')!.textContent).toContain(x.importance[0].feature);

    const heatmap = deep(el).querySelector('[role="table"]')!;
    expect(heatmap.getAttribute('aria-label')).toContain('days (rows) × inputs (columns)');
    const lookback = explained.settings.dataSpec.window.lookbackDays;
    expect(heatmap.querySelectorAll('[role="row"]')).toHaveLength(lookback + 1);
    expect(heatmap.querySelectorAll('[role="cell"]')).toHaveLength(lookback * features.length);
    const lastCell = [...heatmap.querySelectorAll('[role="cell"]')].at(-1)!;
    expect(lastCell.getAttribute('title')).toBe(`${features.at(-1)} on day 0 (last seen): ${x.weights!.values[0][lookback - 1][features.length - 1].toFixed(3)}`);
    const table = deep(el).querySelector('[data-testid="weights-table"]')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Input day', ...features]);
    expect(table.querySelectorAll('tbody tr')).toHaveLength(lookback);
    expect(deep(el).querySelector('[data-testid="weights-summary"]')!.textContent).toContain('normalized inputs');
  });

  it('a run that is not linear shows its importance without a heatmap; a pending or failed explanation says so', async () => {
    const result = { ...explained.explanation.result!, weights: null };
    const el = await mount('evaluation-step', { state: { ...explained, explanation: { ...explained.explanation, result } } });
    expect(importanceChart(el)).toBeDefined();
    expect(deep(el).querySelector('[role="table"]')).toBeNull();

    el.state = { ...explained, explanation: { runId: explained.selectedRunId, status: 'running', result: null, error: null } };
    await el.updateComplete;
    expect(importanceChart(el)).toBeUndefined();
    expect(deep(el).textContent).toContain('Shuffling each input on the validation windows');

    el.state = { ...explained, explanation: { runId: explained.selectedRunId, status: 'error', result: null, error: 'Model "x" is not loaded.' } };
    await el.updateComplete;
    const banner = deep(el).querySelectorAll('error-banner').find((b) => b.message);
    expect(banner?.message).toBe('Model "x" is not loaded.');
    expect(shadow(banner!).textContent).toContain('not loaded');

    // Another run's explanation is not shown for the selected one.
    el.state = { ...explained, explanation: { ...explained.explanation, runId: 'other-run' } };
    await el.updateComplete;
    expect(deep(el).querySelector('model-explanation')!.shadowRoot!.querySelector('section')).toBeNull();
  });
});
