/**
 * `<ensemble-panel>` (fine-tuning d): train the selected run's model again with several seeds and
 * forecast with their mean; a table shows each seed's validation and test MAE beside the average's.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import type { RunRecord } from '../../app/state.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { settingField } from '../shared/setting-field.ts';
import { fineTuningPanelStyles, FineTuningPanel, valid } from './fine-tuning-panel.ts';

@customElement('ensemble-panel')
export class EnsemblePanel extends FineTuningPanel {
  static override styles = fineTuningPanelStyles;

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  @state() private _members: number = SETTINGS.ensembleMembers.default;

  private handleMembers(event: NumberChangeEvent): void {
    this._members = event.value;
  }

  private handleStart(): void {
    this.dispatchEvent(intent('ensemble-requested', { members: this._members }));
  }

  private renderProgress(): TemplateResult | typeof nothing {
    const e = this.state.ensemble;
    if (e.status === 'running') {
      const done = e.epochs > 0 ? (e.member - 1 + e.epoch / e.epochs) / e.members : Number.NaN;
      const detail = `Seed ${e.member} of ${e.members} · epoch ${e.epoch} of ${e.epochs}`;
      return html`<progress-meter label="Training the seeds" .value=${done} detail=${detail}></progress-meter>
        <p class="muted" aria-live="polite" data-testid="ensemble-status">${detail}</p>`;
    }
    if (e.status === 'cancelled') return html`<p class="muted" aria-live="polite" data-testid="ensemble-status">Stopped. Nothing was recorded: an average needs every seed.</p>`;
    if (e.status === 'error' && e.error) return html`<p class="error" role="alert">${e.error}</p>`;
    return nothing;
  }

  /** The one sentence that says what the average gained, on validation (the split that selects). */
  private renderVerdict(child: RunRecord, parent: RunRecord | undefined): TemplateResult | typeof nothing {
    const o = this.state.ensemble.outcome;
    if (!o || o.childId !== child.id) return nothing;
    // A third decimal when two decimals would show a "better" number equal to the one it beat.
    const digits = [o.bestMemberValMae, o.parentValMae].some((v) => this.u(v) === this.u(o.childValMae)) ? 3 : 2;
    const vsBest = `${o.childValMae < o.bestMemberValMae ? 'beat' : 'did not beat'} the best single seed (${this.u(o.bestMemberValMae, digits)})`;
    const vsParent = o.gained
      ? html`and beat ${parent?.label ?? 'its parent'} (${this.u(o.parentValMae, digits)}), so it is now the selected run.`
      : html`and did not beat ${parent?.label ?? 'its parent'} (${this.u(o.parentValMae, digits)}), which stays selected; the ensemble is kept in your runs.`;
    return html`<p class=${o.gained ? 'gain' : 'no-gain'} role="status" data-testid="ensemble-outcome">
      On validation the average of ${child.members?.length ?? 0} seeds (${this.u(o.childValMae, digits)}) ${vsBest} ${vsParent}
    </p>`;
  }

  /** The ensemble to show: the last one made here, else the selected run if it is an ensemble. */
  private shown(): RunRecord | null {
    const o = this.state.ensemble.outcome;
    const last = o ? this.state.runs.find((r) => r.id === o.childId) : undefined;
    if (last) return last;
    return this.run?.kind === 'ensemble' ? this.run : null;
  }

  private renderTable(): TemplateResult | typeof nothing {
    const child = this.shown();
    if (!child?.members || this.state.ensemble.status === 'running') return nothing;
    const parent = this.state.runs.find((r) => r.id === child.parentId);
    return html`${this.renderVerdict(child, parent)}
      <div class="table-scroll" tabindex="0" role="region" aria-label="Error of each seed and of their average">
        <table data-testid="ensemble-table">
          <caption>Each seed and their average (${child.label})</caption>
          <thead><tr><th scope="col">Model</th><th scope="col">Validation MAE (selects)</th><th scope="col">Test MAE</th></tr></thead>
          <tbody>
            ${child.members.map((m) => html`<tr><th scope="row">seed ${m.seed}</th><td>${this.u(m.valMae)}</td><td>${this.u(m.testMae)}</td></tr>`)}
            <tr class="total">
              <th scope="row">average of ${child.members.length}</th>
              <td><strong>${this.u(child.result?.bestValMae ?? Number.NaN)}</strong></td>
              <td><strong>${this.u(child.evaluation?.model.mae ?? Number.NaN)}</strong></td>
            </tr>
          </tbody>
        </table>
      </div>`;
  }

  override render(): TemplateResult {
    const running = this.state.ensemble.status === 'running';
    return html`<section class="card" aria-labelledby="ensemble-title">
      <h2 id="ensemble-title">d · Average several seeds</h2>
      <p class="muted">
        The same model trained again from scratch with other random seeds (same data and settings) lands somewhere else; the mean of their forecasts
        cancels part of that luck. Export ships the average as one model that any TensorFlow.js app loads.
      </p>
      <div class="controls">${settingField('ensembleMembers', this._members, { onChange: this.handleMembers, disabled: running })}</div>
      <div class="actions">
        <button type="button" data-testid="ensemble" ?disabled=${this.busy || !this.run || !valid('ensembleMembers', this._members)} @click=${this.handleStart}>
          Train ${this._members} seeds and average
        </button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${this.renderProgress()} ${this.renderTable()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ensemble-panel': EnsemblePanel;
  }
}
