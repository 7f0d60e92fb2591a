/**
 * `<download-panel>` (export): download the selected run as a zip, what the zip holds, and its
 * model card (README.md) as the receiver will read it.
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { epochsRunOf, INITIAL_STATE, lineageOf, type RunRecord, type WorkflowState } from '../../app/state.ts';
import { formatSetting } from '../../ml/settings/table.ts';
import { featureOrder } from '../../ml/data/features.ts';
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import { COVERAGE_AIM } from '../../ml/evaluation/intervals.ts';
import type { EvaluatedIntervals, Evaluation } from '../../ml/evaluation/metrics.ts';
import { fixed, skill, withUnits } from '../../ml/format.ts';
import { ONNX_OPSET, ONNX_RUNTIME_VERIFIED } from '../../ml/version.ts';
import { exportPanelStyles } from './export-panel.ts';

interface Period {
  readonly start: string;
  readonly end: string;
  readonly windows: number;
}

@customElement('download-panel')
export class DownloadPanel extends LitElement {
  static override styles = exportPanelStyles;

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;
  /** The selected run; it has a test evaluation. */
  @property({ attribute: false }) run: RunRecord | null = null;

  /** Derived in `willUpdate`: periods of the run's data, when the loaded dataset is the one it was trained on. */
  private _periods: { train: Period; validation: Period; test: Period } | null = null;
  private _units = '°C';

  protected override willUpdate(): void {
    const s = this.state;
    const run = this.run;
    this._units = run?.evaluation?.units ?? '°C';
    const prepared = s.prepared.summary;
    this._periods =
      run && prepared && s.dataset.summary?.label === run.datasetLabel && JSON.stringify(prepared.spec) === JSON.stringify(run.dataSpec) ? prepared.periods : null;
  }

  private handleExport(): void {
    this.dispatchEvent(intent('export-requested', {}));
  }

  private u(value: number, digits = 2): string {
    return withUnits(value, this._units, digits);
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
        <dt>model.onnx</dt>
        <dd>
          The model as an ONNX graph (opset ${ONNX_OPSET}; input <code>window</code>, output <code>forecast</code>) for ONNX Runtime: Python, Java, C++, C#,
          Node and the browser. Verified with ONNX Runtime ${ONNX_RUNTIME_VERIFIED} to reproduce the test vectors.
        </dd>
        <dt>model.json + weights.bin</dt>
        <dd>
          The same model in TensorFlow.js layers format${params ? ` (${params.toLocaleString('en')} parameters, float32)` : ''}; load it with
          <code>tf.loadLayersModel</code> in the browser or Node.
        </dd>
        <dt>metadata.json</dt>
        <dd>Feature order and units, normalization statistics, window, target, training period, test metrics vs baselines, library versions.</dd>
        <dt>test-vectors.json</dt>
        <dd>Input windows with the forecasts this model must reproduce (within 0.001 ${this._units}): check your own preprocessing against them.</dd>
        <dt>metadata.schema.json, test-vectors.schema.json</dt>
        <dd>JSON Schemas of the two files above: validate them, or generate types from them, in your language.</dd>
        <dt>manifest.json</dt>
        <dd>The SHA-256 of every file; a changed file is refused when the zip is opened again.</dd>
        <dt>README.md</dt>
        <dd>The model card below: data, metrics, how to predict, intended use and limitations.</dd>
        <dt>examples/</dt>
        <dd>Code that forecasts and checks itself against the test vectors: the snippets below, and Python, Java and C++ with this model's recipe.</dd>
      </dl>
      <h3>Which runtime where</h3>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Which runtime to use where">
      <table data-testid="runtimes">
        <thead>
          <tr><th scope="col" class="text">where</th><th scope="col" class="text">runtime</th><th scope="col" class="text">files</th><th scope="col" class="text">example</th></tr>
        </thead>
        <tbody>
          <tr><td class="text">Browser</td><td class="text">TensorFlow.js, or onnxruntime-web</td><td class="text">model.json + weights.bin, or model.onnx</td><td class="text">forecast-browser.js</td></tr>
          <tr><td class="text">Node.js</td><td class="text">onnxruntime-node, or TensorFlow.js</td><td class="text">model.onnx, or model.json + weights.bin</td><td class="text">forecast-onnx-node.mjs, load-node.mjs</td></tr>
          <tr><td class="text">Python</td><td class="text">onnxruntime + numpy</td><td class="text">model.onnx</td><td class="text">forecast_onnx.py</td></tr>
          <tr><td class="text">JVM (Java, Kotlin)</td><td class="text">ONNX Runtime Java API</td><td class="text">model.onnx</td><td class="text">ForecastOnnx.java</td></tr>
          <tr><td class="text">Native (C, C++)</td><td class="text">ONNX Runtime C/C++ API</td><td class="text">model.onnx</td><td class="text">forecast_onnx.cpp</td></tr>
        </tbody>
      </table>
      </div>
      </dl>
    </section>`;
  }

  private renderModelCard(run: RunRecord, e: Evaluation): TemplateResult {
    const spec = run.dataSpec;
    const arch = run.architecture;
    const info = ARCHITECTURES[arch.kind];
    const target = spec.features.target;
    // The model's own input order (as in metadata.json), which a software engineer copies.
    const inputs = featureOrder(spec.features);
    const p = this._periods;
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
          ${run.training.optimizer}, learning rate ${formatSetting('learningRate', run.training.learningRate)}, batch ${run.training.batchSize}, ${epochsRunOf(run)} epochs${run.result && run.result.bestEpoch > 0 ? ` (best epoch ${run.result.bestEpoch})` : ''},
          ${run.members?.length ? `the mean of ${run.members.length} seeds (${run.members.map((m) => m.seed).join(', ')})` : `seed ${run.training.seed}`}, ${run.backend} backend.
        </p>
        ${lineageOf(run).length > 1 ? html`<p data-testid="lineage">Lineage: ${lineageOf(run).join(' → ')}.</p>` : nothing}
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
                  <td>${i === 0 ? '' : `${skill(i === 1 ? e.skill.persistence : e.skill.climatology)}`}</td>
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

  override render(): TemplateResult | typeof nothing {
    const run = this.run;
    if (!run?.evaluation) return nothing;
    return html`${this.renderDownload(run)} ${this.renderModelCard(run, run.evaluation)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'download-panel': DownloadPanel;
  }
}
