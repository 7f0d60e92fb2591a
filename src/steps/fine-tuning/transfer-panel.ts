/**
 * `<transfer-panel>` (fine-tuning c): transfer the selected run to the other city — zero-shot,
 * fine-tuned on a share of its data with chosen layers frozen, and trained from scratch — and
 * compare their test error with the baselines.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { intent } from '../../app/events.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { settingField } from '../shared/setting-field.ts';
import type { LayerSummary } from '../../ml/architectures/specs.ts';
import { SHIPPED_DATASETS, type ShippedDatasetId } from '../../ml/datasets.ts';
import type { Evaluation } from '../../ml/evaluation/metrics.ts';
import type { TransferResult } from '../../ml/fine-tuning/fine-tuning.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { fixed } from '../../ml/format.ts';
import { axis, fineTuningPanelStyles, FineTuningPanel, valid } from './fine-tuning-panel.ts';

const percent = SETTINGS.transferFraction.format;

@customElement('transfer-panel')
export class TransferPanel extends FineTuningPanel {
  static override styles = fineTuningPanelStyles;

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  @state() private _target: ShippedDatasetId | null = null;
  @state() private _fraction: number = SETTINGS.transferFraction.default;
  @state() private _freeze: string[] = [];
  @state() private _epochs: number = SETTINGS.transferEpochs.default;

  /** Derived in `willUpdate`. */
  private _targets: ShippedDatasetId[] = [];
  private _freezable: LayerSummary[] = [];

  protected override willUpdate(): void {
    const source = this.state.settings.dataSource;
    this._targets = (Object.keys(SHIPPED_DATASETS) as ShippedDatasetId[]).filter((id) => source.kind !== 'shipped' || id !== source.id);
    if (!this._target || !this._targets.includes(this._target)) this._target = this._targets[0] ?? null;
    // Layers without weights (flatten, dropout) have nothing to freeze; the output layer must learn.
    this._freezable = (this.run?.description?.layers ?? []).filter((l) => l.name !== 'output' && l.params > 0);
    const names = new Set(this._freezable.map((l) => l.name));
    if (this._freeze.some((n) => !names.has(n))) this._freeze = this._freeze.filter((n) => names.has(n));
  }

  private handleTarget(event: Event): void {
    this._target = (event.target as HTMLSelectElement).value as ShippedDatasetId;
  }

  private handleFraction(event: Event): void {
    this._fraction = Number((event.target as HTMLInputElement).value);
  }

  private handleFreeze(event: Event): void {
    const input = event.target as HTMLInputElement;
    const rest = this._freeze.filter((n) => n !== input.value);
    this._freeze = input.checked ? [...rest, input.value] : rest;
  }

  private handleEpochs(event: NumberChangeEvent): void {
    this._epochs = event.value;
  }

  private handleTransfer(): void {
    if (!this._target) return;
    this.dispatchEvent(intent('transfer-requested', { target: this._target, fraction: this._fraction, freeze: [...this._freeze], epochs: this._epochs }));
  }

  private renderResult(r: TransferResult): TemplateResult {
    const base: Evaluation = r.fineTuned;
    const rows: { label: string; e: { mae: number; rmse: number }; color: string; note: string }[] = [
      { label: 'Zero-shot', e: r.zeroShot.model, color: chartColors.test, note: 'source model as is' },
      { label: 'Fine-tuned', e: r.fineTuned.model, color: chartColors.model, note: `${r.targetTrainWindows} target windows` },
      { label: 'From scratch', e: r.scratch.model, color: chartColors.validation, note: `same ${r.targetTrainWindows} windows` },
      { label: 'Persistence', e: base.baselines.persistence, color: chartColors.persistence, note: 'baseline' },
      { label: 'Climatology', e: base.baselines.climatology, color: chartColors.climatology, note: 'baseline' },
    ];
    const units = r.fineTuned.units || this.units;
    const config: ChartConfiguration = {
      type: 'bar',
      data: { labels: rows.map((x) => x.label), datasets: [{ label: `Test MAE (${units})`, data: rows.map((x) => x.e.mae), backgroundColor: rows.map((x) => x.color) }] },
      options: { plugins: { legend: { display: false } }, scales: { x: axis('Forecast'), y: { ...axis(`Test MAE (${units})`), beginAtZero: true } } },
    };
    const table: ChartTable = { columns: ['Forecast', `Test MAE (${units})`], rows: rows.map((x) => [x.label, x.e.mae]) };
    const gain = r.scratch.model.mae - r.fineTuned.model.mae;
    const req = this.state.transfer.request;
    const city = req ? SHIPPED_DATASETS[req.target].label : 'the target city';
    const share = req ? `${percent(req.fraction)} of ${city}'s training data (${r.targetTrainWindows} windows)` : `${r.targetTrainWindows} training windows of ${city}`;
    const reading =
      gain > 0
        ? `Fine-tuning beats training from scratch by ${fixed(gain)} ${units} with ${share}.`
        : gain < 0
          ? `Training from scratch beats fine-tuning by ${fixed(-gain)} ${units} with ${share}: here the target data alone is enough.`
          : `Fine-tuning and training from scratch score the same with ${share}.`;
    const summary = rows.map((x) => `${x.label} ${fixed(x.e.mae)} ${units}`).join(', ');
    return html`<p class="reading" data-testid="transfer-reading">${reading}</p>
      <div class="grid">
        <chart-view label="Test MAE on ${city}: zero-shot, fine-tuned, from scratch and baselines (${units})" summary="Test MAE on ${city}: ${summary}." .config=${config} .table=${table} height="220"></chart-view>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Transfer results">
          <table data-testid="transfer-table">
            <caption>Test year of ${city}</caption>
            <thead><tr><th scope="col">Forecast</th><th scope="col">MAE</th><th scope="col">RMSE</th><th scope="col">Note</th></tr></thead>
            <tbody>
              ${rows.map((x) => html`<tr><th scope="row">${x.label}</th><td>${fixed(x.e.mae)} ${units}</td><td>${fixed(x.e.rmse)} ${units}</td><td>${x.note}</td></tr>`)}
            </tbody>
          </table>
        </div>
      </div>`;
  }

  override render(): TemplateResult {
    const t = this.state.transfer;
    const running = t.status === 'running';
    const cityOf = (id: ShippedDatasetId) => SHIPPED_DATASETS[id].label;
    const source = this.run?.datasetLabel ?? this.state.dataset.summary?.label ?? 'this city';
    return html`<section class="card" aria-labelledby="transfer-title">
      <h2 id="transfer-title">c · Transfer to another city</h2>
      <p class="muted">
        Train on one city, evaluate zero-shot on the other, fine-tune with a chosen amount of its data, and compare with training
        from scratch on the same data. Transfer pays off when the new place has little data of its own. Fine-tuning
        starts from this run's weights at ${SETTINGS.transferLearningRateFactor.default} × the learning rate you chose; training from scratch uses the full rate.
      </p>
      <div class="controls">
        <div class="field">
          <label for="target">From ${source} to</label>
          <select id="target" @change=${this.handleTarget} ?disabled=${running}>
            ${this._targets.map((id) => html`<option value=${id} ?selected=${id === this._target}>${cityOf(id)}</option>`)}
          </select>
        </div>
        ${settingField('transferEpochs', this._epochs, { onChange: this.handleEpochs })}
      </div>
      <fieldset ?disabled=${running}>
        <legend>Share of the target city's training data</legend>
        <div class="radio-row">
          ${SETTINGS.transferFraction.options.map(
            (f) => html`<label><input type="radio" name="fraction" value=${f} .checked=${f === this._fraction} @change=${this.handleFraction} />${percent(f)}</label>`,
          )}
        </div>
      </fieldset>
      <fieldset ?disabled=${running}>
        <legend>Freeze layers (keep their weights from ${source})</legend>
        ${this._freezable.length > 0
          ? html`<div class="checks">
              ${this._freezable.map(
                (l) => html`<label><input type="checkbox" value=${l.name} .checked=${this._freeze.includes(l.name)} @change=${this.handleFreeze} />${l.name}
                  <span class="muted">(${l.type}, ${l.params} parameters)</span></label>`,
              )}
            </div>`
          : html`<p class="muted">This model has no hidden layers with weights to freeze; only its output layer learns.</p>`}
      </fieldset>
      <div class="actions">
        <button type="button" data-testid="transfer" ?disabled=${this.busy || !this._target || !this.run || !valid('transferEpochs', this._epochs)} @click=${this.handleTransfer}>
          Run transfer
        </button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${running
        ? html`<progress-meter
            label="Transfer"
            .value=${t.epoch / (2 * this._epochs)}
            detail="Epoch ${t.epoch} of up to ${2 * this._epochs} (fine-tuning, then training from scratch)"
          ></progress-meter>`
        : nothing}
      <p class="muted" aria-live="polite" data-testid="transfer-status">
        ${running ? `Training: epoch ${t.epoch} of up to ${2 * this._epochs}.` : t.status === 'done' ? 'Transfer finished.' : ''}
      </p>
      ${t.status === 'error' && t.error ? html`<p class="error" role="alert">${t.error}</p>` : nothing}
      ${t.result ? this.renderResult(t.result) : nothing}
    </section>`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'transfer-panel': TransferPanel;
  }
}
