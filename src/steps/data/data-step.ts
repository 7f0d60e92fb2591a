/**
 * `<data-step>` (step 1): choose a dataset (shipped or uploaded), check its quality, look at it over
 * time with the train / validation / test periods, and decide what the model sees: target, inputs,
 * seasonal features, lookback and horizon.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { styleProps } from '../../ui/style-props.ts';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { SEASONAL_FEATURES } from '../../ml/data/features.ts';
import type { DataSpec } from '../../ml/data/prepare.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { SHIPPED_DATASETS, type ShippedDatasetId } from '../../ml/datasets.ts';
import type { DatasetSummary, PreparedSummary, SerializedError } from '../../worker/protocol.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import '../../ui/error-banner/error-banner.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import { theme } from '../../ui/theme.ts';
import { formStepStyles } from '../shared/step.styles.ts';
import { MAX_CSV_BYTES } from '../../ml/data/limits.ts';

/** Uploads above this size are refused before reading them into memory (the parser's own limit). */
export const MAX_UPLOAD_BYTES = MAX_CSV_BYTES;

/** Line colours for plotted columns (distinct from the period shading hues). */
const LINE_COLORS = ['#1b1f24', '#007a5a', '#0072b2', '#c25400', '#8a3b76', '#6b7280'];

const SPLITS = [
  { key: 'train', label: 'Training', color: chartColors.trainShading },
  { key: 'validation', label: 'Validation', color: chartColors.validationShading },
  { key: 'test', label: 'Test', color: chartColors.testShading },
] as const;

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US');

interface ShadedBand {
  readonly from: number;
  readonly to: number;
  readonly color: string;
}

/** Fills the split periods behind the lines; reads its bands from `options.plugins.periodShading`. */
const periodShading: Plugin<'line', { bands?: readonly ShadedBand[] }> = {
  id: 'periodShading',
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x || !options.bands) return;
    for (const band of options.bands) {
      const left = Math.max(chartArea.left, x.getPixelForValue(band.from));
      const right = Math.min(chartArea.right, x.getPixelForValue(band.to));
      if (right <= left) continue;
      ctx.save();
      ctx.fillStyle = band.color;
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      ctx.restore();
    }
  },
};

function unitOf(summary: DatasetSummary, column: string): string {
  return summary.units[column] ?? '';
}

function withUnit(value: number, unit: string): string {
  return unit ? `${number.format(value)} ${unit}` : number.format(value);
}

/** The error's text without the hint (shown separately) and with its place in the file. */
function errorText(error: SerializedError): string {
  let text = error.message;
  if (error.hint && text.endsWith(error.hint)) text = text.slice(0, -error.hint.length).trim();
  const place = [error.row !== undefined ? `line ${error.row}` : '', error.column !== undefined ? `column "${error.column}"` : ''].filter(Boolean).join(', ');
  if (place && !text.toLowerCase().includes(`line ${error.row}`)) text = `${text} (${place})`;
  return text;
}

function listDates(dates: readonly string[], max = 8): string {
  const shown = dates.slice(0, max).join(', ');
  return dates.length > max ? `${shown} and ${dates.length - max} more` : shown;
}

function megabytes(bytes: number): string {
  return `${number.format(bytes / 1024 / 1024)} MB`;
}

@customElement('data-step')
export class DataStep extends LitElement {
  static override styles = [theme, formStepStyles];

