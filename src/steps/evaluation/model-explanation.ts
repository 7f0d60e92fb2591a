/**
 * `<model-explanation>`: what the selected run's model relies on — input importance on validation
 * (the MAE rise when one input is shuffled) for every model, and a linear model's weights as a
 * days × inputs heatmap.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { fixed } from '../../ml/format.ts';
import '../../ui/chart-view/chart-view.ts';
import '../../ui/error-banner/error-banner.ts';
import { styleProps } from '../../ui/style-props.ts';
import { denseTableStyles } from '../../ui/styles/index.ts';
import { stepStyles } from '../shared/step-page.ts';
import type { ChartSpec } from './evaluation-charts.ts';
import { importanceChart, topInputSentence, weightHeatmap, type Heatmap } from './explanation-charts.ts';
import { modelExplanationStyles } from './model-explanation.styles.ts';

type Explanation = WorkflowState['explanation'];

@customElement('model-explanation')
export class ModelExplanation extends LitElement {
  static override styles = [...stepStyles, denseTableStyles, modelExplanationStyles];

  /** 0-based forecast day whose weights the heatmap shows. */
  @state() private _horizonDay = 0;

  /** The explanation from the workflow state. */
  @property({ attribute: false }) explanation: Explanation = INITIAL_STATE.explanation;
  /** The selected run: only its explanation is shown. */
  @property() runId: string | null = null;

  /** Derived in `willUpdate`. */
  private _importance: ChartSpec | null = null;
  private _heatmap: Heatmap | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('explanation') && !changed.has('_horizonDay')) return;
    const result = this.explanation.result;
    const weights = result?.weights ?? null;
    if (weights && this._horizonDay >= weights.values.length) this._horizonDay = 0;
    if (changed.has('explanation')) this._importance = result ? importanceChart(result) : null;
    this._heatmap = weights ? weightHeatmap(weights, this._horizonDay) : null;
  }

  private handleHorizonDay(event: Event): void {
    this._horizonDay = Number((event.currentTarget as HTMLSelectElement).value);
  }

  private renderHeatmap(heat: Heatmap, features: readonly string[], horizons: number): TemplateResult {
    return html`<h3>Weights of the linear model (days × inputs)</h3>
      <p class="note">
        A linear model's forecast is a weighted sum of every input on every day it sees. These are its weights on <em>normalized</em> inputs (each input
        scaled to mean 0 and standard deviation 1 on the training split), so they can be compared across inputs.
      </p>
      ${horizons > 1
        ? html`<div class="field">
            <label for="weights-day">Forecast day</label>
            <select id="weights-day" @change=${this.handleHorizonDay}>
              ${Array.from({ length: horizons }, (_, j) => html`<option value=${j} ?selected=${j === this._horizonDay}>Day ${j + 1} ahead</option>`)}
            </select>
          </div>`
        : nothing}
      <p class="muted" data-testid="weights-summary">${heat.summary}</p>
      <div class="heatmap-scroll" tabindex="0" role="region" aria-label="Weight heatmap">
        <div class="heatmap" role="table" aria-label="Weights for forecast day ${this._horizonDay + 1}: days (rows) × inputs (columns)" aria-describedby="weights-legend" ${styleProps({ '--columns': String(features.length) })}>
          <div class="heat-row" role="row">
            <span class="heat-head" role="columnheader">Input day</span>
            ${features.map((f) => html`<span class="heat-head" role="columnheader">${f}</span>`)}
          </div>
          ${heat.rows.map(
            (row) => html`<div class="heat-row" role="row">
              <span class="heat-head" role="rowheader">${row.day}</span>
              ${row.cells.map((c) => html`<span class="heat-cell" role="cell" title=${c.title} ${styleProps({ background: c.color })}><span class="visually-hidden">${fixed(c.value, 3)}</span></span>`)}
            </div>`,
          )}
        </div>
      </div>
      <p class="note" id="weights-legend">
        Colour scale: −${fixed(heat.maxAbs, 3)} (orange, pulls the forecast down)<span class="scale"></span>+${fixed(heat.maxAbs, 3)} (blue, pushes it up); paler
        is closer to 0.
      </p>
      <details class="weights-table">
        <summary>Data table</summary>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Weights data table">
          <table data-testid="weights-table">
            <thead><tr>${heat.table.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
            <tbody>
              ${heat.table.rows.map(([day, ...cells]) => html`<tr><th scope="row">${day}</th>${cells.map((v) => html`<td>${fixed(Number(v), 3)}</td>`)}</tr>`)}
            </tbody>
          </table>
        </div>
      </details>`;
  }

  override render(): TemplateResult | typeof nothing {
    const x = this.explanation;
    if (!this.runId || x.runId !== this.runId) return nothing;
    const result = x.result;
    return html`<section class="card" aria-labelledby="explanation-title" aria-busy=${x.status === 'running' ? 'true' : 'false'}>
      <h2 id="explanation-title">What the model relies on</h2>
      <p class="note">
        Input importance: each input's values are shuffled across the validation windows, breaking its link to the target while keeping everything else;
        the more the validation MAE rises, the more the model relies on that input (the mean of 3 seeded shuffles). It shows what this model uses, not
        what causes the weather.
      </p>
      <p class="status" aria-live="polite">${x.status === 'running' ? 'Shuffling each input on the validation windows…' : ''}</p>
      <error-banner .message=${x.error ?? ''} hint="Select the run again, or train it again if its model was not saved."></error-banner>
      ${result && this._importance
        ? html`<p class="verdict-line" data-testid="top-input">${topInputSentence(result)}</p>
            <chart-view
              label="Input importance: validation MAE increase when each input is shuffled"
              summary=${this._importance.summary}
              .config=${this._importance.config}
              .table=${this._importance.table}
              height=${String(Math.max(160, 36 * result.importance.length + 60))}
            ></chart-view>
            ${this._heatmap && result.weights ? this.renderHeatmap(this._heatmap, result.weights.features, result.weights.values.length) : nothing}`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-explanation': ModelExplanation;
  }
}
