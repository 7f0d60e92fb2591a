/**
 * `<data-chart>`: the data over time — the columns the user ticks, with the training, validation
 * and test periods shaded behind them and listed below.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import '../../ui/chart-view/chart-view.ts';
import type { ChartTable } from '../../ui/chart-view/chart-view.ts';
import { styleProps } from '../../ui/style-props.ts';
import { stepStyles } from '../shared/step-page.ts';
import { columnLabel, SPLITS, unitOf, withUnit, type DatasetSummary, type PreparedSummary } from './data-format.ts';
import { dataStepStyles } from './data-step.styles.ts';
import { count } from '../../ml/format.ts';
import { ownTaskFor } from '../../ui/own-task.ts';
import { dateOfRow, rowOfDate } from '../../ml/data/table.ts';
import { inputWindowPlugin, lastTrainingWindow, WINDOW_COLORS, windowRole, windowSentence, type DrawnWindow } from './data-window.ts';

/** Line colours for plotted columns (distinct from the period shading hues). */
const LINE_COLORS = ['#1b1f24', '#007a5a', '#0072b2', '#c25400', '#8a3b76', '#6b7280'];

interface ShadedBand {
  readonly from: number;
  readonly to: number;
  readonly color: string;
}

/** Fills the split periods behind the lines; reads its bands from `options.plugins.periodShading`. */
const periodShading: Plugin<'line', { bands?: readonly ShadedBand[] }> = {
  id: 'periodShading',
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x || !options.bands) return;
    for (const band of options.bands) {
      const left = Math.max(chartArea.left, x.getPixelForValue(band.from));
      const right = Math.min(chartArea.right, x.getPixelForValue(band.to));
      if (right <= left) continue;
      ctx.save();
      ctx.fillStyle = band.color;
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      ctx.restore();
    }
  },
};

/** Days the chart draws one by one; a longer record is drawn as each bucket of days' lowest and highest value. */
const MAX_DRAWN_DAYS = 2000;

/** Days per drawn bucket for a record of `days` days (1: every day is drawn). */
function daysPerBucket(days: number): number {
  return days <= MAX_DRAWN_DAYS ? 1 : Math.ceil(days / (MAX_DRAWN_DAYS / 2));
}

/**
 * The points the chart draws: every day up to {@link MAX_DRAWN_DAYS}, beyond that two points per bucket
 * of `daysPerBucket` days (its lowest and highest value, in the order they occurred), so that 50 years
 * of days (18,000, or 65,000 from a 50 MB hourly file) cost the page what 2,000 do and no extreme is lost.
 * Both points of a bucket are labelled with its first and last day ("1972-07-16 – 1972-08-03"), so a
 * tooltip never pins a bucket's extreme on a day it did not occur. `at(day)` is a day's position on
 * the drawn x axis (for the shading and the input window).
 */
function drawnDays(summary: DatasetSummary, columns: readonly string[]): { daysPerBucket: number; labels: string[]; series: number[][]; at: (day: number) => number } {
  const n = summary.days.count;
  const date = dateOfRow(summary.days);
  const k = daysPerBucket(n);
  if (k === 1) return { daysPerBucket: 1, labels: Array.from({ length: n }, (_, row) => date(row)), series: columns.map((c) => Array.from(summary.columns[c])), at: (day) => day };
  const buckets = Math.ceil(n / k);
  const labels: string[] = [];
  for (let b = 0; b < buckets; b++) {
    const range = `${date(b * k)} – ${date(Math.min(n, (b + 1) * k) - 1)}`;
    labels.push(range, range);
  }
  const series = columns.map((c) => {
    const values = summary.columns[c];
    const out: number[] = [];
    for (let b = 0; b < buckets; b++) {
      let lo = -1;
      let hi = -1;
      for (let d = b * k; d < Math.min(n, (b + 1) * k); d++) {
        const v = values[d];
        if (!Number.isFinite(v)) continue;
        if (lo < 0 || v < values[lo]) lo = d;
        if (hi < 0 || v > values[hi]) hi = d;
      }
      if (lo < 0) out.push(NaN, NaN);
      else if (lo <= hi) out.push(values[lo], values[hi]);
      else out.push(values[hi], values[lo]);
    }
    return out;
  });
  return { daysPerBucket: k, labels, series, at: (day) => (2 * day) / k };
}