  /** Columns the user ticked to plot; null means "the target". */
  @state() private _plotColumns: readonly string[] | null = null;
  /** A problem with a file the user picked, found before sending it on (too big, unreadable). */
  @state() private _uploadProblem: { readonly message: string; readonly hint: string } | null = null;
  @state() private _dragging = false;
  @state() private _reading = false;

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`. */
  private _columns: readonly string[] = [];
  private _plotted: readonly string[] = [];
  private _chartConfig?: ChartConfiguration;
  private _chartSummary = '';
  private _chartTable?: ChartTable;
  private _chartInputs: readonly unknown[] = [];

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('state') && !changed.has('_plotColumns')) return;
    const summary = this.state.dataset.summary;
    this._columns = summary ? Object.keys(summary.columns) : [];
    const target = this.state.settings.dataSpec.features.target;
    const wanted = this._plotColumns ?? [target];
    this._plotted = wanted.filter((c) => this._columns.includes(c));
    // Rebuild the chart only when what it shows changed, not on every state snapshot.
    const inputs = [summary, this.state.prepared.summary?.periods, this._plotted.join('\u0000')];
    if (inputs.some((v, i) => v !== this._chartInputs[i])) {
      this._chartInputs = inputs;
      this._chartConfig = summary ? this.chartConfig(summary, this._plotted, this.state.prepared.summary) : undefined;
      this._chartSummary = summary ? this.chartSummary(summary, this._plotted) : '';
      this._chartTable = summary ? this.chartTable(summary, this._plotted) : undefined;
    }
  }

  // ---- handlers ------------------------------------------------------------------------------

  private handleShippedChange(event: Event): void {
    const id = (event.currentTarget as HTMLInputElement).value as ShippedDatasetId;
    this._uploadProblem = null;
    this.dispatchEvent(intent('dataset-selected', { source: { kind: 'shipped', id } }));
  }

  private handleFileInput(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.readFile(file);
    input.value = ''; // picking the same file again must fire `change` again
  }

  private handleDragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this._dragging = true;
  }

  private handleDragLeave(): void {
    this._dragging = false;
  }

  private handleDrop(event: DragEvent): void {
    event.preventDefault();
    this._dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) void this.readFile(file);
  }

  private async readFile(file: File): Promise<void> {
    if (file.size > MAX_UPLOAD_BYTES) {
      this._uploadProblem = { message: `"${file.name}" is ${megabytes(file.size)}; files up to 50 MB can be loaded.`, hint: 'Use a smaller file, e.g. only the years and columns you need.' };
      return;
    }
    this._uploadProblem = null;
    this._reading = true;
    try {
      const text = await file.text();
      this.dispatchEvent(intent('dataset-selected', { source: { kind: 'upload', name: file.name, text } }));
    } catch (error) {
      this._uploadProblem = { message: `"${file.name}" could not be read: ${error instanceof Error ? error.message : String(error)}`, hint: 'Check that the file still exists and is a text (CSV) file.' };
    } finally {
      this._reading = false;
    }
  }

  private handlePlotToggle(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const current = new Set(this._plotted);
    if (input.checked) current.add(input.value);
    else current.delete(input.value);
    this._plotColumns = this._columns.filter((c) => current.has(c));
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

  private handleLookback(event: NumberChangeEvent): void {
    if (!event.valid) return;
    this.changeSpec({ window: { ...this.state.settings.dataSpec.window, lookbackDays: event.value } });
  }

  private handleHorizon(event: NumberChangeEvent): void {
    if (!event.valid) return;
    this.changeSpec({ window: { ...this.state.settings.dataSpec.window, horizonDays: event.value } });
  }

  private handleNext(): void {
    this.dispatchEvent(intent('navigate', { step: 'architecture' }));
  }

  /** Sends the full new spec; the split is kept. */
  private changeSpec(patch: Partial<DataSpec>): void {
    const spec: DataSpec = { ...this.state.settings.dataSpec, ...patch };
    this.dispatchEvent(intent('data-spec-changed', { spec }));
  }

  // ---- derived -------------------------------------------------------------------------------

  private chartConfig(summary: DatasetSummary, columns: readonly string[], prepared: PreparedSummary | null): ChartConfiguration {
    const dates = summary.dates;
    const index = (date: string) => dates.indexOf(date);
    const bands: ShadedBand[] = [];
    if (prepared) {
      for (const split of SPLITS) {
        const p = prepared.periods[split.key];
        if (p.windows > 0) bands.push({ from: index(p.start), to: index(p.end), color: split.color });
      }
    }
    const units = [...new Set(columns.map((c) => unitOf(summary, c)).filter(Boolean))];
    const yTitle = columns.length === 1 ? `${columns[0]}${units[0] ? ` (${units[0]})` : ''}` : `Value${units.length ? ` (${units.join(', ')})` : ''}`;
    return {
      type: 'line',
      data: {
        labels: [...dates],
        datasets: columns.map((c, i) => ({
          label: unitOf(summary, c) ? `${c} (${unitOf(summary, c)})` : c,
          data: Array.from(summary.columns[c]),
          borderColor: LINE_COLORS[i % LINE_COLORS.length],
          backgroundColor: LINE_COLORS[i % LINE_COLORS.length],
          borderWidth: 1,
          pointRadius: 0,
          pointHitRadius: 4,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { title: { display: true, text: 'Date' }, ticks: { maxTicksLimit: 8, maxRotation: 0, autoSkipPadding: 12 } },
          y: { title: { display: true, text: yTitle } },
        },
        plugins: {
          legend: { display: columns.length > 0, labels: { boxWidth: 14, boxHeight: 2 } },
          periodShading: { bands },
        },
      },
      plugins: [periodShading],
    } as unknown as ChartConfiguration;
  }

  private chartSummary(summary: DatasetSummary, columns: readonly string[]): string {
    const { start, end } = summary.report.period;
    if (columns.length === 0) return `No column chosen to plot. The data runs from ${start} to ${end}.`;
    const parts = columns.map((c) => {
      const q = summary.report.columns[c];
      const unit = unitOf(summary, c);
      return q ? `${c} ranges from ${withUnit(q.min, unit)} to ${withUnit(q.max, unit)} (mean ${withUnit(q.mean, unit)})` : c;
    });
    return `Daily values from ${start} to ${end}: ${parts.join('; ')}. Shaded: training, validation and test periods.`;
  }

  /** The plotted columns day by day: the chart's data table (rows render only when opened). */
  private chartTable(summary: DatasetSummary, columns: readonly string[]): ChartTable {
    return {
      columns: ['Date', ...columns.map((c) => (unitOf(summary, c) ? `${c} (${unitOf(summary, c)})` : c))],
      rows: summary.dates.map((date, i) => [date, ...columns.map((c) => (Number.isFinite(summary.columns[c][i]) ? summary.columns[c][i] : '—'))]),
    };
  }

  // ---- render --------------------------------------------------------------------------------

  private renderSource(): TemplateResult {
    const source = this.state.settings.dataSource;
    const { dataset } = this.state;
    const busy = dataset.status === 'running' || this._reading;
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
      <div
        class="drop ${this._dragging ? 'dragging' : ''}"
        @dragover=${this.handleDragOver}
        @dragleave=${this.handleDragLeave}
        @drop=${this.handleDrop}
      >
        <label for="file"><strong>Or use your own CSV</strong> (drop it here or choose it, up to 50 MB):</label>
        <input id="file" type="file" accept=".csv,text/csv,text/plain" ?disabled=${busy} @change=${this.handleFileInput} />
      </div>
      <p class="muted">Needs a <code>date</code> column (YYYY-MM-DD) and numeric columns, one row per day.</p>
      <p class="status" aria-live="polite">
        ${busy ? (this._reading ? 'Reading the file…' : 'Loading and checking the data…') : source.kind === 'upload' && dataset.summary ? html`Using your file <strong class="source">${source.name}</strong>.` : ''}
      </p>
      <error-banner .message=${this._uploadProblem?.message ?? ''} .hint=${this._uploadProblem?.hint ?? ''}></error-banner>
      <error-banner
        .message=${error ? errorText(error) : ''}
        .hint=${error ? `${error.hint ?? ''}${dataset.summary ? ` The previous data (${dataset.summary.label}) is still in use.` : ''}`.trim() : ''}
      ></error-banner>
    </section>`;
  }

  private renderQuality(summary: DatasetSummary): TemplateResult {
    const report = summary.report;
    const trimmed = report.trimmed.leading + report.trimmed.trailing;
    const notes: TemplateResult[] = [
      ...report.repairs.map((r) => html`<li>Repaired by linear interpolation: ${r.column} on ${listDates(r.dates)}.</li>`),
      ...report.gaps.map((g) => html`<li>Missing days in the file: ${g.from}${g.days > 1 ? ` to ${g.to}` : ''} (${g.days} day${g.days > 1 ? 's' : ''}), ${g.repaired ? 'interpolated' : 'dropped'}.</li>`),
      ...(trimmed > 0 ? [html`<li>Trimmed ${report.trimmed.leading} row(s) at the start and ${report.trimmed.trailing} at the end: ${listDates(report.trimmed.dates)}.</li>`] : []),
      ...report.warnings.map((w) => html`<li>${w}</li>`),
    ];
    return html`<section class="card" aria-labelledby="quality-title">
      <h2 id="quality-title">Summary statistics and data quality</h2>
      <p class="source muted">${summary.label} · ${summary.sourceDescription}</p>
      <ul class="facts">
        <li>Rows: <strong>${count.format(report.rows)}</strong> days</li>
        <li>Period: <strong>${report.period.start}</strong> to <strong>${report.period.end}</strong></li>
        <li>Numeric columns: <strong>${this._columns.length}</strong></li>
      </ul>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Per-column statistics">
        <table>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Unit</th>
              <th scope="col">Missing</th>
              <th scope="col">Repaired</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Mean</th>
              <th scope="col">Std</th>
              <th scope="col">Outliers</th>
            </tr>
          </thead>
          <tbody>
            ${Object.entries(report.columns).map(([name, q]) => {
              const example = q.outliers.examples[0];
              return html`<tr>
                <th scope="row">${name}</th>
                <td>${unitOf(summary, name) || '—'}</td>
                <td>${count.format(q.missing)}</td>
                <td>${count.format(q.repaired)}</td>
                <td>${number.format(q.min)}</td>
                <td>${number.format(q.max)}</td>
                <td>${number.format(q.mean)}</td>
                <td>${number.format(q.std)}</td>
                <td>${count.format(q.outliers.count)}${example ? html` <span class="muted">(e.g. ${withUnit(example.value, unitOf(summary, name))} on ${example.date})</span>` : nothing}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="muted">Outliers: values more than 4 robust standard deviations from the median. They are kept (a storm is real weather), but worth a look.</p>
      <h3>Repairs and warnings</h3>
      ${notes.length > 0 ? html`<ul class="notes">${notes}</ul>` : html`<p>No missing values, no repairs, no warnings.</p>`}
      ${summary.ignoredColumns.length > 0
        ? html`<h3>Ignored columns</h3>
            <ul class="notes">
              ${summary.ignoredColumns.map((c) => html`<li><strong>${c.name}</strong>: ${c.reason}</li>`)}
            </ul>`
        : nothing}
    </section>`;
  }

  private renderChart(): TemplateResult {
    const prepared = this.state.prepared.summary;
    return html`<section class="card" aria-labelledby="chart-title">
      <h2 id="chart-title">The data over time</h2>
      <fieldset>
        <legend>Columns to plot</legend>
        <div class="checks">
          ${this._columns.map(
            (c) => html`<label class="check">
              <input type="checkbox" .value=${c} .checked=${this._plotted.includes(c)} @change=${this.handlePlotToggle} />${c}
            </label>`,
          )}
        </div>
      </fieldset>
      <chart-view label="Daily values over time with the training, validation and test periods shaded" .summary=${this._chartSummary} .config=${this._chartConfig} .table=${this._chartTable} height="300"></chart-view>
      <ul class="periods" aria-label="Periods">
        ${SPLITS.map((split) => {
          const p = prepared?.periods[split.key];
          return html`<li>
            <span class="swatch" ${styleProps({ background: split.color })}></span>${split.label}:
            ${p && p.windows > 0 ? html`${p.start} to ${p.end} · <strong>${count.format(p.windows)}</strong> windows` : '—'}
          </li>`;
        })}
      </ul>
    </section>`;
  }

  private renderMappingHint(summary: DatasetSummary, target: string): TemplateResult | typeof nothing {
    const source = this.state.settings.dataSource;
    if (source.kind !== 'upload') return nothing;
    const temperatureLike = this._columns.some((c) => c === 'temp_max');
    return html`<p class="hint" id="target-hint">
      ${temperatureLike
        ? 'Your file has a temp_max column; pick another column here if you want to forecast something else.'
        : html`Your file has no column named temp_max, so <strong>${target}</strong> was chosen as the target. This choice is the column mapping: pick the column that holds what you want to forecast (${this._columns.length} numeric columns: ${this._columns.join(', ')}).`}
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
            ${this._columns.map((c) => html`<option .value=${c} ?selected=${c === target} ?disabled=${constant.has(c)}>${c}${unitOf(summary, c) ? ` (${unitOf(summary, c)})` : ''}</option>`)}
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
        <number-field
          label="Lookback"
          unit="days"
          integer
          min=${SETTINGS.lookbackDays.min}
          max=${SETTINGS.lookbackDays.max}
          .value=${spec.window.lookbackDays}
          hint="How many past days each forecast is based on."
          @number-change=${this.handleLookback}
        ></number-field>
        <number-field
          label="Horizon"
          unit="days"
          integer
          min=${SETTINGS.horizonDays.min}
          max=${SETTINGS.horizonDays.max}
          .value=${spec.window.horizonDays}
          hint="How many days ahead to forecast (1 = tomorrow)."
          @number-change=${this.handleHorizon}
        ></number-field>
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
                <td>${count.format(p.windows)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }

  override render(): TemplateResult {
    const summary = this.state.dataset.summary;
    const nextOpen = this.state.prepared.summary !== null;
    return html`
      <h1>Step 1 · Data</h1>
      <p class="lead">
        Before any model, an ML engineer gets to know the data: where it comes from, what is missing or odd, and how it changes over time. Then they decide what
        the model may see and what it must predict, and hold back a later period for an honest test. Mistakes made here cannot be fixed by a better model.
      </p>
      ${this.renderSource()}
      ${summary ? html`${this.renderQuality(summary)} ${this.renderChart()} ${this.renderSpec(summary)}` : nothing}
      <div class="nav">
        <button type="button" class="primary" ?disabled=${!nextOpen} @click=${this.handleNext}>Next: Architecture</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-step': DataStep;
  }
}
