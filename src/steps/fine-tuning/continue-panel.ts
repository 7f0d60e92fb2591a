/**
 * `<continue-panel>` (fine-tuning a): continue training the selected run at a lower learning rate,
 * with live progress and the test error before and after.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { intent } from '../../app/events.ts';
import type { RunRecord } from '../../app/state.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors } from '../../ui/chart-view/chart-view.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { rate, signed } from '../../ml/format.ts';
import { axis, fineTuningPanelStyles, FineTuningPanel, valid } from './fine-tuning-panel.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { settingField } from '../shared/setting-field.ts';

@customElement('continue-panel')
export class ContinuePanel extends FineTuningPanel {
  static override styles = fineTuningPanelStyles;

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  @state() private _lrFactor: number = SETTINGS.continueLearningRateFactor.default;
  @state() private _epochs: number = SETTINGS.continueEpochs.default;

  /** The run this one continued from, for the before/after table. */
  @property({ attribute: false }) parent: RunRecord | null = null;

  private handleLrFactor(event: Event): void {
    this._lrFactor = Number((event.target as HTMLSelectElement).value);
  }

  private handleEpochs(event: NumberChangeEvent): void {
    this._epochs = event.value;
  }

  private handleContinue(): void {
    this.dispatchEvent(intent('continue-requested', { learningRateFactor: this._lrFactor, epochs: this._epochs }));
  }

  private renderProgress(): TemplateResult {
    const t = this.state.training;
    const last = t.liveHistory.at(-1);
    const status =
      t.status === 'running'
        ? `Epoch ${t.progress?.epoch ?? 0} of ${t.progress?.epochs ?? this._epochs}${last ? ` · validation MAE ${this.u(last.valMae)}` : ''}`
        : t.status === 'cancelled'
          ? 'Stopped. The epochs finished so far are kept as a new run.'
          : t.status === 'done'
            ? `Finished after ${t.liveHistory.length} epochs.`
            : '';
    const history = t.liveHistory;
    const config: ChartConfiguration | null =
      history.length > 0
        ? {
            type: 'line',
            data: {
              labels: history.map((h) => h.epoch),
              datasets: [
                { label: 'Training MAE', data: history.map((h) => h.trainMae), borderColor: chartColors.train, backgroundColor: chartColors.train },
                { label: 'Validation MAE', data: history.map((h) => h.valMae), borderColor: chartColors.validation, backgroundColor: chartColors.validation },
              ],
            },
            options: { scales: { x: axis('Epoch'), y: axis(`MAE (${this.units})`) } },
          }
        : null;
    return html`
      ${t.status === 'running' && t.progress
        ? html`<progress-meter label="Continuing training" .value=${t.progress.epochs > 0 ? t.progress.epoch / t.progress.epochs : NaN} detail=${status}></progress-meter>`
        : nothing}
      <p class="muted" aria-live="polite" data-testid="continue-status">${status}</p>
      ${t.status === 'error' && t.error ? html`<p class="error" role="alert">${t.error}</p>` : nothing}
      ${config
        ? html`<chart-view
            label="Training and validation MAE per epoch of the continued training (${this.units})"
            summary="Validation MAE went from ${this.u(history[0].valMae)} to ${this.u(history.at(-1)!.valMae)} over ${history.length} epochs."
            .config=${config}
            .table=${{ columns: ['Epoch', `Training MAE (${this.units})`, `Validation MAE (${this.units})`], rows: history.map((h) => [h.epoch, h.trainMae, h.valMae]) }}
            height="180"
          ></chart-view>`
        : nothing}
    `;
  }

  /** The continuation to compare: the last one started here, else the selected run and its parent. */
  private pair(): { parent: RunRecord; child: RunRecord } | null {
    const c = this.state.training.continued;
    const find = (id: string) => this.state.runs.find((r) => r.id === id);
    const parent = c ? find(c.parentId) : this.parent;
    const child = c ? find(c.childId) : this.run;
    return parent && child ? { parent, child } : null;
  }

  /** After a continuation: did it gain on validation, and which run is selected (and shipped by Export). */
  private renderOutcome(): TemplateResult | typeof nothing {
    const c = this.state.training.continued;
    const pair = this.pair();
    if (!c || !pair || this.state.training.status === 'running') return nothing;
    if (c.gained) {
      return html`<p class="gain" role="status" data-testid="continue-outcome">
        Validation MAE ${this.u(c.parentValMae)} → <strong>${this.u(c.childValMae)}</strong>: the continued run is better on validation and is now the selected run.
      </p>`;
    }
    const childSelected = this.state.selectedRunId === c.childId;
    return html`<div class="no-gain" role="status" data-testid="continue-outcome">
      <p>
        <strong>No gain</strong>: validation MAE ${this.u(c.parentValMae)} → ${this.u(c.childValMae)}.
        ${childSelected
          ? html`You selected the continued run anyway; Export ships it.`
          : html`<strong>${pair.parent.label}</strong> stays selected, so Export ships it; the continued run is kept in your runs.`}
        Try a smaller factor, fewer epochs, or leave the model as it is.
      </p>
      ${childSelected
        ? html`<button type="button" class="secondary" @click=${() => this.dispatchEvent(intent('run-selected', { runId: c.parentId }))}>Keep ${pair.parent.label}</button>`
        : html`<button type="button" class="secondary" data-testid="select-continued" @click=${() => this.dispatchEvent(intent('run-selected', { runId: c.childId }))}>Select the continued run anyway</button>`}
    </div>`;
  }

  private renderBeforeAfter(): TemplateResult | typeof nothing {
    const pair = this.pair();
    const before = pair?.parent.evaluation;
    const after = pair?.child.evaluation;
    if (!pair || !before || !after) return nothing;
    const row = (label: string, b: number, a: number) => html`<tr>
      <th scope="row">${label}</th>
      <td>${this.u(b)}</td>
      <td>${this.u(a)}</td>
      <td class=${a < b ? 'better' : a > b ? 'worse' : ''}>${signed(a - b)} ${this.units}</td>
    </tr>`;
    return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Test error before and after">
      <table data-testid="before-after">
        <caption>Error before (${pair.parent.label}) and after (${pair.child.label})</caption>
        <thead><tr><th scope="col">Metric</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th></tr></thead>
        <tbody>
          ${row('Validation MAE (selects)', pair.parent.result?.bestValMae ?? Number.NaN, pair.child.result?.bestValMae ?? Number.NaN)}
          ${row('Test MAE', before.model.mae, after.model.mae)} ${row('Test RMSE', before.model.rmse, after.model.rmse)}
        </tbody>
      </table>
    </div>`;
  }

  override render(): TemplateResult {
    const run = this.run;
    const t = this.state.training;
    const ours = t.kind === 'continue';
    const running = ours && t.status === 'running';
    const baseLr = run?.training.learningRate ?? NaN;
    return html`<section class="card" aria-labelledby="continue-title">
      <h2 id="continue-title">a · Continue training at a lower learning rate</h2>
      <p class="muted">
        The model keeps its weights and takes smaller steps, which often settles it into a slightly better minimum. A new run is
        created; the original stays as it is.
      </p>
      <div class="controls">
        <div class="field">
          <label for="lr-factor">Learning-rate factor</label>
          <select id="lr-factor" @change=${this.handleLrFactor} ?disabled=${running}>
            ${SETTINGS.continueLearningRateFactor.options.map((f) => html`<option value=${f} ?selected=${f === this._lrFactor}>${SETTINGS.continueLearningRateFactor.format(f)}</option>`)}
          </select>
        </div>
        ${settingField('continueEpochs', this._epochs, { onChange: this.handleEpochs })}
      </div>
      <p class="muted" data-testid="new-lr">Learning rate ${rate(baseLr)} × ${this._lrFactor} = <strong>${rate(baseLr * this._lrFactor)}</strong></p>
      <div class="actions">
        <button type="button" data-testid="continue" ?disabled=${this.busy || !run || !valid('continueEpochs', this._epochs)} @click=${this.handleContinue}>Continue training</button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${ours ? this.renderProgress() : nothing} ${this.renderOutcome()}
      ${this.renderBeforeAfter()}
    </section>`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'continue-panel': ContinuePanel;
  }
}
