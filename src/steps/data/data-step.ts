/**
 * `<data-step>` (step 1): choose a dataset (shipped or uploaded), check its quality, look at it over
 * time with the train / validation / test periods, and decide what the model sees: target, inputs,
 * seasonal features, lookback and horizon.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { SEASONAL_FEATURES } from '../../ml/data/features.ts';
import { MAX_CSV_BYTES } from '../../ml/data/limits.ts';
import { roleOfTableColumn } from '../../ml/data/mapping.ts';
import type { DataSpec } from '../../ml/data/prepare.ts';
import { SHIPPED_DATASETS, type ShippedDatasetId } from '../../ml/datasets.ts';
import '../../ui/error-banner/error-banner.ts';
import '../../ui/file-drop/file-drop.ts';
import '../../ui/progress-meter/progress-meter.ts';
import type { FileChosenEvent } from '../../ui/file-drop/file-drop.ts';
import { settingField } from '../shared/setting-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import { childrenUpdated } from '../../ui/update-complete.ts';
import { stepPage, stepStyles } from '../shared/step-page.ts';
import './data-chart.ts';
import { columnLabel, SPLITS, type DatasetError, type DatasetSummary, type PreparedSummary } from './data-format.ts';
import './data-mapping.ts';
import './data-place.ts';
import './data-quality.ts';
import './long-record-picker.ts';
import { dataStepStyles } from './data-step.styles.ts';
import { count, decimal } from '../../ml/format.ts';

/** Uploads above this size are refused before reading them into memory (the parser's own limit). */
export const MAX_UPLOAD_BYTES = MAX_CSV_BYTES;

/** The error's text without the hint (shown separately) and with its place in the file. */
function errorText(error: DatasetError): string {
  let text = error.message;
  if (error.hint && text.endsWith(error.hint)) text = text.slice(0, -error.hint.length).trim();
  const place = [error.row !== undefined ? `line ${error.row}` : '', error.column !== undefined ? `column "${error.column}"` : ''].filter(Boolean).join(', ');
  if (place && !text.toLowerCase().includes(`line ${error.row}`)) text = `${text} (${place})`;
  return text;
}

function megabytes(bytes: number): string {
  return `${decimal(bytes / 1024 / 1024)} MB`;
}

@customElement('data-step')
export class DataStep extends LitElement {
  static override styles = [...stepStyles, dataStepStyles];

