/**
 * `<evaluation-series>`: forecast vs actual over the test period, one horizon day at a time,
 * zoomable to a month.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Evaluation } from '../../ml/evaluation/metrics.ts';
import '../../ui/chart-view/chart-view.ts';
import { stepStyles } from '../shared/step-page.ts';
import { MONTHS, seriesChart, type ChartSpec } from './evaluation-charts.ts';

@customElement('evaluation-series')
export class EvaluationSeries extends LitElement {
  static override styles = stepStyles;

  /** 0-based horizon day shown. */
  @state() private _horizonDay = 0;
  /** Month zoom: 0 = the whole test period, 1–12 = that month. */
  @state() private _month = 0;

  /** The evaluation of the selected run. */
  @property({ attribute: false }) evaluation: Evaluation | null = null;

  /** Derived in `willUpdate`. */
  private _chart: ChartSpec | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    const e = this.evaluation;
    if (!e) return;
    if (this._horizonDay >= e.horizonDays) this._horizonDay = 0;
    if (changed.has('evaluation') || changed.has('_horizonDay') || changed.has('_month')) {
      this._chart = seriesChart(e, this._horizonDay, this._month);
    }
  }

  private handleHorizonDay(event: Event): void {
    this._horizonDay = Number((event.target as HTMLSelectElement).value);
  }

  private handleMonth(event: Event): void {
    this._month = Number((event.target as HTMLSelectElement).value);
  }

  override render(): TemplateResult | typeof nothing {
    const e = this.evaluation;
    const chart = this._chart;
    if (!e || !chart) return nothing;
    return html`<section class="card" aria-labelledby="series-title">
      <h2 id="series-title">Forecast vs actual over the test period</h2>
      <div class="controls">
        ${e.horizonDays > 1
          ? html`<div class="field">
              <label for="horizon-day">Horizon day</label>
              <select id="horizon-day" @change=${this.handleHorizonDay}>
                ${Array.from({ length: e.horizonDays }, (_, j) => html`<option value=${j} ?selected=${j === this._horizonDay}>Day ${j + 1} ahead</option>`)}
              </select>
            </div>`
          : nothing}
        <div class="field">
          <label for="month">Zoom</label>
          <select id="month" @change=${this.handleMonth}>
            <option value="0" ?selected=${this._month === 0}>All year</option>
            ${MONTHS.map((m, i) => html`<option value=${i + 1} ?selected=${this._month === i + 1}>${m}</option>`)}
          </select>
        </div>
      </div>
      <p class="muted" aria-live="polite" data-testid="series-summary">${chart.summary}</p>
      <chart-view label="Actual ${e.units === '' ? '' : `(${e.units}) `}vs model${e.intervals ? ' (median, with its 80 % band)' : ''} and persistence forecasts, horizon day ${this._horizonDay + 1}" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="300"></chart-view>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'evaluation-series': EvaluationSeries;
  }
}
