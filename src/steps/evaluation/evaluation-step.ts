import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { intent } from '../../app/events.ts';
import { isStepOpen, modelRuns, selectedRun, type RunRecord, type WorkflowState } from '../../app/state.ts';
import type { BaselineId } from '../../ml/baselines/baselines.ts';
import { COVERAGE_AIM, coverageVerdict, verdict, type EvaluatedIntervals, type Evaluation } from '../../ml/evaluation/metrics.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import { theme } from '../../ui/theme.ts';
import { fixed, signed } from '../shared/format.ts';
import { runPicker } from '../shared/run-picker.ts';
import { reportStepStyles } from '../shared/step.styles.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Width of a residual histogram bin, in target units. */
const BIN_WIDTH = 0.5;
/** "Close enough" band for the residual summary, in target units. */
const CLOSE_BAND = 2;

const SERIES: readonly { id: 'model' | BaselineId; label: string; color: string }[] = [
  { id: 'model', label: 'Model', color: chartColors.model },
  { id: 'persistence', label: 'Persistence', color: chartColors.persistence },
  { id: 'climatology', label: 'Climatology', color: chartColors.climatology },
];

interface Histogram {
  /** Lower edge of each bin, for the chart's axis. */
  readonly edges: string[];
  /** "lo to hi units", for the data table. */
  readonly labels: string[];
  readonly counts: number[];
  /** Mean residual (forecast − actual) = bias, in units. */
  readonly bias: number;
  /** Share of residuals within ±CLOSE_BAND, 0..1. */
  readonly withinBand: number;
  readonly count: number;
}

interface ChartSpec {
  readonly config: ChartConfiguration;
  readonly summary: string;
  readonly table: ChartTable;
}

