/**
 * `<training-step>` (step 3): set the hyperparameters and the TensorFlow.js backend, train, watch the
 * training and validation error live, stop at any time, and compare finished runs.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { intent } from '../../app/events.ts';
import { epochsRunOf, INITIAL_STATE, isStepOpen, MAX_LIVE_MODELS, modelRuns, selectedRun, type RunRecord, type WorkflowState } from '../../app/state.ts';
import type { BackendName } from '../../ml/backend.ts';
import type { OptimizerName, TrainingConfig } from '../../ml/training/config.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { settingField } from '../shared/setting-field.ts';
import '../../ui/chart-view/chart-view.ts';
import type { ChartTable } from '../../ui/chart-view/chart-view.ts';
import '../../ui/error-banner/error-banner.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import { stepPage, stepStyles } from '../shared/step-page.ts';
import { adviceFor, chartConfig, chartSummary, needsLogScale, type NumericField } from './training-format.ts';
import { count, fixed, withUnits } from '../../ml/format.ts';
import { trainingStepStyles } from './training-step.styles.ts';
import { busyElsewhere } from '../../app/busy.ts';
import { diagnose } from '../../app/diagnosis.ts';
import { findingsStyles, renderFindings } from '../shared/findings.ts';

/** Runs ranked by their best validation MAE, best first (runs without one last, newest first among them). */
function byValidation(runs: readonly RunRecord[]): RunRecord[] {
  const val = (r: RunRecord) => (r.result && Number.isFinite(r.result.bestValMae) ? r.result.bestValMae : Number.POSITIVE_INFINITY);
  return [...runs].reverse().sort((a, b) => val(a) - val(b));
}