function chartConfig(summary: DatasetSummary, columns: readonly string[], prepared: PreparedSummary | null, window: DrawnWindow | null): ChartConfiguration {
  const drawn = drawnDays(summary, columns);
  const index = (date: string) => drawn.at(rowOfDate(summary.days, date));
  const bands: ShadedBand[] = [];
  if (prepared) {
    for (const split of SPLITS) {
      const p = prepared.periods[split.key];
      if (p.windows > 0) bands.push({ from: index(p.start), to: index(p.end), color: split.color });
    }
  }
  const drawnWindow = window && drawn.daysPerBucket > 1
    ? { inputFrom: drawn.at(window.inputFrom), inputTo: drawn.at(window.inputTo), forecastFrom: drawn.at(window.forecastFrom), forecastTo: drawn.at(window.forecastTo) }
    : window;
  const units = [...new Set(columns.map((c) => unitOf(summary, c)).filter(Boolean))];
  const yTitle = columns.length === 1 ? `${columns[0]}${units[0] ? ` (${units[0]})` : ''}` : `Value${units.length ? ` (${units.join(', ')})` : ''}`;
  return {
    type: 'line',
    data: {
      labels: drawn.labels,
      datasets: columns.map((c, i) => ({
        label: columnLabel(summary, c),
        data: drawn.series[i],
        borderColor: LINE_COLORS[i % LINE_COLORS.length],
        backgroundColor: LINE_COLORS[i % LINE_COLORS.length],
        borderWidth: 1,
        pointRadius: 0,
        pointHitRadius: 4,
        // One value per label, in order: chart.js can skip checking (2.6 instead of 7 ms per 2,000 points).
        normalized: true,
      })),
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          title: { display: true, text: 'Date' },
          ticks: {
            maxTicksLimit: 8,
            maxRotation: 0,
            autoSkipPadding: 12,
            // Dates are all one width: measuring 24 of 2,000 labels decides as well as measuring all (17 ms per update).
            sampleSize: 24,
            // Ticks months apart show the month ("2013-01"; a bucket's label is its date range, shown in full
            // by the tooltip): four full dates overlapped at a phone's width, on four years as on fifty.
            ...(summary.days.count > 366 ? { callback(this: { getLabelForValue(v: number): string }, value: number | string) { return this.getLabelForValue(Number(value)).slice(0, 7); } } : {}),
          },
        },
        y: { title: { display: true, text: yTitle } },
      },
      plugins: {
        legend: { display: columns.length > 0, labels: { boxWidth: 14, boxHeight: 2 } },
        periodShading: { bands },
        inputWindow: { window: drawnWindow },
      },
    },
    plugins: [periodShading, inputWindowPlugin],
  } as unknown as ChartConfiguration;
}

function chartSummary(summary: DatasetSummary, columns: readonly string[], sentence: string): string {
  const { start, end } = summary.report.period;
  if (columns.length === 0) return `No column chosen to plot. The data runs from ${start} to ${end}.`;
  const parts = columns.map((c) => {
    const q = summary.report.columns[c];
    const unit = unitOf(summary, c);
    return q ? `${c} ranges from ${withUnit(q.min, unit)} to ${withUnit(q.max, unit)} (mean ${withUnit(q.mean, unit)})` : c;
  });
  const k = daysPerBucket(summary.days.count);
  const drawn = k > 1 ? ` The ${count(summary.days.count)} days are drawn as the lowest and highest value of every ${k} days; the data table lists each day.` : '';
  return `Daily values from ${start} to ${end}: ${parts.join('; ')}. Shaded: training, validation and test periods.${sentence ? ` Marked: one input window, ${sentence}.` : ''}${drawn}`;
}

/** The plotted columns day by day: the chart's data table (rows render only when opened). */
function chartTable(summary: DatasetSummary, columns: readonly string[], window: DrawnWindow | null): ChartTable {
  // Built when first read (the table is opened, a test asks): a 50-year record has 18,000 rows or more.
  let rows: (string | number)[][] | undefined;
  const date = dateOfRow(summary.days);
  return {
    columns: ['Date', ...columns.map((c) => columnLabel(summary, c)), 'Window'],
    get rows() {
      rows ??= Array.from({ length: summary.days.count }, (_, i) => [
        date(i),
        ...columns.map((c) => (Number.isFinite(summary.columns[c][i]) ? summary.columns[c][i] : '—')),
        windowRole(window, i),
      ]);
      return rows;
    },
  };
}