/** `YYYY-MM-DD` shifted by `days`. */
function addDays(iso: string, days: number): string {
  if (days === 0) return iso;
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Residuals in bins of `BIN_WIDTH` units, with their mean and the share within ±`CLOSE_BAND`. */
function residualHistogram(residuals: Float32Array, units: string): Histogram {
  let sum = 0;
  let close = 0;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (const r of residuals) {
    if (!Number.isFinite(r)) continue;
    n++;
    sum += r;
    if (Math.abs(r) <= CLOSE_BAND) close++;
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  if (n === 0) return { edges: [], labels: [], counts: [], bias: NaN, withinBand: NaN, count: 0 };
  const first = Math.floor(min / BIN_WIDTH);
  const bins = Math.max(1, Math.floor(max / BIN_WIDTH) - first + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const r of residuals) {
    if (Number.isFinite(r)) counts[Math.min(bins - 1, Math.floor(r / BIN_WIDTH) - first)]++;
  }
  const labels = counts.map((_, i) => {
    const lo = (first + i) * BIN_WIDTH;
    return `${fixed(lo, 1)} to ${fixed(lo + BIN_WIDTH, 1)}${units ? ` ${units}` : ''}`;
  });
  const edges = counts.map((_, i) => fixed((first + i) * BIN_WIDTH, 1));
  return { edges, labels, counts, bias: sum / n, withinBand: close / n, count: n };
}

/** Words for a coverage verdict in the calibration table. */
const CALIBRATION = {
  ok: 'Well calibrated',
  'too-narrow': 'Too narrow: fewer days inside than it claims',
  'too-wide': 'Too wide: more days inside than it claims',
} as const;

const percent = (share: number) => `${fixed(share * 100, 1)} %`;

function axis(title: string) {
  return { title: { display: true, text: title } };
}

/**
 * Step 4: scores the selected run on the untouched 2015 test split against persistence and
 * climatology, in °C, and shows where and how the model errs.
 */
@customElement('evaluation-step')
export class EvaluationStep extends LitElement {
  static override styles = [theme, reportStepStyles];

  /** 0-based horizon day shown in the forecast-vs-actual chart. */
  @state() private horizonDay = 0;
  /** Month zoom of the forecast-vs-actual chart: 0 = the whole test period, 1–12 = that month. */
  @state() private month = 0;

  @property({ attribute: false }) state!: WorkflowState;

  private run: RunRecord | null = null;
  private evaluation: Evaluation | null = null;
  private units = '';
  private metricsChart: ChartSpec | null = null;
  private seriesChart: ChartSpec | null = null;
  private horizonChart: ChartSpec | null = null;
  private histogram: Histogram | null = null;
  private histogramChart: ChartSpec | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    const run = this.state ? selectedRun(this.state) : null;
    const evaluation = run?.evaluation ?? null;
    const evaluationChanged = evaluation !== this.evaluation;
    this.run = run;
    this.evaluation = evaluation;
    if (!evaluation) return;
    this.units = evaluation.units;
    if (this.horizonDay >= evaluation.horizonDays) this.horizonDay = 0;
    if (evaluationChanged) {
      this.metricsChart = this.buildMetricsChart(evaluation);
      this.horizonChart = evaluation.horizonDays > 1 ? this.buildHorizonChart(evaluation) : null;
      this.histogram = residualHistogram(evaluation.residuals, evaluation.units);
      this.histogramChart = this.buildHistogramChart(this.histogram);
    }
    if (evaluationChanged || changed.has('horizonDay') || changed.has('month')) {
      this.seriesChart = this.buildSeriesChart(evaluation);
    }
  }

  private handleHorizonDay(event: Event): void {
    this.horizonDay = Number((event.target as HTMLSelectElement).value);
  }

  private handleMonth(event: Event): void {
    this.month = Number((event.target as HTMLSelectElement).value);
  }

  private handleNext(): void {
    this.dispatchEvent(intent('navigate', { step: 'fine-tuning' }));
  }

  private u(value: number, digits = 2): string {
    return `${fixed(value, digits)}${this.units ? ` ${this.units}` : ''}`;
  }

  private buildMetricsChart(e: Evaluation): ChartSpec {
    const rows = SERIES.map((s) => {
      const m = s.id === 'model' ? e.model : e.baselines[s.id];
      return { ...s, mae: m.mae, rmse: m.rmse };
    });
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: ['MAE', 'RMSE'],
        datasets: rows.map((r) => ({ label: r.label, data: [r.mae, r.rmse], backgroundColor: r.color })),
      },
      options: { scales: { x: axis('Metric'), y: { ...axis(`Error (${e.units})`), beginAtZero: true } } },
    };
    const summary = `Test MAE: model ${this.u(e.model.mae)}, persistence ${this.u(e.baselines.persistence.mae)}, climatology ${this.u(e.baselines.climatology.mae)}. Test RMSE: model ${this.u(e.model.rmse)}, persistence ${this.u(e.baselines.persistence.rmse)}, climatology ${this.u(e.baselines.climatology.rmse)}.`;
    const table: ChartTable = { columns: ['Forecast', `MAE (${e.units})`, `RMSE (${e.units})`], rows: rows.map((r) => [r.label, r.mae, r.rmse]) };
    return { config, summary, table };
  }

  private buildSeriesChart(e: Evaluation): ChartSpec {
    const h = e.horizonDays;
    const d = this.horizonDay;
    const labels: string[] = [];
    const actual: number[] = [];
    const model: number[] = [];
    const persistence: number[] = [];
    const band = e.intervals;
    const lower: number[] = [];
    const upper: number[] = [];
    e.dates.forEach((first, i) => {
      const date = addDays(first, d);
      if (this.month !== 0 && Number(date.slice(5, 7)) !== this.month) return;
      labels.push(date);
      actual.push(e.actual[i * h + d]);
      model.push(e.predicted[i * h + d]);
      persistence.push(e.baselineForecasts.persistence[i * h + d]);
      if (band) {
        lower.push(band.lower[i * h + d]);
        upper.push(band.upper[i * h + d]);
      }
    });
    const line = (label: string, data: number[], color: string, dash?: number[]) => ({
      label,
      data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: label === 'Actual' ? 2 : 1.5,
      borderDash: dash,
      pointRadius: labels.length > 62 ? 0 : 2,
      tension: 0,
    });
    // The band: two borderless lines, the upper one filled down to the lower one ('-1' = previous dataset).
    const edge = (label: string, data: number[], fill: false | '-1') => ({
      label,
      data,
      borderColor: chartColors.band,
      backgroundColor: chartColors.band,
      borderWidth: 0,
      pointRadius: 0,
      tension: 0,
      fill,
    });
    const bandSets = band ? [edge('80 % band: 10th percentile', lower, false), edge('80 % band: 90th percentile', upper, '-1')] : [];
    const config: ChartConfiguration = {
      type: 'line',
      data: {
        labels,
        datasets: [
          line('Actual', actual, chartColors.observed),
          line(band ? 'Model (median)' : 'Model', model, chartColors.model),
          line('Persistence', persistence, chartColors.persistence, [4, 3]),
          ...bandSets,
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: { ...axis('Date'), ticks: { maxTicksLimit: 8, autoSkip: true } }, y: axis(`${e.units}`) },
      },
    };
    const mae = (values: number[]) => values.reduce((s, v, i) => s + Math.abs(v - actual[i]), 0) / Math.max(1, values.length);
    const period = this.month === 0 ? 'the test period' : MONTHS[this.month - 1];
    const inside = actual.filter((y, i) => y >= lower[i] && y <= upper[i]).length;
    const width = upper.reduce((s, v, i) => s + v - lower[i], 0) / Math.max(1, upper.length);
    const bandText = band && labels.length > 0 ? ` ${inside} of ${labels.length} actual days (${percent(inside / labels.length)}) fall inside the model's 80 % band (shaded, 10th to 90th percentile), which is ${this.u(width)} wide on average.` : '';
    const summary =
      labels.length === 0
        ? `No test days fall in ${period}.`
        : `Horizon day ${d + 1}, ${labels.length} days from ${labels[0]} to ${labels.at(-1)}: the model's mean absolute error is ${this.u(mae(model))}, persistence's ${this.u(mae(persistence))}.${bandText}`;
    const table: ChartTable = band
      ? {
          columns: ['Date', `Actual (${e.units})`, `Model median (${e.units})`, `Band lower, 10th percentile (${e.units})`, `Band upper, 90th percentile (${e.units})`, `Persistence (${e.units})`],
          rows: labels.map((date, i) => [date, actual[i], model[i], lower[i], upper[i], persistence[i]]),
        }
      : {
          columns: ['Date', `Actual (${e.units})`, `Model (${e.units})`, `Persistence (${e.units})`],
          rows: labels.map((date, i) => [date, actual[i], model[i], persistence[i]]),
        };
    return { config, summary, table };
  }

  private buildHorizonChart(e: Evaluation): ChartSpec {
    const labels = e.model.maePerHorizon.map((_, j) => `Day ${j + 1}`);
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels,
        datasets: SERIES.map((s) => ({
          label: s.label,
          data: [...(s.id === 'model' ? e.model : e.baselines[s.id]).maePerHorizon],
          backgroundColor: s.color,
        })),
      },
      options: { scales: { x: axis('Horizon day'), y: { ...axis(`MAE (${e.units})`), beginAtZero: true } } },
    };
    const first = e.model.maePerHorizon[0];
    const last = e.model.maePerHorizon.at(-1)!;
    const summary = `The model's MAE grows from ${this.u(first)} on day 1 to ${this.u(last)} on day ${e.horizonDays}; persistence goes from ${this.u(e.baselines.persistence.maePerHorizon[0])} to ${this.u(e.baselines.persistence.maePerHorizon.at(-1)!)}, climatology stays near ${this.u(e.baselines.climatology.mae)}.`;
    const table: ChartTable = {
      columns: ['Horizon', ...SERIES.map((s) => `${s.label} MAE (${e.units})`)],
      rows: labels.map((label, j) => [label, e.model.maePerHorizon[j], e.baselines.persistence.maePerHorizon[j], e.baselines.climatology.maePerHorizon[j]]),
    };
    return { config, summary, table };
  }

  private buildHistogramChart(hist: Histogram): ChartSpec {
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: hist.edges,
        datasets: [{ label: 'Forecasts', data: hist.counts, backgroundColor: chartColors.model, barPercentage: 1, categoryPercentage: 1 }],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { x: { ...axis(`Forecast − actual (${this.units})`), ticks: { maxTicksLimit: 12, autoSkip: true, maxRotation: 0 } }, y: { ...axis('Number of forecasts'), beginAtZero: true } },
      },
    };
    const summary = `${hist.count} residuals: mean ${signed(hist.bias)} ${this.units} (bias), ${fixed(hist.withinBand * 100, 0)} % within ±${CLOSE_BAND} ${this.units}.`;
    const table: ChartTable = { columns: [`Residual (${this.units})`, 'Forecasts'], rows: hist.labels.map((label, i) => [label, hist.counts[i]]) };
    return { config, summary, table };
  }

  private renderRunPicker(): TemplateResult {
    return html`<div class="picker">
      ${runPicker(this.state)}
    </div>`;
  }

  private renderScores(e: Evaluation): TemplateResult {
    const chart = this.metricsChart!;
    return html`<section class="card" aria-labelledby="scores-title">
      <h2 id="scores-title">Test error in ${e.units} beside the baselines</h2>
      <p class="verdict" data-testid="verdict">${verdict(e, this.run?.architecture.kind)}</p>
      <ul class="skills">
        <li>Skill vs persistence: <strong data-testid="skill-persistence">${signed(e.skill.persistence, 1)} %</strong></li>
        <li>Skill vs climatology: <strong data-testid="skill-climatology">${signed(e.skill.climatology, 1)} %</strong></li>
      </ul>
      <div class="grid">
        <chart-view label="Test MAE and RMSE of the model, persistence and climatology (${e.units})" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="240"></chart-view>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Test error of the model and the baselines">
          <table data-testid="metrics-table">
            <caption>${e.model.count} test windows${this.run ? ` · ${this.run.datasetLabel}` : ''} · ${e.dates[0]} to ${e.dates.at(-1)}</caption>
            <thead>
              <tr><th scope="col">Forecast</th><th scope="col">MAE</th><th scope="col">RMSE</th><th scope="col">Model skill vs it</th></tr>
            </thead>
            <tbody>
              ${SERIES.map((s) => {
                const m = s.id === 'model' ? e.model : e.baselines[s.id];
                return html`<tr>
                  <th scope="row">${s.label}</th>
                  <td>${this.u(m.mae)}</td>
                  <td>${this.u(m.rmse)}</td>
                  <td>${s.id === 'model' ? '' : `${signed(e.skill[s.id], 1)} %`}</td>
                </tr>`;
              })}
            </tbody>
          </table>
          <p class="note">Skill = how much lower the model's MAE is than the baseline's; positive is better. Persistence: every day equals the last observed day. Climatology: the average of that calendar day in the training years.</p>
        </div>
      </div>
    </section>`;
  }

  private renderSeries(e: Evaluation): TemplateResult {
    const chart = this.seriesChart!;
    return html`<section class="card" aria-labelledby="series-title">
      <h2 id="series-title">Forecast vs actual over the test period</h2>
      <div class="controls">
        ${e.horizonDays > 1
          ? html`<div class="field">
              <label for="horizon-day">Horizon day</label>
              <select id="horizon-day" @change=${this.handleHorizonDay}>
                ${Array.from({ length: e.horizonDays }, (_, j) => html`<option value=${j} ?selected=${j === this.horizonDay}>Day ${j + 1} ahead</option>`)}
              </select>
            </div>`
          : nothing}
        <div class="field">
          <label for="month">Zoom</label>
          <select id="month" @change=${this.handleMonth}>
            <option value="0" ?selected=${this.month === 0}>All year</option>
            ${MONTHS.map((m, i) => html`<option value=${i + 1} ?selected=${this.month === i + 1}>${m}</option>`)}
          </select>
        </div>
      </div>
      <p class="muted" aria-live="polite" data-testid="series-summary">${chart.summary}</p>
      <chart-view label="Actual ${e.units === '' ? '' : `(${e.units}) `}vs model${e.intervals ? ' (median, with its 80 % band)' : ''} and persistence forecasts, horizon day ${this.horizonDay + 1}" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="300"></chart-view>
    </section>`;
  }

  private renderHorizon(e: Evaluation): TemplateResult {
    const chart = this.horizonChart;
    return html`<section class="card" aria-labelledby="horizon-title">
      <h2 id="horizon-title">MAE per horizon day</h2>
      ${chart
        ? html`<chart-view label="MAE per horizon day (${e.units})" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="240"></chart-view>`
        : html`<div class="table-scroll" tabindex="0" role="region" aria-label="MAE of the model and the baselines per horizon day">
              <table data-testid="horizon-table">
                <thead><tr><th scope="col">Horizon</th>${SERIES.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
                <tbody>
                  <tr>
                    <th scope="row">Day 1</th>
                    ${SERIES.map((s) => html`<td>${this.u((s.id === 'model' ? e.model : e.baselines[s.id]).maePerHorizon[0])}</td>`)}
                  </tr>
                </tbody>
              </table>
            </div>
            <p class="note">This model forecasts one day ahead, so there is one value per forecast. Choose a longer horizon in step 1 to see how the error grows with each day ahead.</p>`}
    </section>`;
  }

  private renderCalibration(e: Evaluation, iv: EvaluatedIntervals): TemplateResult {
    return html`<section class="card" aria-labelledby="calibration-title">
      <h2 id="calibration-title">Prediction interval: calibration</h2>
      <p>
        The model forecasts the 10th, 50th and 90th percentile of each day (trained with the pinball loss), so its band should hold about 80 % of
        actual days. The aim is ${percent(COVERAGE_AIM.min)}–${percent(COVERAGE_AIM.max)} of the ${e.model.count} test days: fewer means the model is
        overconfident, more means the band is wider than it needs to be.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Interval calibration">
        <table data-testid="calibration-table">
          <caption>
            Overall ${percent(iv.coverage)} of test forecasts inside the band · mean width ${this.u(iv.meanWidth)} · pinball loss ${this.u(iv.pinballLoss)}
          </caption>
          <thead>
            <tr><th scope="col">Horizon day</th><th scope="col">Test days inside the 80 % band</th><th scope="col">Mean width</th><th scope="col">Verdict (aim ${percent(COVERAGE_AIM.min)}–${percent(COVERAGE_AIM.max)})</th></tr>
          </thead>
          <tbody>
            ${iv.coveragePerHorizon.map(
              (c, j) => html`<tr>
                <th scope="row">Day ${j + 1}</th>
                <td>${percent(c)}</td>
                <td>${this.u(iv.meanWidthPerHorizon[j])}</td>
                <td>${CALIBRATION[coverageVerdict(c)]}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">The median is the forecast scored everywhere else on this page. Coverage comes from one test year, so a few points either way are noise.</p>
    </section>`;
  }

  private renderResiduals(): TemplateResult {
    const hist = this.histogram!;
    const chart = this.histogramChart!;
    return html`<section class="card" aria-labelledby="residuals-title">
      <h2 id="residuals-title">Residuals (forecast − actual)</h2>
      <dl class="stats">
        <div><dt>Mean residual (bias)</dt><dd data-testid="bias">${signed(hist.bias)} ${this.units}</dd></div>
        <div><dt>Within ±${CLOSE_BAND} ${this.units}</dt><dd data-testid="within">${fixed(hist.withinBand * 100, 0)} %</dd></div>
      </dl>
      <p class="note">${hist.bias > 0 ? 'A positive bias means the model forecasts too warm on average.' : 'A negative bias means the model forecasts too cold on average.'} Bins of ${BIN_WIDTH} ${this.units}, all horizon days.</p>
      <chart-view label="Histogram of residuals in bins of ${BIN_WIDTH} ${this.units}" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="220"></chart-view>
    </section>`;
  }

  override render(): TemplateResult {
    const e = this.evaluation;
    return html`<h1>Step 4 · Evaluation</h1>
      <p class="lead">
        An ML engineer scores the model once, on data it has never seen (the 2015 test year), in real units, and compares it with
        forecasts anyone could make without machine learning. A model that cannot beat "tomorrow is like today" is not worth
        shipping, however low its training loss.
      </p>
      ${modelRuns(this.state).length > 0 ? this.renderRunPicker() : nothing}
      ${e
        ? html`${this.renderScores(e)} ${this.renderSeries(e)} ${e.intervals ? this.renderCalibration(e, e.intervals) : nothing}
            <div class="grid">${this.renderHorizon(e)} ${this.renderResiduals()}</div>`
        : html`<p class="card">Train a model in step 3 to evaluate it here.</p>`}
      <div class="next">
        <button type="button" ?disabled=${!isStepOpen(this.state, 'fine-tuning')} @click=${this.handleNext}>Next: Fine-tuning</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'evaluation-step': EvaluationStep;
  }
}
