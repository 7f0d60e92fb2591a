/**
 * `<fine-tuning-step>` (step 5): improves the selected run four ways — continue training at a
 * lower learning rate, search hyperparameters (ranked on validation), transfer to the other city,
 * average several seeds, and (on a 50-year record) a learning curve on data size — always reporting before/after test error in °C. Each tool is its own panel.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { learningCurveOf } from '../../app/learning-curve-state.ts';
import { INITIAL_STATE, isStepOpen, type WorkflowState } from '../../app/state.ts';
import { childrenUpdated } from '../../ui/update-complete.ts';
import { withUnits } from '../../ml/format.ts';
import { runPicker } from '../shared/run-picker.ts';
import { SelectedRunController } from '../shared/selected-run.ts';
import { stepPage } from '../shared/step-page.ts';
import './continue-panel.ts';
import './ensemble-panel.ts';
import './learning-curve-panel.ts';
import { fineTuningPanelStyles } from './fine-tuning-panel.ts';
import './search-panel.ts';
import './transfer-panel.ts';

@customElement('fine-tuning-step')
export class FineTuningStep extends LitElement {
  static override styles = fineTuningPanelStyles;

  private readonly selection = new SelectedRunController(this);

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`. */
  private _units = '°C';
  private _busy = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state')) return;
    const s = this.state;
    this._units = this.selection.units(s.prepared.summary?.targetUnits ?? '°C');
    this._busy = s.training.status === 'running' || s.search.status === 'running' || s.transfer.status === 'running' || s.ensemble.status === 'running' || learningCurveOf(s).status === 'running';
  }

  /** Resolves once the panels show the new state too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await childrenUpdated(this.renderRoot);
    return done;
  }

  private renderRunPicker(): TemplateResult {
    const evaluation = this.selection.evaluation;
    return html`<div class="picker">
      ${runPicker(this.state, { disabled: this._busy })}
      ${evaluation ? html`<p class="muted">Test MAE of this run: <strong>${withUnits(evaluation.model.mae, this._units)}</strong></p>` : nothing}
    </div>`;
  }

  private renderPanels(): TemplateResult {
    const { run, parent } = this.selection;
    return html`<div class="panels">
      <continue-panel .state=${this.state} .run=${run} .parent=${parent} .units=${this._units} ?busy=${this._busy}></continue-panel>
      <search-panel .state=${this.state} .run=${run} .units=${this._units} ?busy=${this._busy}></search-panel>
      <transfer-panel .state=${this.state} .run=${run} .units=${this._units} ?busy=${this._busy}></transfer-panel>
      <ensemble-panel .state=${this.state} .run=${run} .units=${this._units} ?busy=${this._busy}></ensemble-panel>
      <learning-curve-panel .state=${this.state} .run=${run} .units=${this._units} ?busy=${this._busy}></learning-curve-panel>
    </div>`;
  }

  override render(): TemplateResult {
    return stepPage({
      title: 'Step 5 · Fine-tuning',
      lead: html`A first model is rarely the best one. An ML engineer tries cheap improvements and keeps only what lowers the error on data the choice was
        not made on: a gentler learning rate, a systematic search over hyperparameters, and reusing what the model learned in one city for another.`,
      body: html`${this.selection.hasRuns ? this.renderRunPicker() : nothing}
      ${this.selection.run ? this.renderPanels() : html`<p class="card">Train a model in step 3 first.</p>`}`,
      next: { step: 'export', label: 'Next: Export', disabled: !isStepOpen(this.state, 'export') },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fine-tuning-step': FineTuningStep;
  }
}