  /** A problem with a file the user picked, found before sending it on (too big). */
  @state() private _uploadProblem: { readonly message: string; readonly hint: string } | null = null;

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`. */
  private _columns: readonly string[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state')) return;
    const summary = this.state.dataset.summary;
    this._columns = summary ? Object.keys(summary.columns) : [];
  }

  /** Resolves once the chart and quality panels show the new state too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await childrenUpdated(this.renderRoot);
    return done;
  }

  // ---- handlers ------------------------------------------------------------------------------

  private handleShippedChange(event: Event): void {
    const id = (event.currentTarget as HTMLInputElement).value as ShippedDatasetId;
    this._uploadProblem = null;
    this.dispatchEvent(intent('dataset-selected', { source: { kind: 'shipped', id } }));
  }

  private handleFileChosen(event: FileChosenEvent): void {
    const { file } = event;
    if (file.size > MAX_UPLOAD_BYTES) {
      this._uploadProblem = { message: `"${file.name}" is ${megabytes(file.size)}; files up to 50 MB can be loaded.`, hint: 'Use a smaller file, e.g. only the years and columns you need.' };
      return;
    }
    this._uploadProblem = null;
    // The file itself goes to the worker, which reads and parses it: the page never holds its text.
    this.dispatchEvent(intent('dataset-selected', { source: { kind: 'upload', name: file.name, file } }));
  }

  private handleDateOrder(event: Event): void {
    const order = (event.currentTarget as HTMLButtonElement).value as 'mdy' | 'dmy';
    this.dispatchEvent(intent('date-order-chosen', { order }));
  }

  private handleTargetChange(event: Event): void {
    const target = (event.currentTarget as HTMLSelectElement).value;
    const features = this.state.settings.dataSpec.features;
    const inputs = features.inputs.includes(target) ? features.inputs : [...features.inputs, target];
    this.changeSpec({ features: { ...features, target, inputs: this._columns.filter((c) => inputs.includes(c)) } });
  }

  private handleInputToggle(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const features = this.state.settings.dataSpec.features;
    const chosen = new Set(features.inputs);
    if (input.checked) chosen.add(input.value);
    else chosen.delete(input.value);
    chosen.add(features.target);
    this.changeSpec({ features: { ...features, inputs: this._columns.filter((c) => chosen.has(c)) } });
  }

  private handleSeasonalToggle(event: Event): void {
    const seasonal = (event.currentTarget as HTMLInputElement).checked;
    this.changeSpec({ features: { ...this.state.settings.dataSpec.features, seasonal } });
  }

  private handleWindow(event: NumberChangeEvent): void {
    if (!event.valid) return;
    const key = (event.currentTarget as HTMLElement).dataset.field as 'lookbackDays' | 'horizonDays';
    this.changeSpec({ window: { ...this.state.settings.dataSpec.window, [key]: event.value } });
  }

  /** Sends the full new spec; the split is kept. */
  private changeSpec(patch: Partial<DataSpec>): void {
    const spec: DataSpec = { ...this.state.settings.dataSpec, ...patch };
    this.dispatchEvent(intent('data-spec-changed', { spec }));
  }

  // ---- render --------------------------------------------------------------------------------

  private renderSource(): TemplateResult {
    const source = this.state.settings.dataSource;
    const { dataset } = this.state;
    const busy = dataset.status === 'running';
    const error = dataset.error;
    // The radios stay enabled while a dataset loads (disabling the focused one would drop keyboard focus to the page): another
    // choice meanwhile supersedes the load, since the controller commits only the latest dataset request.
    return html`<section class="card" aria-labelledby="source-title">
      <h2 id="source-title">Dataset</h2>
      <fieldset>
        <legend>Shipped data: NOAA daily weather, 2012–2015</legend>
        <div class="segmented">
          ${Object.values(SHIPPED_DATASETS).map(
            (d) => html`<label>
              <input
                type="radio"
                name="dataset"
                .value=${d.id}
                .checked=${source.kind === 'shipped' && source.id === d.id}
                @change=${this.handleShippedChange}
              />${d.label}
            </label>`,
          )}
        </div>
      </fieldset>
      <long-record-picker .state=${this.state}></long-record-picker>
      <file-drop
        input-id="file"
        label="Or use your own CSV"
        detail="(drop it here or choose it, up to 50 MB):"
        accept=".csv,text/csv,text/plain"
        ?disabled=${busy}
        @file-chosen=${this.handleFileChosen}
      ></file-drop>
      <p class="muted">
        Daily or hourly exports from NOAA Climate Data Online, Open-Meteo, Meteostat or a spreadsheet: a date or time column and numeric columns. Roles
        and units are detected and can be changed.
      </p>
      ${this.renderReading()}
      <p class="status" aria-live="polite">
        ${busy
          ? dataset.reading && dataset.reading.done >= dataset.reading.total
            ? 'Read the file; checking the dates, gaps and units…'
            : 'Loading and checking the data…'
          : source.kind === 'upload' && dataset.summary
            ? html`Using your file <strong class="source">${source.name}</strong>.`
            : ''}
      </p>
      <error-banner .message=${this._uploadProblem?.message ?? ''} .hint=${this._uploadProblem?.hint ?? ''}></error-banner>
      <error-banner
        .message=${error ? errorText(error) : ''}
        .hint=${error ? `${error.hint ?? ''}${dataset.summary ? ` The previous data (${dataset.summary.label}) is still in use.` : ''}`.trim() : ''}
      ></error-banner>
      ${error?.code === 'ambiguous-date-order'
        ? html`<div class="actions" role="group" aria-label="Date order">
            <button value="mdy" ?disabled=${busy} @click=${this.handleDateOrder}>Month first (1/31/2012, US)</button>
            <button value="dmy" class="secondary" ?disabled=${busy} @click=${this.handleDateOrder}>Day first (31/1/2012)</button>
          </div>`
        : nothing}
    </section>`;
  }

  /** The worker's progress through a large uploaded file (it reports about every MiB). */
  private renderReading(): TemplateResult | typeof nothing {
    const { dataset } = this.state;
    const reading = dataset.reading;
    if (dataset.status !== 'running' || !reading || reading.total < 2 * 1024 * 1024) return nothing;
    const mb = (chars: number) => decimal(chars / 1024 / 1024, 0);
    return html`<progress-meter
      label="Reading ${reading.name}"
      .value=${reading.done / reading.total}
      detail="${mb(reading.done)} of ${mb(reading.total)} MB read"
    ></progress-meter>`;
  }

  private renderMappingHint(summary: DatasetSummary, target: string): TemplateResult | typeof nothing {
    const source = this.state.settings.dataSource;
    if (source.kind !== 'upload') return nothing;
    const role = roleOfTableColumn(summary.mapping, target);
    return html`<p class="hint" id="target-hint">
      ${role === 'temp_max'
        ? html`<strong>${target}</strong> is your file’s daily maximum temperature; pick another column here to forecast something else.`
        : html`Your file has no daily maximum temperature, so <strong>${target}</strong> was chosen as the target: pick the column that holds what you want to forecast, or set a column’s role in the mapping below.`}
      ${summary.defaultSplit.kind === 'fraction' ? ' The last 20 % of the days are kept for testing.' : ''}
    </p>`;
  }

  private renderSpec(summary: DatasetSummary): TemplateResult {
    const spec = this.state.settings.dataSpec;
    const { target, inputs, seasonal = true } = spec.features;
    const constant = new Set(summary.report.constantColumns);
    const prepared = this.state.prepared;
    const features = prepared.summary?.featureNames ?? [];
    return html`<section class="card" aria-labelledby="spec-title">
      <h2 id="spec-title">What the model sees</h2>
      <p class="muted">
        The model reads a window of the last <em>lookback</em> days of every input and forecasts the target for the next <em>horizon</em> days. Windows are
        assigned to a split by the days they forecast, and normalization statistics come from the training split only, so nothing leaks from the test year.
      </p>
      <div class="form">
        <div class="field">
          <label for="target">Target (the column to forecast)</label>
          <select id="target" aria-describedby=${this.state.settings.dataSource.kind === 'upload' ? 'target-hint' : nothing} @change=${this.handleTargetChange}>
            ${this._columns.map((c) => html`<option .value=${c} ?selected=${c === target} ?disabled=${constant.has(c)}>${columnLabel(summary, c)}</option>`)}
          </select>
          ${this.renderMappingHint(summary, target)}
        </div>
        <fieldset class="field">
          <legend>Inputs</legend>
          <div class="checks">
            ${this._columns.map(
              (c) => html`<label class="check">
                <input
                  type="checkbox"
                  .value=${c}
                  .checked=${c === target || inputs.includes(c)}
                  ?disabled=${c === target || constant.has(c)}
                  @change=${this.handleInputToggle}
                />${c}
              </label>`,
            )}
          </div>
          <p class="hint">The target is always an input: its own past is the best clue to its future.${constant.size > 0 ? ` Constant columns (${[...constant].join(', ')}) cannot be used.` : ''}</p>
          <label class="check">
            <input type="checkbox" .checked=${seasonal} @change=${this.handleSeasonalToggle} />Day-of-year features (${SEASONAL_FEATURES.join(', ')})
          </label>
          <p class="hint">Tell the model where in the year a day falls, so 31 December and 1 January are neighbours.</p>
        </fieldset>
        ${settingField('lookbackDays', spec.window.lookbackDays, { onChange: this.handleWindow })}
        ${settingField('horizonDays', spec.window.horizonDays, { onChange: this.handleWindow })}
      </div>
      <p class="status" aria-live="polite">
        ${prepared.status === 'running'
          ? 'Preparing windows…'
          : prepared.summary
            ? html`${features.length} features per day (${features.join(', ')}) × ${spec.window.lookbackDays} days → ${spec.window.horizonDays} forecast
                day${spec.window.horizonDays > 1 ? 's' : ''} of ${prepared.summary.target}${prepared.summary.targetUnits ? ` in ${prepared.summary.targetUnits}` : ''}.`
            : ''}
      </p>
      <error-banner .message=${prepared.error ?? ''} hint="Choose a shorter lookback or horizon, or use a file with more days."></error-banner>
      ${prepared.summary ? this.renderWindows(prepared.summary) : nothing}
    </section>`;
  }

  private renderWindows(prepared: PreparedSummary): TemplateResult {
    return html`<h3>Windows per split</h3>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Windows per split">
        <table class=${this.state.prepared.status === 'running' ? 'pending' : ''}>
          <thead>
            <tr>
              <th scope="col">Split</th>
              <th scope="col">Forecast days from</th>
              <th scope="col">to</th>
              <th scope="col">Windows</th>
            </tr>
          </thead>
          <tbody>
            ${SPLITS.map((split) => {
              const p = prepared.periods[split.key];
              return html`<tr>
                <th scope="row">${split.label}</th>
                <td>${p.start || '—'}</td>
                <td>${p.end || '—'}</td>
                <td>${count(p.windows)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }

  override render(): TemplateResult {
    const summary = this.state.dataset.summary;
    return stepPage({
      title: 'Step 1 · Data',
      lead: html`Before any model, an ML engineer gets to know the data: where it comes from, what is missing or odd, and how it changes over time. Then
        they decide what the model may see and what it must predict, and hold back a later period for an honest test. Mistakes made here cannot be fixed
        by a better model.`,
      body: html`${this.renderSource()} <data-place .place=${this.state.place}></data-place>
      ${summary
        ? html`<data-mapping
              .summary=${summary}
              .source=${this.state.settings.dataSource}
              .features=${this.state.settings.dataSpec.features}
              ?busy=${this.state.dataset.status === 'running'}
            ></data-mapping>
            <data-quality .summary=${summary}></data-quality> <data-chart .state=${this.state}></data-chart> ${this.renderSpec(summary)}`
        : nothing}`,
      next: { step: 'architecture', label: 'Next: Architecture', disabled: this.state.prepared.summary === null },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-step': DataStep;
  }
}
