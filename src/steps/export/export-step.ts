import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { modelRuns, selectedRun, type RunRecord, type WorkflowState } from '../../app/state.ts';
import { BROWSER_SNIPPET, NODE_SNIPPET } from '../../app/snippets.ts';
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import { COVERAGE_AIM } from '../../ml/evaluation/intervals.ts';
import type { EvaluatedIntervals, Evaluation } from '../../ml/evaluation/metrics.ts';
import type { ModelMetadata, RawRow } from '../../ml/export/bundle.ts';
import { theme } from '../../ui/theme.ts';
import { fixed, signed } from '../shared/format.ts';
import { runPicker } from '../shared/run-picker.ts';
import { reportStepStyles } from '../shared/step.styles.ts';
import { exportStepStyles } from './export-step.styles.ts';

type SnippetId = 'browser' | 'node';

const SNIPPETS: Readonly<Record<SnippetId, { title: string; file: string; code: string }>> = {
  browser: { title: 'In the browser', file: 'examples/forecast-browser.js', code: BROWSER_SNIPPET },
  node: { title: 'In Node.js', file: 'examples/load-node.mjs', code: NODE_SNIPPET },
};

interface Period {
  readonly start: string;
  readonly end: string;
  readonly windows: number;
}

/** A small difference in target units: scientific below 0.001 so that "0.00" never hides it. */
function difference(value: number): string {
  if (!Number.isFinite(value)) return 'not a number';
  if (value === 0) return '0';
  return value < 1e-3 ? value.toExponential(1) : value.toPrecision(3);
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Step 6: hands the selected model to a software engineer: a zip with the model, its metadata,
 * test vectors, model card and code, and a panel that reloads a zip and forecasts with it.
 */
@customElement('export-step')
export class ExportStep extends LitElement {
  static override styles = [theme, reportStepStyles, exportStepStyles];

  @state() private copyStatus: Partial<Record<SnippetId, string>> = {};
  @state() private dragOver = false;
  /** Last day of the hand-entered window, `YYYY-MM-DD`. */
  @state() private handLastDay = '';
  /** Hand-entered values as typed, `[row][column feature]`. */
  @state() private handValues: string[][] = [];
  @state() private handProblem = '';
  /** Where the shown forecast's input came from. */
  @state() private forecastSource: 'dataset' | 'hand' = 'dataset';

  @property({ attribute: false }) state!: WorkflowState;

  private run: RunRecord | null = null;
  private units = '°C';
  /** Periods of the run's data, when the loaded dataset is the one it was trained on. */
  private periods: { train: Period; validation: Period; test: Period } | null = null;
  /** Metadata the hand-entry form was built for. */
  private formMetadata: ModelMetadata | null = null;
  private formColumns: { name: string; units: string }[] = [];
  private formModelId: string | null = null;

  protected override willUpdate(): void {
    if (!this.state) return;
    const s = this.state;
    this.run = selectedRun(s);
    this.units = this.run?.evaluation?.units ?? '°C';
    const prepared = s.prepared.summary;
    this.periods =
      this.run && prepared && s.dataset.summary?.label === this.run.datasetLabel && JSON.stringify(prepared.spec) === JSON.stringify(this.run.dataSpec)
        ? prepared.periods
        : null;
    const metadata = s.useIt.imported?.metadata ?? null;
    if (s.useIt.modelId !== this.formModelId) {
      this.formModelId = s.useIt.modelId;
      this.forecastSource = 'dataset';
    }
    if (metadata !== this.formMetadata) {
      this.formMetadata = metadata;
      this.prefillForm(metadata);
    }
  }

  /** The hand-entry form: the model's column features, prefilled with the last days of the loaded dataset. */
  private prefillForm(metadata: ModelMetadata | null): void {
    this.handProblem = '';
    if (!metadata) {
      this.formColumns = [];
      this.handValues = [];
      return;
    }
    this.formColumns = metadata.features.filter((f) => f.source === 'column').map((f) => ({ name: f.name, units: f.units }));
    const L = metadata.window.lookbackDays;
    const data = this.state.dataset.summary;
    const hasAll = data && data.dates.length >= L && this.formColumns.every((c) => data.columns[c.name]);
    if (data && hasAll) {
      const n = data.dates.length;
      this.handLastDay = data.dates[n - 1];
      this.handValues = Array.from({ length: L }, (_, k) => this.formColumns.map((c) => String(Number(data.columns[c.name][n - L + k].toFixed(2)))));
    } else {
      this.handLastDay = addDays(new Date().toISOString().slice(0, 10), -1);
      this.handValues = Array.from({ length: L }, () => this.formColumns.map(() => ''));
    }
  }

  // ---- handlers -------------------------------------------------------------------------------

  private handleExport(): void {
    this.dispatchEvent(intent('export-requested', {}));
  }

  private async handleCopy(id: SnippetId): Promise<void> {
    try {
      await navigator.clipboard.writeText(SNIPPETS[id].code);
      this.copyStatus = { ...this.copyStatus, [id]: 'Copied to the clipboard.' };
    } catch {
      this.copyStatus = { ...this.copyStatus, [id]: 'Copying is not allowed here: select the code and press Ctrl+C (⌘C on a Mac).' };
    }
  }

  private handleFileInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.openFile(file);
    input.value = ''; // choosing the same file again opens it again
  }

  private handleDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragOver = true;
  }

  private handleDragLeave(): void {
    this.dragOver = false;
  }

  private handleDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragOver = false;
    const file = event.dataTransfer?.files[0];
    if (file) void this.openFile(file);
  }

  private async openFile(file: File): Promise<void> {
    const buffer = await file.arrayBuffer();
    this.dispatchEvent(intent('bundle-opened', { name: file.name, bytes: new Uint8Array(buffer) }));
  }

  private handleLastDay(event: Event): void {
    this.handLastDay = (event.target as HTMLInputElement).value;
  }

  private handleHandValue(event: Event): void {
    const input = event.target as HTMLInputElement;
    const row = Number(input.dataset.row);
    const col = Number(input.dataset.col);
    this.handValues = this.handValues.map((r, i) => (i === row ? r.map((v, j) => (j === col ? input.value : v)) : r));
  }

  private handleForecastRows(event: Event): void {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.handLastDay)) {
      this.handProblem = 'Choose the last day of the window.';
      return;
    }
    const dates = this.handDates();
    const rows: RawRow[] = [];
    for (const [i, row] of this.handValues.entries()) {
      const values: Record<string, number> = {};
      for (const [j, c] of this.formColumns.entries()) {
        const v = row[j].trim() === '' ? NaN : Number(row[j]);
        if (!Number.isFinite(v)) {
          this.handProblem = `Enter a number for ${c.name} on ${dates[i]}.`;
          return;
        }
        values[c.name] = v;
      }
      rows.push({ date: dates[i], values });
    }
    this.handProblem = '';
    this.forecastSource = 'hand';
    this.dispatchEvent(intent('forecast-requested', { rows }));
  }

  // ---- render ---------------------------------------------------------------------------------

  private u(value: number, digits = 2): string {
    return `${fixed(value, digits)} ${this.units}`;
  }

  private handDates(): string[] {
    const L = this.handValues.length;
    return this.handValues.map((_, k) => (this.handLastDay ? addDays(this.handLastDay, k - L + 1) : ''));
  }

  private renderRunPicker(): TemplateResult {
    return html`<div class="picker">
      ${runPicker(this.state)}
    </div>`;
  }

  private renderDownload(run: RunRecord): TemplateResult {
    const x = this.state.exporting;
    const params = run.description?.totalParams;
    const status =
      x.status === 'running' ? 'Exporting the model and checking it reloads…' : x.status === 'done' && x.fileName ? `Downloaded ${x.fileName}.` : '';
    return html`<section class="card" aria-labelledby="download-title">
      <h2 id="download-title">Download the model</h2>
      <div class="actions">
        <button type="button" data-testid="download" ?disabled=${x.status === 'running'} @click=${this.handleExport}>Download model (.zip)</button>
        <span aria-live="polite" data-testid="export-status">${status}</span>
      </div>
      ${x.status === 'error' && x.error ? html`<p class="error" role="alert">${x.error}</p>` : nothing}
      <h3>What the zip contains</h3>
      <dl class="files" data-testid="zip-contents">
        <dt>model.json</dt>
        <dd>The network's layers and shapes in TensorFlow.js layers format; load it with <code>tf.loadLayersModel</code>.</dd>
        <dt>weights.bin</dt>
        <dd>The trained weights${params ? ` (${params.toLocaleString('en')} parameters)` : ''}, float32, referenced by model.json.</dd>
        <dt>metadata.json</dt>
        <dd>Feature order and units, normalization statistics, window, target, training period, test metrics vs baselines, library versions.</dd>
        <dt>test-vectors.json</dt>
        <dd>Input windows with the forecasts this model must reproduce (within 0.001 ${this.units}): check your own preprocessing against them.</dd>
        <dt>README.md</dt>
        <dd>The model card below: data, metrics, how to predict, intended use and limitations.</dd>
        <dt>examples/</dt>
        <dd>forecast-browser.js and load-node.mjs: the two code snippets below.</dd>
      </dl>
    </section>`;
  }

  private renderModelCard(run: RunRecord, e: Evaluation): TemplateResult {
    const spec = run.dataSpec;
    const arch = run.architecture;
    const info = ARCHITECTURES[arch.kind];
    const target = spec.features.target;
    const inputs = [...spec.features.inputs, ...(spec.features.seasonal ? ['doy_sin', 'doy_cos'] : [])];
    const p = this.periods;
    const source = this.state.dataset.summary?.label === run.datasetLabel ? this.state.dataset.summary.sourceDescription : null;
    const testEnd = e.dates.at(-1) ?? '';
    const series = [
      { label: 'Model', m: e.model },
      { label: 'Persistence', m: e.baselines.persistence },
      { label: 'Climatology', m: e.baselines.climatology },
    ];
    return html`<section class="card" aria-labelledby="card-title">
      <h2 id="card-title">Model card (README.md)</h2>
      <div class="card-preview" data-testid="model-card">
        <h3>${target} forecast, ${run.datasetLabel}</h3>
        <p>
          A ${info.label} model${info.hasHiddenLayers ? ` (${arch.layers} layer${arch.layers === 1 ? '' : 's'} × ${arch.units} units, dropout ${arch.dropout})` : ''}
          that forecasts daily <strong>${target}</strong> (${e.units}) for the next ${e.horizonDays} day${e.horizonDays === 1 ? '' : 's'} from the previous
          ${spec.window.lookbackDays} days${run.description ? `; ${run.description.totalParams.toLocaleString('en')} parameters` : ''}. Trained with
          ${run.training.optimizer}, learning rate ${Number(run.training.learningRate.toPrecision(3))}, batch ${run.training.batchSize}, ${run.history.length} epochs${run.result ? ` (best epoch ${run.result.bestEpoch})` : ''}, seed
          ${run.training.seed}, ${run.backend} backend.
        </p>
        <h3>Data</h3>
        <ul>
          <li>${run.datasetLabel}${source ? html` · ${source}` : nothing}</li>
          ${p
            ? html`<li>Training ${p.train.start} to ${p.train.end} (${p.train.windows} windows); validation ${p.validation.start} to ${p.validation.end} (${p.validation.windows}); test ${p.test.start} to ${p.test.end} (${p.test.windows}).</li>`
            : html`<li>Test period ${e.dates[0]} to ${testEnd} (${e.model.count} windows).</li>`}
          <li>Inputs, in order: ${inputs.join(', ')}. Normalization statistics come from the training split only.</li>
          <li>The test period was never used for training or for choosing the model.</li>
        </ul>
        <h3>Test metrics (${e.units})</h3>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Test metrics">
          <table data-testid="card-metrics">
            <thead>
              <tr>
                <th scope="col">Forecast</th><th scope="col">MAE</th><th scope="col">RMSE</th>
                ${e.model.maePerHorizon.map((_, j) => html`<th scope="col">MAE day ${j + 1}</th>`)}
                <th scope="col">Model skill vs it</th>
              </tr>
            </thead>
            <tbody>
              ${series.map(
                (s, i) => html`<tr>
                  <th scope="row">${s.label}</th>
                  <td>${this.u(s.m.mae)}</td>
                  <td>${this.u(s.m.rmse)}</td>
                  ${s.m.maePerHorizon.map((v) => html`<td>${this.u(v)}</td>`)}
                  <td>${i === 0 ? '' : `${signed(i === 1 ? e.skill.persistence : e.skill.climatology, 1)} %`}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${e.intervals ? this.renderCardIntervals(e, e.intervals) : nothing}
        <h3>Intended use</h3>
        <ul>
          <li>Learning and experimentation: a single-station statistical forecast from a few years of daily data.</li>
          <li>Not for safety-relevant decisions; use an official weather service for those.</li>
        </ul>
        <h3>Limitations</h3>
        <ul>
          <li>It knows only the place and period it was trained on; expect larger errors elsewhere, in other climates, or under trends beyond ${testEnd}.</li>
          <li>Errors grow with the horizon; extreme days are rare in the training data and are under-predicted.</li>
          <li>Inputs must be in the units above, for ${spec.window.lookbackDays} consecutive days without gaps.</li>
        </ul>
      </div>
    </section>`;
  }

  /** The interval calibration of the card: share of test days inside the 80 % band, per horizon day. */
  private renderCardIntervals(e: Evaluation, band: EvaluatedIntervals): TemplateResult {
    const aim = `${COVERAGE_AIM.min * 100}–${COVERAGE_AIM.max * 100} %`;
    return html`<h3>Prediction interval</h3>
      <p>
        Besides the median it forecasts the 10th and 90th percentile (trained with the pinball loss): an 80 % band. On the test period
        it held ${fixed(band.coverage * 100, 1)} % of the actual values (aim ${aim}), ${fixed(band.meanWidth, 1)} ${e.units} wide on average.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Interval calibration">
        <table data-testid="card-intervals">
          <thead>
            <tr><th scope="col">Horizon</th><th scope="col">Inside the 80 % band</th><th scope="col">Mean width</th></tr>
          </thead>
          <tbody>
            ${band.coveragePerHorizon.map(
              (c, j) => html`<tr>
                <th scope="row">day ${j + 1}</th>
                <td>${fixed(c * 100, 1)} %</td>
                <td>${this.u(band.meanWidthPerHorizon[j])}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderSnippets(): TemplateResult {
    return html`<section class="card" aria-labelledby="code-title">
      <h2 id="code-title">Use it in code</h2>
      <p class="muted">The same files are in the zip's examples/ folder. No code from this project is needed: only TensorFlow.js and metadata.json.</p>
      ${(Object.keys(SNIPPETS) as SnippetId[]).map((id) => {
        const s = SNIPPETS[id];
        return html`<div class="snippet">
          <div class="snippet-head">
            <h3>${s.title} <span class="muted">(${s.file})</span></h3>
            <button type="button" class="secondary" data-testid="copy-${id}" aria-label="Copy the ${s.title.toLowerCase()} code" @click=${() => this.handleCopy(id)}>Copy</button>
          </div>
          <p class="muted" aria-live="polite" data-testid="copy-status-${id}">${this.copyStatus[id] ?? ''}</p>
          <pre tabindex="0" aria-label="${s.title} code"><code>${s.code}</code></pre>
        </div>`;
      })}
    </section>`;
  }

  private renderUseIt(): TemplateResult {
    const u = this.state.useIt;
    const status = u.status === 'running' ? `Checking ${u.fileName ?? 'the file'}…` : u.status === 'done' && u.fileName ? `Loaded ${u.fileName}.` : '';
    return html`<section class="card" aria-labelledby="use-title">
      <h2 id="use-title">Use it: load a model zip</h2>
      <p class="muted">
        What a software engineer does first: reload the zip, replay its test vectors, and forecast. Try it with the file you just
        downloaded, or with a zip someone sent you.
      </p>
      <div class="drop ${this.dragOver ? 'over' : ''}" data-testid="drop" @dragover=${this.handleDragOver} @dragleave=${this.handleDragLeave} @drop=${this.handleDrop}>
        <label for="bundle">Model bundle (.zip)</label>
        <input id="bundle" type="file" accept=".zip,application/zip" @change=${this.handleFileInput} />
        <span class="muted">or drop it here</span>
      </div>
      <p aria-live="polite" data-testid="use-status">${status}</p>
      ${u.error ? html`<p class="error" role="alert" data-testid="use-error">${u.error}</p>` : nothing}
      ${u.imported ? this.renderImported() : nothing}
    </section>`;
  }

  private renderImported(): TemplateResult {
    const { metadata: m, check, evaluation, evaluationProblem } = this.state.useIt.imported!;
    const units = m.target.units;
    const arch = m.architecture;
    const hidden = ARCHITECTURES[arch.kind]?.hasHiddenLayers ?? false;
    const dataLabel = this.state.dataset.summary?.label ?? 'the loaded dataset';
    return html`
      <h3>Test vectors</h3>
      <p data-testid="check">
        ${check.count} test vector${check.count === 1 ? '' : 's'} replayed; largest difference ${difference(check.maxAbsDiff)} ${units} (allowed ${check.tolerance} ${units}):
        ${check.passed ? html`<span class="ok">passed</span>` : html`<span class="error">failed</span>`}
      </p>
      <h3>The imported model</h3>
      <dl class="summary" data-testid="imported-summary">
        <dt>Target</dt>
        <dd>${m.target.name} (${units})</dd>
        <dt>Window</dt>
        <dd>${m.window.lookbackDays} days in → ${m.window.horizonDays} day${m.window.horizonDays === 1 ? '' : 's'} out</dd>
        <dt>Inputs</dt>
        <dd>${m.features.map((f) => f.name).join(', ')}</dd>
        <dt>Architecture</dt>
        <dd>${ARCHITECTURES[arch.kind]?.label ?? arch.kind}${hidden ? `, ${arch.layers} × ${arch.units} units` : ''} · ${m.parameters.toLocaleString('en')} parameters</dd>
        <dt>Trained on</dt>
        <dd>${m.dataset.name}, ${m.dataset.splits.train.start} to ${m.dataset.splits.train.end} (test ${m.dataset.splits.test.start} to ${m.dataset.splits.test.end})</dd>
        <dt>Test MAE (its data)</dt>
        <dd>${fixed(m.metrics.model.mae)} ${units} (persistence ${fixed(m.metrics.baselines.persistence.mae)} ${units})</dd>
        <dt>On ${dataLabel}</dt>
        <dd data-testid="imported-evaluation">
          ${evaluation
            ? `Test MAE ${fixed(evaluation.model.mae)} ${evaluation.units} (persistence ${fixed(evaluation.baselines.persistence.mae)} ${evaluation.units})`
            : (evaluationProblem ?? 'Not evaluated.')}
        </dd>
      </dl>
      ${this.renderKeep(evaluation !== null)} ${this.renderForecast()} ${this.renderHandForm()}
    `;
  }

  /** Adds the opened model to the runs, so that steps 4–6 can evaluate, fine-tune and export it. */
  private renderKeep(evaluable: boolean): TemplateResult {
    const u = this.state.useIt;
    if (u.kept) {
      return html`<p class="ok" data-testid="kept-status">
        Added to your runs as the selected model: see it in <a href="#/evaluation">Evaluation</a>, fine-tune it in
        <a href="#/fine-tuning">Fine-tuning</a>.
      </p>`;
    }
    return html`<div class="keep">
      <button type="button" data-testid="keep" ?disabled=${!evaluable} aria-describedby="keep-hint" @click=${this.handleKeep}>
        Add to my runs
      </button>
      <p id="keep-hint" class="muted">
        ${evaluable
          ? 'Reopens the model in the walkthrough: evaluate it on the current data in step 4 and fine-tune it further in step 5.'
          : 'To evaluate or fine-tune it, first load a dataset with its input columns in step 1.'}
      </p>
    </div>`;
  }

  private handleKeep(): void {
    this.dispatchEvent(intent('reopened-model-kept', {}));
  }

  private renderForecast(): TemplateResult | typeof nothing {
    const f = this.state.useIt.forecast;
    if (!f) return nothing;
    const days = this.state.useIt.imported?.metadata.window.lookbackDays ?? f.dates.length;
    const from =
      this.forecastSource === 'hand'
        ? `from the ${days} days you entered (${f.fromRows.start} to ${f.fromRows.end})`
        : `from the last ${days} days of ${this.state.dataset.summary?.label ?? 'the loaded dataset'} (${f.fromRows.start} to ${f.fromRows.end})`;
    return html`<h3>Forecast</h3>
      <p class="muted" data-testid="forecast-from">${from}</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Forecast">
        <table class="forecast-values" data-testid="forecast">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Forecast${f.lower ? ' (median)' : ''}</th>
              ${f.lower ? html`<th scope="col">80 % band</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${f.dates.map(
              (d, i) =>
                html`<tr>
                  <td>${d}</td>
                  <td>${fixed(f.values[i], 1)} ${f.units}</td>
                  ${f.lower && f.upper ? html`<td>${fixed(f.lower[i], 1)} to ${fixed(f.upper[i], 1)} ${f.units}</td>` : nothing}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderHandForm(): TemplateResult | typeof nothing {
    if (this.formColumns.length === 0 || this.handValues.length === 0) return nothing;
    const dates = this.handDates();
    return html`<form class="hand" @submit=${this.handleForecastRows}>
      <h3>Forecast from values you enter</h3>
      <p class="muted">
        ${this.handValues.length} consecutive days, oldest first${this.state.dataset.summary ? ', prefilled with the last days of the loaded dataset' : ''}. Day-of-year
        features are computed from the dates.
      </p>
      <div class="controls">
        <div class="field">
          <label for="last-day">Last day</label>
          <input id="last-day" type="date" .value=${this.handLastDay} @change=${this.handleLastDay} />
        </div>
      </div>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Values by day">
        <table>
          <thead>
            <tr><th scope="col">Date</th>${this.formColumns.map((c) => html`<th scope="col">${c.name}${c.units ? ` (${c.units})` : ''}</th>`)}</tr>
          </thead>
          <tbody>
            ${this.handValues.map(
              (row, i) => html`<tr>
                <th scope="row">${dates[i]}</th>
                ${row.map(
                  (v, j) => html`<td>
                    <input
                      type="number"
                      step="any"
                      data-row=${i}
                      data-col=${j}
                      aria-label="${this.formColumns[j].name} on ${dates[i]}${this.formColumns[j].units ? ` (${this.formColumns[j].units})` : ''}"
                      .value=${v}
                      @input=${this.handleHandValue}
                    />
                  </td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.handProblem ? html`<p class="error" role="alert" data-testid="hand-problem">${this.handProblem}</p>` : nothing}
      <div class="actions"><button type="submit" data-testid="forecast-rows">Forecast from these values</button></div>
    </form>`;
  }

  override render(): TemplateResult {
    const run = this.run;
    return html`<h1>Step 6 · Export</h1>
      <p class="lead">
        A model is only useful once someone else can run it. An ML engineer hands over the weights together with everything needed
        to feed them correctly — feature order, units, normalization, window — plus test vectors that prove a reload predicts
        exactly the same, and a model card that says what the model is good for and what it is not.
      </p>
      ${modelRuns(this.state).length > 0 ? this.renderRunPicker() : nothing}
      ${run?.evaluation
        ? html`${this.renderDownload(run)} ${this.renderModelCard(run, run.evaluation)} ${this.renderSnippets()}`
        : html`<p class="card">Train a model in step 3 to export it here, or reopen a model zip you downloaded before, below.</p>`}
      ${this.renderUseIt()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'export-step': ExportStep;
  }
}
