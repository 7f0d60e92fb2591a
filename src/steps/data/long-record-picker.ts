/**
 * `<long-record-picker>` (step 1): the third dataset choice — 50 years of daily temperature at one of
 * six NOAA GHCN-Daily stations — and how many of those years the model learns from. A station's file
 * is downloaded only when it is chosen. Names are shown only where verified; others by station ID.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { isLongRecordId, LONG_RECORDS, type LongRecordId } from '../../ml/datasets.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import { settingField } from '../shared/setting-field.ts';
import { stepStyles } from '../shared/step-page.ts';
import { dataStepStyles } from './data-step.styles.ts';

@customElement('long-record-picker')
export class LongRecordPicker extends LitElement {
  static override styles = [...stepStyles, dataStepStyles];

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  private chosen(): LongRecordId | null {
    const source = this.state.settings.dataSource;
    return source.kind === 'shipped' && isLongRecordId(source.id) ? source.id : null;
  }

  private handleStation(event: Event): void {
    const id = (event.currentTarget as HTMLSelectElement).value;
    if (isLongRecordId(id)) this.dispatchEvent(intent('dataset-selected', { source: { kind: 'shipped', id } }));
  }

  private handleYears(event: NumberChangeEvent): void {
    if (!event.valid) return;
    const spec = this.state.settings.dataSpec;
    this.dispatchEvent(intent('data-spec-changed', { spec: { ...spec, split: { ...spec.split, trainYears: event.value } } }));
  }

  private renderYears(): TemplateResult | typeof nothing {
    const { dataset, settings } = this.state;
    // Only once the record is loaded: before that the split is still the previous dataset's.
    if (!this.chosen() || dataset.status === 'running' || settings.dataSpec.split.kind !== 'test-from-date') return nothing;
    const years = settings.dataSpec.split.trainYears ?? SETTINGS.trainYears.default;
    const testYear = Number(settings.dataSpec.split.testStart.slice(0, 4));
    return html`${settingField('trainYears', years, { onChange: this.handleYears })}
      <p class="hint" data-testid="train-years-period">
        The model learns from ${years === 1 ? testYear - 1 : `${testYear - years} to ${testYear - 1}`} (the last 10 % validate) and is tested from ${settings.dataSpec.split.testStart}; the
        windows per split are listed below.
      </p>`;
  }

  override render(): TemplateResult {
    const chosen = this.chosen();
    return html`<fieldset>
      <legend>50-year records: NOAA GHCN-Daily daily minimum and maximum temperature, 1960–2009</legend>
      <div class="field">
        <label for="station">Station</label>
        <select id="station" data-testid="station" @change=${this.handleStation}>
          <option value="" ?selected=${chosen === null} disabled>Choose a station…</option>
          ${Object.values(LONG_RECORDS).map((r) => html`<option .value=${r.id} ?selected=${r.id === chosen}>${r.label}</option>`)}
        </select>
        <p class="hint">Each station's file (≈ 0.4 MB, 18,262 days) is downloaded only when you choose it. Test period 2008–2009.</p>
      </div>
      ${this.renderYears()}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'long-record-picker': LongRecordPicker;
  }
}