@customElement('data-chart')
export class DataChart extends LitElement {
  static override styles = [...stepStyles, dataStepStyles];

  /** Columns the user ticked to plot; null means "the target". */
  @state() private _plotColumns: readonly string[] | null = null;

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`. */
  private _columns: readonly string[] = [];
  private _plotted: readonly string[] = [];
  private _chartConfig?: ChartConfiguration;
  private _chartSummary = '';
  private _chartTable?: ChartTable;
  private _window: DrawnWindow | null = null;
  private _windowSentence = '';
  private _chartInputs: readonly unknown[] = [];

  /** A new dataset is drawn in a task of its own (the step's re-render and 2,000 points in one made a 120–150 ms task). */
  protected override async scheduleUpdate(): Promise<void> {
    await ownTaskFor(this, this.state.dataset.summary);
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('state') && !changed.has('_plotColumns')) return;
    const summary = this.state.dataset.summary;
    this._columns = summary ? Object.keys(summary.columns) : [];
    const wanted = this._plotColumns ?? [this.state.settings.dataSpec.features.target];
    this._plotted = wanted.filter((c) => this._columns.includes(c));
    // Rebuild the chart only when what it shows changed, not on every state snapshot.
    const prepared = this.state.prepared.summary;
    const { window, features } = this.state.settings.dataSpec;
    const inputs = [summary, prepared?.periods, this._plotted.join('\u0000'), window.lookbackDays, window.horizonDays, features.target];
    if (inputs.some((v, i) => v !== this._chartInputs[i])) {
      this._chartInputs = inputs;
      // The settings' window, not the prepared one: the mark moves as soon as lookback or horizon change.
      const trainEnd = summary && prepared?.periods.train.windows ? rowOfDate(summary.days, prepared.periods.train.end) : -1;
      this._window = summary && trainEnd >= 0 ? lastTrainingWindow(trainEnd, summary.days.count, window) : null;
      this._windowSentence = summary && this._window ? windowSentence(this._window, summary.days, features.target) : '';
      this._chartConfig = summary ? chartConfig(summary, this._plotted, prepared, this._window) : undefined;
      this._chartSummary = summary ? chartSummary(summary, this._plotted, this._windowSentence) : '';
      this._chartTable = summary ? chartTable(summary, this._plotted, this._window) : undefined;
    }
  }

  private handlePlotToggle(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const current = new Set(this._plotted);
    if (input.checked) current.add(input.value);
    else current.delete(input.value);
    this._plotColumns = this._columns.filter((c) => current.has(c));
  }

  override render(): TemplateResult {
    const prepared = this.state.prepared.summary;
    return html`<section class="card" aria-labelledby="chart-title">
      <h2 id="chart-title">The data over time</h2>
      <fieldset>
        <legend>Columns to plot</legend>
        <div class="checks">
          ${this._columns.map(
            (c) => html`<label class="check">
              <input type="checkbox" .value=${c} .checked=${this._plotted.includes(c)} @change=${this.handlePlotToggle} />${c}
            </label>`,
          )}
        </div>
      </fieldset>
      <chart-view label="Daily values over time with the training, validation and test periods shaded and one input window marked" .summary=${this._chartSummary} .config=${this._chartConfig} .table=${this._chartTable} height="300"></chart-view>
      <ul class="periods" aria-label="Periods">
        ${SPLITS.map((split) => {
          const p = prepared?.periods[split.key];
          return html`<li>
            <span class="swatch" ${styleProps({ background: split.color })}></span>${split.label}:
            ${p && p.windows > 0 ? html`${p.start} to ${p.end} · <strong>${count(p.windows)}</strong> windows` : '—'}
          </li>`;
        })}
      </ul>
      ${this._window
        ? html`<ul class="periods" aria-label="The last training window">
              <li><span class="swatch" ${styleProps({ background: WINDOW_COLORS.lookback })}></span>Input days (lookback)</li>
              <li><span class="swatch" ${styleProps({ background: WINDOW_COLORS.forecast })}></span>Forecast day${this._window.forecastTo > this._window.forecastFrom ? 's' : ''} (horizon)</li>
            </ul>
            <p class="window-sentence" data-testid="window-sentence">Last training window: ${this._windowSentence}.</p>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-chart': DataChart;
  }
}