@customElement('training-step')
export class TrainingStep extends LitElement {
  static override styles = [...stepStyles, findingsStyles, trainingStepStyles];

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  /** The hyperparameters as typed; `NaN` for a field that is currently invalid. */
  @state() private _draft: TrainingConfig = INITIAL_STATE.settings.training;

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`. */
  private _syncedFrom?: TrainingConfig;
  private _valid = true;
  private _running = false;
  /** A step-5 job that uses the worker now, or null. */
  private _busyElsewhere: string | null = null;
  private _units = '';
  /** The learner's choice of a log axis; `null` = automatic. */
  @state() private _logScale: boolean | null = null;
  private _logAuto = false;
  private _epochsShown = 0;
  private _chartConfig?: ChartConfiguration;
  private _chartTable?: ChartTable;
  private _chartSummary = '';
  private _chartInputs: readonly unknown[] = [];

  protected override willUpdate(): void {
    const s = this.state;
    // A new config from the store replaces the draft; otherwise keep what the user is typing.
    if (s.settings.training !== this._syncedFrom) {
      this._syncedFrom = s.settings.training;
      this._draft = s.settings.training;
    }
    const d = this._draft;
    this._valid = [d.epochs, d.batchSize, d.learningRate, d.patience, d.seed].every(Number.isFinite);
    this._running = s.training.status === 'running';
    this._busyElsewhere = busyElsewhere(s);
    this._units = s.prepared.summary?.targetUnits ?? selectedRun(s)?.evaluation?.units ?? '';
    // While a job runs, its live curve; otherwise the selected run's own curve and epoch budget.
    const shown = this._running ? null : selectedRun(s);
    const history = shown ? shown.history : s.training.liveHistory;
    this._epochsShown = s.training.progress?.epochs ?? (shown ? shown.training.epochs : Math.max(history.length, this._running ? 0 : s.settings.training.epochs));
    // A log axis when the curves span more than 100× (a diverging run), unless the learner chose.
    this._logAuto = needsLogScale(history);
    const log = this._logScale ?? this._logAuto;
    const inputs = [history, this._epochsShown, this._units, log];
    if (inputs.some((v, i) => v !== this._chartInputs[i])) {
      this._chartInputs = inputs;
      this._chartConfig = chartConfig(history, this._epochsShown, this._units, log);
      this._chartSummary = chartSummary(history, this._units);
      this._chartTable = {
        columns: ['Epoch', `Training MAE (${this._units})`, `Validation MAE (${this._units})`],
        rows: history.map((h) => [h.epoch, h.trainMae, h.valMae]),
      };
    }
  }

  // ---- handlers ------------------------------------------------------------------------------

  private handleLogScale(event: Event): void {
    this._logScale = (event.target as HTMLInputElement).checked;
  }

  private handleNumber(event: NumberChangeEvent): void {
    const field = (event.currentTarget as HTMLElement).dataset.field as NumericField;
    this._draft = { ...this._draft, [field]: event.valid ? event.value : NaN };
    this.commitDraft();
  }

  private handleOptimizer(event: Event): void {
    const optimizer = (event.currentTarget as HTMLSelectElement).value as OptimizerName;
    this._draft = { ...this._draft, optimizer };
    this.commitDraft();
  }

  private handleIntervals(event: Event): void {
    const intervals = (event.currentTarget as HTMLInputElement).checked;
    this._draft = { ...this._draft, intervals };
    this.commitDraft();
  }

  private handleBackend(event: Event): void {
    const backend = (event.currentTarget as HTMLSelectElement).value as BackendName;
    this.dispatchEvent(intent('backend-changed', { backend }));
  }

  private handleStart(): void {
    this.dispatchEvent(intent('train-requested', {}));
  }

  private handleStop(): void {
    this.dispatchEvent(intent('stop-requested', {}));
  }

  private handleRunSelected(event: Event): void {
    const runId = (event.currentTarget as HTMLInputElement).value;
    this.dispatchEvent(intent('run-selected', { runId }));
  }

  /** Sends the config to the store only when every field is valid. */
  private commitDraft(): void {
    const d = this._draft;
    if (![d.epochs, d.batchSize, d.learningRate, d.patience, d.seed].every(Number.isFinite)) return;
    this.dispatchEvent(intent('training-config-changed', { training: { ...d } }));
  }

  // ---- render --------------------------------------------------------------------------------

  private renderSettings(): TemplateResult {
    const d = this._draft;
    const running = this._running;
    const field = (name: NumericField, hint?: string) => settingField(name, d[name], { onChange: this.handleNumber, disabled: running, hint });
    const { optimizer, backend, intervals } = SETTINGS;
    return html`<section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title">Hyperparameters</h2>
      <div class="form">
        ${field('epochs')} ${field('batchSize')}
        <div class="field">
          <label for="optimizer">${optimizer.label}</label>
          <select id="optimizer" ?disabled=${running} @change=${this.handleOptimizer}>
            ${optimizer.options.map((o) => html`<option .value=${o} ?selected=${o === d.optimizer}>${optimizer.optionLabels[o]}</option>`)}
          </select>
          <p class="hint">${optimizer.help}</p>
        </div>
        ${field('learningRate', optimizer.optionHelp[d.optimizer])} ${field('patience')} ${field('seed')}
        <div class="field">
          <label class="check" for="intervals">
            <input type="checkbox" id="intervals" aria-describedby="intervals-hint" .checked=${d.intervals ?? false} ?disabled=${running} @change=${this.handleIntervals} />
            ${intervals.label}
          </label>
          <p class="hint" id="intervals-hint">${intervals.help}</p>
        </div>
        <div class="field">
          <label for="backend">${backend.label}</label>
          <select id="backend" ?disabled=${running} @change=${this.handleBackend}>
            ${backend.options.map((b) => html`<option .value=${b} ?selected=${b === this.state.settings.backend}>${backend.optionLabels[b]}</option>`)}
          </select>
          <p class="hint" aria-live="polite">
            ${backend.help} In use: <strong>${this.state.backendInUse ?? 'starting…'}</strong>${this.state.backendFellBack ? ` (${this.state.settings.backend} is not available in this browser)` : ''}
          </p>
        </div>
      </div>
    </section>`;
  }

  /** Start, Stop and the status line: at the top of the live card, so they share the screen with the curve. */
  private renderControls(): TemplateResult {
    const running = this._running;
    return html`<div class="controls">
      <button type="button" class="primary" ?disabled=${!this._valid || running || this._busyElsewhere !== null} @click=${this.handleStart}>Start training</button>
      <button type="button" class="secondary" ?disabled=${!running} @click=${this.handleStop}>Stop</button>
      <p class="status muted" aria-live="polite">${this.statusText()}</p>
    </div>`;
  }

  private statusText(): string {
    if (!this._valid) return 'Fix the highlighted fields to start.';
    const t = this.state.training;
    if (t.status !== 'running' && this._busyElsewhere) return `Start waits for ${this._busyElsewhere} to finish or be stopped.`;
    switch (t.status) {
      case 'running':
        return t.kind === 'continue' ? 'Continuing training…' : 'Training…';
      case 'done':
        return 'Training finished.';
      case 'cancelled':
        return 'Stopped; the best weights so far are kept.';
      case 'error':
        return 'Training failed.';
      default:
        return '';
    }
  }

  private renderProgress(): TemplateResult {
    const p = this.state.training.progress;
    let value = 0;
    let detail = this.state.runs.length > 0 ? 'Not running.' : 'Not started yet.';
    if (p) {
      const partial = p.batchesPerEpoch > 0 && p.batch < p.batchesPerEpoch ? p.batch / p.batchesPerEpoch : 0;
      value = p.epochs > 0 ? Math.min(1, (p.epoch + partial) / p.epochs) : 0;
      detail = [
        `Epoch ${Math.min(p.epoch + 1, p.epochs)}/${p.epochs}`,
        p.batchesPerEpoch > 0 ? `batch ${p.batch}/${p.batchesPerEpoch}` : '',
        p.etaSeconds !== null ? `ETA ${count(Math.ceil(p.etaSeconds))} s` : 'ETA …',
        p.samplesPerSecond > 0 ? `${count(p.samplesPerSecond)} samples/s` : '',
      ]
        .filter(Boolean)
        .join(' · ');
    } else if (selectedRun(this.state)?.result) {
      // The selected run's own numbers: its epochs as run and as set when it was trained.
      const run = selectedRun(this.state)!;
      const n = epochsRunOf(run);
      const planned = Math.max(run.training.epochs, n);
      const cancelled = run.result!.cancelled;
      value = cancelled ? n / Math.max(planned, 1) : 1;
      detail =
        run.kind === 'import'
          ? `Reopened from a zip: trained for ${n} epochs${run.epochsWithoutHistory !== undefined ? ' (its curves were not recorded in that bundle)' : ''}.`
          : cancelled
            ? `Stopped: ${n} of ${planned} epochs.`
            : run.result!.stoppedEarly
              ? `Finished: ${n} of ${planned} epochs (stopped early).`
              : `Finished: ${n} of ${planned} epochs.`;
    }
    return html`<progress-meter label="Training progress" .value=${value} .detail=${detail}></progress-meter>`;
  }

  private renderLive(): TemplateResult {
    const units = this._units;
    return html`<section class="card live" aria-labelledby="live-title">
      <h2 id="live-title">Error per epoch</h2>
      ${this.renderControls()} ${this.renderProgress()}
      <chart-view label="Training and validation mean absolute error per epoch" .summary=${this._chartSummary} .config=${this._chartConfig} .table=${this._chartTable} height="260"></chart-view>
      <label class="check log-scale">
        <input type="checkbox" data-testid="log-scale" .checked=${this._logScale ?? this._logAuto} @change=${this.handleLogScale} />
        Log scale${this._logScale === null && this._logAuto ? ' (on by itself: the errors span more than 100×)' : ''}
      </label>
      <p class="muted">
        Both curves should fall. When the validation error${units ? ` (in ${units})` : ''} stops falling while the training error keeps going down, the model is
        starting to memorize the training years: that is where early stopping ends the run.
      </p>
      ${(this._running ? this.state.settings.training : (selectedRun(this.state)?.training ?? this.state.settings.training)).intervals
        ? html`<p class="muted" data-testid="median-note">
            With prediction intervals the curves show the error of the median (50th percentile); training minimizes the pinball loss of all
            three percentiles; the best epoch and early stopping follow the median's validation MAE, as for every model.
          </p>`
        : nothing}
    </section>`;
  }

  private renderResults(): TemplateResult {
    const t = this.state.training;
    const run = selectedRun(this.state) ?? modelRuns(this.state).at(-1) ?? null;
    const result = run?.result ?? null;
    const units = run?.evaluation?.units ?? this._units;
    return html`<section class="card" aria-labelledby="results-title">
      <h2 id="results-title">Result</h2>
      <error-banner .message=${t.error ?? ''} .hint=${t.error ? adviceFor(t.error, this.state.settings.training.learningRate) : ''}></error-banner>
      <div class="results" aria-live="polite">
        ${run && result
          ? html`<p class="caption">
                ${this._running ? 'Previous run: ' : ''}${run.label}${run.datasetLabel ? html` <span class="muted">· ${run.datasetLabel}</span>` : nothing}
              </p>
              <dl class="results-list ${this._running ? 'pending' : ''}">
                <div><dt>Best validation MAE</dt><dd>${Number.isFinite(result.bestValMae) ? withUnits(result.bestValMae, units) : 'not recorded in this bundle'}</dd></div>
                <div><dt>Best epoch</dt><dd>${result.bestEpoch > 0 ? `${result.bestEpoch} of ${epochsRunOf(run)}` : 'not recorded in this bundle'}</dd></div>
                <div><dt>Stopped early</dt><dd>${result.cancelled ? 'Stopped by you' : result.stoppedEarly ? 'Yes' : 'No'}</dd></div>
                <div><dt>Time per epoch</dt><dd>${count(result.msPerEpoch)} ms</dd></div>
              </dl>
              <div class=${this._running ? 'pending' : ''}>${renderFindings(diagnose(this.state.runs, run))}</div>`
          : html`<p class="muted">${this._running ? 'The result appears here when training ends.' : html`No model trained yet. Press <strong>Start training</strong>.`}</p>`}
        ${this.renderMemory()}
      </div>
    </section>`;
  }

  private renderMemory(): TemplateResult | typeof nothing {
    const m = this.state.workerMemory;
    if (!m) return nothing;
    const saved = modelRuns(this.state).length;
    return html`<p class="muted" data-testid="worker-memory">
      Worker memory: ${count(m.numTensors)} tensors (${fixed(m.numBytes / 1e6)} MB) for the ${m.models} model${m.models === 1 ? '' : 's'} loaded in the worker
      (at most ${MAX_LIVE_MODELS})${saved > m.models ? `; the other runs' models stay saved in this browser and load when you select one` : ''}.
    </p>`;
  }

  private renderRuns(): TemplateResult | typeof nothing {
    const runs = modelRuns(this.state);
    if (runs.length === 0) return nothing;
    return html`<section class="card">
      <fieldset>
        <legend><h2>Runs</h2></legend>
        <p class="muted">
          Ranked by validation MAE, the number to choose by. The selected run is the one you evaluate, fine-tune and export next; its test MAE is on the
          Evaluation step.
        </p>
        <div class="runs">${byValidation(runs).map((run) => this.renderRun(run))}</div>
      </fieldset>
    </section>`;
  }

  private renderRun(run: RunRecord): TemplateResult {
    const units = run.evaluation?.units ?? this._units;
    const val = run.result && Number.isFinite(run.result.bestValMae) ? withUnits(run.result.bestValMae, units) : '—';
    return html`<label class="run">
      <input type="radio" name="run" .value=${run.id} .checked=${run.id === this.state.selectedRunId} ?disabled=${this._running} @change=${this.handleRunSelected} />
      <span class="text">
        <strong>${run.label}</strong>
        <span class="metrics">${run.datasetLabel} · validation MAE ${val} · ${epochsRunOf(run)} epochs</span>
      </span>
    </label>`;
  }

  override render(): TemplateResult {
    return stepPage({
      title: 'Step 3 · Training',
      lead: html`An ML engineer chooses how the model learns (optimizer, learning rate, batch size, when to stop) and watches the learning curves: they
        show at once whether the model learns, stalls or starts to overfit. Training runs in a background worker, so you can stop it at any time.`,
      body: html`<div class="workbench">${this.renderSettings()} ${this.renderLive()}</div>
        ${this.renderResults()} ${this.renderRuns()}`,
      next: { step: 'evaluation', label: 'Next: Evaluation', disabled: !isStepOpen(this.state, 'evaluation') || this._running },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'training-step': TrainingStep;
  }
}
