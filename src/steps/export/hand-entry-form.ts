/**
 * `<hand-entry-form>` (export, use it): forecast with the opened model from values typed by hand —
 * its column features for each day of the window, prefilled with the last days of the loaded dataset.
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import type { ModelMetadata, RawRow } from '../../ml/export/bundle.ts';
import { dateOfRow } from '../../ml/data/table.ts';
import { addDays, exportPanelStyles } from './export-panel.ts';

@customElement('hand-entry-form')
export class HandEntryForm extends LitElement {
  static override styles = exportPanelStyles;

  /** Last day of the window, `YYYY-MM-DD`. */
  @state() private _lastDay = '';
  /** Values as typed, `[row][column feature]`. */
  @state() private _values: string[][] = [];
  @state() private _problem = '';

  /** The workflow snapshot (read-only): the opened model and the loaded dataset. */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`: the metadata the form was built for, and its column features. */
  private _metadata: ModelMetadata | null = null;
  private _columns: { name: string; units: string }[] = [];

  protected override willUpdate(): void {
    const metadata = this.state.useIt.imported?.metadata ?? null;
    if (metadata !== this._metadata) {
      this._metadata = metadata;
      this.prefill(metadata);
    }
  }

  /** The hand-entry form: the model's column features, prefilled with the last days of the loaded dataset. */
  private prefill(metadata: ModelMetadata | null): void {
    this._problem = '';
    if (!metadata) {
      this._columns = [];
      this._values = [];
      return;
    }
    this._columns = metadata.features.filter((f) => f.source === 'column').map((f) => ({ name: f.name, units: f.units }));
    const L = metadata.window.lookbackDays;
    const data = this.state.dataset.summary;
    const hasAll = data && data.days.count >= L && this._columns.every((c) => data.columns[c.name]);
    if (data && hasAll) {
      const n = data.days.count;
      this._lastDay = dateOfRow(data.days)(n - 1);
      this._values = Array.from({ length: L }, (_, k) => this._columns.map((c) => String(Number(data.columns[c.name][n - L + k].toFixed(2)))));
    } else {
      this._lastDay = addDays(new Date().toISOString().slice(0, 10), -1);
      this._values = Array.from({ length: L }, () => this._columns.map(() => ''));
    }
  }

  private handleLastDay(event: Event): void {
    this._lastDay = (event.target as HTMLInputElement).value;
  }

  private handleValue(event: Event): void {
    const input = event.target as HTMLInputElement;
    const row = Number(input.dataset.row);
    const col = Number(input.dataset.col);
    this._values = this._values.map((r, i) => (i === row ? r.map((v, j) => (j === col ? input.value : v)) : r));
  }

  private handleSubmit(event: Event): void {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this._lastDay)) {
      this._problem = 'Choose the last day of the window.';
      return;
    }
    const dates = this.dates();
    const rows: RawRow[] = [];
    for (const [i, row] of this._values.entries()) {
      const values: Record<string, number> = {};
      for (const [j, c] of this._columns.entries()) {
        const v = row[j].trim() === '' ? NaN : Number(row[j]);
        if (!Number.isFinite(v)) {
          this._problem = `Enter a number for ${c.name} on ${dates[i]}.`;
          return;
        }
        values[c.name] = v;
      }
      rows.push({ date: dates[i], values });
    }
    this._problem = '';
    this.dispatchEvent(intent('forecast-requested', { rows }));
  }

  private dates(): string[] {
    const L = this._values.length;
    return this._values.map((_, k) => (this._lastDay ? addDays(this._lastDay, k - L + 1) : ''));
  }

  override render(): TemplateResult | typeof nothing {
    if (this._columns.length === 0 || this._values.length === 0) return nothing;
    const dates = this.dates();
    return html`<form class="hand" @submit=${this.handleSubmit}>
      <h3>Forecast from values you enter</h3>
      <p class="muted">
        ${this._values.length} consecutive days, oldest first${this.state.dataset.summary ? ', prefilled with the last days of the loaded dataset' : ''}. Day-of-year
        features are computed from the dates.
      </p>
      <div class="controls">
        <div class="field">
          <label for="last-day">Last day</label>
          <input id="last-day" type="date" .value=${this._lastDay} @change=${this.handleLastDay} />
        </div>
      </div>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Values by day">
        <table>
          <thead>
            <tr><th scope="col">Date</th>${this._columns.map((c) => html`<th scope="col">${c.name}${c.units ? ` (${c.units})` : ''}</th>`)}</tr>
          </thead>
          <tbody>
            ${this._values.map(
              (row, i) => html`<tr>
                <th scope="row">${dates[i]}</th>
                ${row.map(
                  (v, j) => html`<td>
                    <input
                      type="number"
                      step="any"
                      data-row=${i}
                      data-col=${j}
                      aria-label="${this._columns[j].name} on ${dates[i]}${this._columns[j].units ? ` (${this._columns[j].units})` : ''}"
                      .value=${v}
                      @input=${this.handleValue}
                    />
                  </td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this._problem ? html`<p class="error" role="alert" data-testid="hand-problem">${this._problem}</p>` : nothing}
      <div class="actions"><button type="submit" data-testid="forecast-rows">Forecast from these values</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hand-entry-form': HandEntryForm;
  }
}
