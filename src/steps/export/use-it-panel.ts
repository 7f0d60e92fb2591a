/**
 * `<use-it-panel>` (export): what a software engineer does first — reload a model zip, replay its
 * test vectors, see what it is, forecast with it, and add it to the runs.
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import '../../ui/file-drop/file-drop.ts';
import type { FileChosenEvent } from '../../ui/file-drop/file-drop.ts';
import { difference, fixed } from '../../ml/format.ts';
import { exportPanelStyles } from './export-panel.ts';
import './hand-entry-form.ts';

@customElement('use-it-panel')
export class UseItPanel extends LitElement {
  static override styles = exportPanelStyles;

  /** Where the shown forecast's input came from. */
  @state() private _forecastSource: 'dataset' | 'hand' = 'dataset';

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** The opened model the forecast source belongs to. */
  private _modelId: string | null = null;

  protected override willUpdate(): void {
    if (this.state.useIt.modelId !== this._modelId) {
      this._modelId = this.state.useIt.modelId;
      this._forecastSource = 'dataset';
    }
  }

  private async handleFileChosen(event: FileChosenEvent): Promise<void> {
    const file = event.file;
    const buffer = await file.arrayBuffer();
    this.dispatchEvent(intent('bundle-opened', { name: file.name, bytes: new Uint8Array(buffer) }));
  }

  private handleHandForecast(): void {
    this._forecastSource = 'hand';
  }

  private handleOnnxCheck(): void {
    this.dispatchEvent(intent('onnx-check-requested', {}));
  }

  private handleKeep(): void {
    this.dispatchEvent(intent('reopened-model-kept', {}));
  }

  private renderImported(): TemplateResult {
    const { metadata: m, check, manifest, evaluation, evaluationProblem } = this.state.useIt.imported!;
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
      <p data-testid="manifest-check">
        ${manifest?.present
          ? `Checksums: all ${manifest.checked} files match manifest.json (SHA-256).`
          : 'No manifest.json (exported before checksums existed): checked by its test vectors only.'}
      </p>
      ${this.renderOnnx()}
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
      ${this.renderKeep(evaluation !== null)} ${this.renderForecast()} <hand-entry-form .state=${this.state} @forecast-requested=${this.handleHandForecast}></hand-entry-form>
    `;
  }

  /** model.onnx run in the page with onnxruntime-web, on request (the runtime loads only then). */
  private renderOnnx(): TemplateResult {
    const o = this.state.useIt.onnx;
    const units = this.state.useIt.imported?.metadata.target.units ?? '';
    if (!o.available) {
      return html`<h3>ONNX Runtime</h3>
        <p class="muted" data-testid="onnx-check">This zip has no model.onnx (exported before it existed): export the model again to get one.</p>`;
    }
    const c = o.check;
    return html`<h3>ONNX Runtime</h3>
      <p class="muted">The zip's model.onnx is what Python, Java, C++ and other ONNX Runtime users run. Check it here with onnxruntime-web (≈ 14 MB, loaded once).</p>
      <div class="actions">
        <button type="button" class="secondary" data-testid="onnx-run" ?disabled=${o.status === 'running'} @click=${this.handleOnnxCheck}>Check model.onnx with ONNX Runtime</button>
      </div>
      <p aria-live="polite" data-testid="onnx-check">
        ${o.status === 'running' ? 'Loading ONNX Runtime and replaying the test vectors…' : nothing}
        ${o.status === 'done' && c
          ? html`model.onnx with ${o.runtime}: ${c.count} test vector${c.count === 1 ? '' : 's'} replayed; largest difference ${difference(c.maxAbsDiff)} ${units}
              (allowed ${c.tolerance} ${units}): ${c.passed ? html`<span class="ok">passed</span>` : html`<span class="error">failed</span>`}`
          : nothing}
      </p>
      ${o.status === 'error' && o.error ? html`<p class="error" role="alert" data-testid="onnx-error">${o.error}</p>` : nothing}`;
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

  private renderForecast(): TemplateResult | typeof nothing {
    const f = this.state.useIt.forecast;
    if (!f) return nothing;
    const days = this.state.useIt.imported?.metadata.window.lookbackDays ?? f.dates.length;
    const from =
      this._forecastSource === 'hand'
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

  override render(): TemplateResult {
    const u = this.state.useIt;
    const status = u.status === 'running' ? `Checking ${u.fileName ?? 'the file'}…` : u.status === 'done' && u.fileName ? `Loaded ${u.fileName}.` : '';
    return html`<section class="card" aria-labelledby="use-title">
      <h2 id="use-title">Use it: load a model zip</h2>
      <p class="muted">
        What a software engineer does first: reload the zip, replay its test vectors, and forecast. Try it with the file you just
        downloaded, or with a zip someone sent you.
      </p>
      <file-drop
        data-testid="drop"
        input-id="bundle"
        label="Model bundle (.zip)"
        note="or drop it here"
        accept=".zip,application/zip"
        @file-chosen=${this.handleFileChosen}
      ></file-drop>
      <p aria-live="polite" data-testid="use-status">${status}</p>
      ${u.error ? html`<p class="error" role="alert" data-testid="use-error">${u.error}</p>` : nothing}
      ${u.imported ? this.renderImported() : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'use-it-panel': UseItPanel;
  }
}
