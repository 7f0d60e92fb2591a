import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { intent } from '../../app/events.ts';
import { isStepOpen, modelRuns, selectedRun, type RunRecord, type WorkflowState } from '../../app/state.ts';
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import { SHIPPED_DATASETS, type ShippedDatasetId } from '../../ml/datasets.ts';
import type { Evaluation } from '../../ml/evaluation/metrics.ts';
import type { SearchSpace, TransferResult, TrialResult } from '../../ml/fine-tuning/fine-tuning.ts';
import type { LayerSummary } from '../../ml/architectures/specs.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import { theme } from '../../ui/theme.ts';
import { describeParams, fixed, rate, signed } from '../shared/format.ts';
import { runPicker } from '../shared/run-picker.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { reportStepStyles } from '../shared/step.styles.ts';
import { fineTuningStepStyles } from './fine-tuning-step.styles.ts';

/** Learning-rate factors offered for continued training. */
const LR_FACTORS = [0.5, 0.3, 0.1, 0.03] as const;
/** Largest search the UI starts: keeps a search within minutes in the browser. */
export const MAX_TRIALS = 48;
const FRACTIONS = [0.05, 0.1, 0.25, 0.5, 1] as const;

type SearchKey = keyof SearchSpace;

interface SearchOption {
  readonly key: SearchKey;
  readonly label: string;
  readonly values: readonly number[];
  /** Only meaningful for architectures with hidden layers. */
  readonly hidden: boolean;
}

const SEARCH_OPTIONS: readonly SearchOption[] = [
  { key: 'learningRate', label: 'Learning rate', values: [0.0003, 0.001, 0.003, 0.01], hidden: false },
  { key: 'units', label: 'Units per layer', values: [8, 16, 32, 64], hidden: true },
  { key: 'layers', label: 'Layers', values: [1, 2], hidden: true },
  { key: 'dropout', label: 'Dropout', values: [0, 0.2], hidden: true },
  { key: 'batchSize', label: 'Batch size', values: [16, 32, 64], hidden: false },
];

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

function axis(title: string) {
  return { title: { display: true, text: title } };
}

/**
 * Step 5: improves the selected run three ways — continue training at a lower learning rate,
 * search hyperparameters (ranked on validation), and transfer to the other city — always
 * reporting before/after test error in °C.
 */
@customElement('fine-tuning-step')
export class FineTuningStep extends LitElement {
  static override styles = [theme, reportStepStyles, fineTuningStepStyles];

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  @state() private lrFactor = 0.1;
  @state() private continueEpochs = 10;
  @state() private searchPicks: Record<SearchKey, number[]> = { learningRate: [0.001, 0.003, 0.01], units: [16, 32], layers: [], dropout: [], batchSize: [] };
  @state() private searchMode: 'grid' | 'random' = 'grid';
  @state() private searchTrials = 6;
  @state() private searchEpochs = 5;
  @state() private transferTarget: ShippedDatasetId | null = null;
  @state() private transferFraction = 0.1;
  @state() private transferFreeze: string[] = [];
  @state() private transferEpochs = 10;
  /** The last transfer started from here, to word its result. */

  @property({ attribute: false }) state!: WorkflowState;

  private run: RunRecord | null = null;
  private parent: RunRecord | null = null;
  private units = '°C';
  private busy = false;
  private hiddenLayers = true;
  /** Search space restricted to what applies to the current architecture. */
  private space: SearchSpace = {};
  private trialCount = 0;
  private searchProblem = '';
  private targets: ShippedDatasetId[] = [];
  private freezable: LayerSummary[] = [];

  protected override willUpdate(): void {
    if (!this.state) return;
    const s = this.state;
    this.run = selectedRun(s);
    this.parent = this.run?.parentId ? (s.runs.find((r) => r.id === this.run!.parentId) ?? null) : null;
    this.units = this.run?.evaluation?.units ?? s.prepared.summary?.targetUnits ?? '°C';
    this.busy = s.training.status === 'running' || s.search.status === 'running' || s.transfer.status === 'running';

    this.hiddenLayers = ARCHITECTURES[s.settings.architecture.kind].hasHiddenLayers;
    const space: Record<string, number[]> = {};
    for (const o of SEARCH_OPTIONS) {
      if ((this.hiddenLayers || !o.hidden) && this.searchPicks[o.key].length > 0) space[o.key] = [...this.searchPicks[o.key]].sort((a, b) => a - b);
    }
    this.space = space;
    const combinations = Object.values(space).reduce((n, values) => n * values.length, 1);
    const keys = Object.keys(space).length;
    this.trialCount = keys === 0 ? 0 : this.searchMode === 'grid' ? combinations : Math.min(this.searchTrials, combinations);
    this.searchProblem =
      keys === 0
        ? 'Tick at least one value to search.'
        : this.searchMode === 'random' && !(Number.isInteger(this.searchTrials) && this.searchTrials >= 1)
          ? 'Enter a number of trials from 1 to 48.'
          : this.trialCount > MAX_TRIALS
            ? `That is ${this.trialCount} trials; the limit is ${MAX_TRIALS} so that a search finishes in minutes. Untick some values or use random search.`
            : !(Number.isInteger(this.searchEpochs) && this.searchEpochs >= 1)
              ? 'Enter epochs per trial from 1 to 100.'
              : '';

    const source = s.settings.dataSource;
    this.targets = (Object.keys(SHIPPED_DATASETS) as ShippedDatasetId[]).filter((id) => source.kind !== 'shipped' || id !== source.id);
    if (!this.transferTarget || !this.targets.includes(this.transferTarget)) this.transferTarget = this.targets[0] ?? null;
    // Layers without weights (flatten, dropout) have nothing to freeze; the output layer must learn.
    this.freezable = (this.run?.description?.layers ?? []).filter((l) => l.name !== 'output' && l.params > 0);
    const names = new Set(this.freezable.map((l) => l.name));
    if (this.transferFreeze.some((n) => !names.has(n))) this.transferFreeze = this.transferFreeze.filter((n) => names.has(n));
  }

  // ---- handlers -------------------------------------------------------------------------------

  private handleLrFactor(event: Event): void {
    this.lrFactor = Number((event.target as HTMLSelectElement).value);
  }

  private handleContinueEpochs(event: NumberChangeEvent): void {
    this.continueEpochs = event.value;
  }

  private handleContinue(): void {
    this.dispatchEvent(intent('continue-requested', { learningRateFactor: this.lrFactor, epochs: this.continueEpochs }));
  }

  private handleStop(): void {
    this.dispatchEvent(intent('stop-requested', {}));
  }

  private handlePick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const key = input.dataset.key as SearchKey;
    const value = Number(input.value);
    const current = this.searchPicks[key].filter((v) => v !== value);
    this.searchPicks = { ...this.searchPicks, [key]: input.checked ? [...current, value] : current };
  }

  private handleSearchMode(event: Event): void {
    this.searchMode = (event.target as HTMLInputElement).value as 'grid' | 'random';
  }

  private handleSearchTrials(event: NumberChangeEvent): void {
    this.searchTrials = event.value;
  }

  private handleSearchEpochs(event: NumberChangeEvent): void {
    this.searchEpochs = event.value;
  }

  private handleSearch(): void {
    if (this.searchProblem) return;
    this.dispatchEvent(
      intent('search-requested', {
        space: this.space,
        mode: this.searchMode,
        ...(this.searchMode === 'random' ? { trials: this.searchTrials } : {}),
        epochs: this.searchEpochs,
      }),
    );
  }

  private handleTarget(event: Event): void {
    this.transferTarget = (event.target as HTMLSelectElement).value as ShippedDatasetId;
  }

  private handleFraction(event: Event): void {
    this.transferFraction = Number((event.target as HTMLInputElement).value);
  }

  private handleFreeze(event: Event): void {
    const input = event.target as HTMLInputElement;
    const rest = this.transferFreeze.filter((n) => n !== input.value);
    this.transferFreeze = input.checked ? [...rest, input.value] : rest;
  }

  private handleTransferEpochs(event: NumberChangeEvent): void {
    this.transferEpochs = event.value;
  }

  private handleTransfer(): void {
    if (!this.transferTarget) return;
    this.dispatchEvent(
      intent('transfer-requested', { target: this.transferTarget, fraction: this.transferFraction, freeze: [...this.transferFreeze], epochs: this.transferEpochs }),
    );
  }

  private handleNext(): void {
    this.dispatchEvent(intent('navigate', { step: 'export' }));
  }

  // ---- render ---------------------------------------------------------------------------------

  private u(value: number, digits = 2): string {
    return `${fixed(value, digits)} ${this.units}`;
  }

  private validEpochs(value: number): boolean {
    return Number.isInteger(value) && value >= 1 && value <= 100;
  }

  private renderRunPicker(): TemplateResult {
    return html`<div class="picker">
      ${runPicker(this.state, { disabled: this.busy })}
      ${this.run?.evaluation ? html`<p class="muted">Test MAE of this run: <strong>${this.u(this.run.evaluation.model.mae)}</strong></p>` : nothing}
    </div>`;
  }

  private renderContinue(): TemplateResult {
    const run = this.run;
    const t = this.state.training;
    const ours = t.kind === 'continue';
    const running = ours && t.status === 'running';
    const baseLr = run?.training.learningRate ?? NaN;
    return html`<section class="card" aria-labelledby="continue-title">
      <h2 id="continue-title">a · Continue training at a lower learning rate</h2>
      <p class="muted">
        The model keeps its weights and takes smaller steps, which often settles it into a slightly better minimum. A new run is
        created; the original stays as it is.
      </p>
      <div class="controls">
        <div class="field">
          <label for="lr-factor">Learning-rate factor</label>
          <select id="lr-factor" @change=${this.handleLrFactor} ?disabled=${running}>
            ${LR_FACTORS.map((f) => html`<option value=${f} ?selected=${f === this.lrFactor}>×${f}</option>`)}
          </select>
        </div>
        <number-field label="Epochs" integer min="1" max="100" .value=${this.continueEpochs} @number-change=${this.handleContinueEpochs}></number-field>
      </div>
      <p class="muted" data-testid="new-lr">Learning rate ${rate(baseLr)} × ${this.lrFactor} = <strong>${rate(baseLr * this.lrFactor)}</strong></p>
      <div class="actions">
        <button type="button" data-testid="continue" ?disabled=${this.busy || !run || !this.validEpochs(this.continueEpochs)} @click=${this.handleContinue}>Continue training</button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${ours ? this.renderContinueProgress() : nothing}
      ${this.renderBeforeAfter()}
    </section>`;
  }

  private renderContinueProgress(): TemplateResult {
    const t = this.state.training;
    const last = t.liveHistory.at(-1);
    const status =
      t.status === 'running'
        ? `Epoch ${t.progress?.epoch ?? 0} of ${t.progress?.epochs ?? this.continueEpochs}${last ? ` · validation MAE ${this.u(last.valMae)}` : ''}`
        : t.status === 'cancelled'
          ? 'Stopped. The epochs finished so far are kept as a new run.'
          : t.status === 'done'
            ? `Finished after ${t.liveHistory.length} epochs.`
            : '';
    const history = t.liveHistory;
    const config: ChartConfiguration | null =
      history.length > 0
        ? {
            type: 'line',
            data: {
              labels: history.map((h) => h.epoch),
              datasets: [
                { label: 'Training MAE', data: history.map((h) => h.trainMae), borderColor: chartColors.train, backgroundColor: chartColors.train },
                { label: 'Validation MAE', data: history.map((h) => h.valMae), borderColor: chartColors.validation, backgroundColor: chartColors.validation },
              ],
            },
            options: { scales: { x: axis('Epoch'), y: axis(`MAE (${this.units})`) } },
          }
        : null;
    return html`
      ${t.status === 'running' && t.progress
        ? html`<progress-meter label="Continuing training" .value=${t.progress.epochs > 0 ? t.progress.epoch / t.progress.epochs : NaN} detail=${status}></progress-meter>`
        : nothing}
      <p class="muted" aria-live="polite" data-testid="continue-status">${status}</p>
      ${t.status === 'error' && t.error ? html`<p class="error" role="alert">${t.error}</p>` : nothing}
      ${config
        ? html`<chart-view
            label="Training and validation MAE per epoch of the continued training (${this.units})"
            summary="Validation MAE went from ${this.u(history[0].valMae)} to ${this.u(history.at(-1)!.valMae)} over ${history.length} epochs."
            .config=${config}
            .table=${{ columns: ['Epoch', `Training MAE (${this.units})`, `Validation MAE (${this.units})`], rows: history.map((h) => [h.epoch, h.trainMae, h.valMae]) }}
            height="180"
          ></chart-view>`
        : nothing}
    `;
  }

  private renderBeforeAfter(): TemplateResult | typeof nothing {
    const before = this.parent?.evaluation;
    const after = this.run?.evaluation;
    if (!before || !after) return nothing;
    const row = (label: string, b: number, a: number) => html`<tr>
      <th scope="row">${label}</th>
      <td>${this.u(b)}</td>
      <td>${this.u(a)}</td>
      <td class=${a < b ? 'better' : a > b ? 'worse' : ''}>${signed(a - b)} ${this.units}</td>
    </tr>`;
    return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Test error before and after">
      <table data-testid="before-after">
        <caption>Test error before (${this.parent!.label}) and after (${this.run!.label})</caption>
        <thead><tr><th scope="col">Metric</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th></tr></thead>
        <tbody>${row('MAE', before.model.mae, after.model.mae)} ${row('RMSE', before.model.rmse, after.model.rmse)}</tbody>
      </table>
    </div>`;
  }

  private renderSearch(): TemplateResult {
    const s = this.state.search;
    const running = s.status === 'running';
    const base = this.state.settings;
    const arch = ARCHITECTURES[base.architecture.kind];
    return html`<section class="card" aria-labelledby="search-title">
      <h2 id="search-title">b · Hyperparameter search</h2>
      <p class="muted">
        Each trial trains a new model from the settings of steps 2 and 3 (${arch.label}${arch.hasHiddenLayers ? `, ${base.architecture.layers} × ${base.architecture.units} units` : ''},
        learning rate ${rate(base.training.learningRate)}, batch ${base.training.batchSize}) and changes only the values ticked here.
      </p>
      <p class="rule" data-testid="ranking-rule">
        <strong>Trials are ranked by validation MAE.</strong> Test MAE is only reported: choosing by it would turn the test year into a second
        validation set and make its score optimistic.
      </p>
      <div class="search-space">
        ${SEARCH_OPTIONS.map((o) => {
          const off = o.hidden && !this.hiddenLayers;
          return html`<fieldset ?disabled=${running || off}>
            <legend>${o.label}${off ? ` (not used by ${arch.label})` : ''}</legend>
            <div class="chips">
              ${o.values.map(
                (v) => html`<label class="chip">
                  <input type="checkbox" data-key=${o.key} value=${v} .checked=${this.searchPicks[o.key].includes(v)} @change=${this.handlePick} />${v}
                </label>`,
              )}
            </div>
          </fieldset>`;
        })}
      </div>
      <fieldset ?disabled=${running}>
        <legend>Strategy</legend>
        <div class="radio-row">
          <label><input type="radio" name="mode" value="grid" .checked=${this.searchMode === 'grid'} @change=${this.handleSearchMode} />Grid: every combination</label>
          <label><input type="radio" name="mode" value="random" .checked=${this.searchMode === 'random'} @change=${this.handleSearchMode} />Random: a sample of them</label>
        </div>
      </fieldset>
      <div class="controls">
        ${this.searchMode === 'random'
          ? html`<number-field label="Trials" integer min="1" max=${MAX_TRIALS} .value=${this.searchTrials} @number-change=${this.handleSearchTrials}></number-field>`
          : nothing}
        <number-field label="Epochs per trial" integer min="1" max="100" .value=${this.searchEpochs} @number-change=${this.handleSearchEpochs}></number-field>
      </div>
      <p aria-live="polite" data-testid="trial-count">${this.trialCount > 0 ? html`This search will train <strong>${this.trialCount}</strong> model${this.trialCount === 1 ? '' : 's'}.` : nothing}</p>
      ${this.searchProblem ? html`<p class="error" data-testid="search-problem">${this.searchProblem}</p>` : nothing}
      <div class="actions">
        <button type="button" data-testid="search" ?disabled=${this.busy || this.searchProblem !== ''} @click=${this.handleSearch}>
          Run ${this.trialCount || ''} trial${this.trialCount === 1 ? '' : 's'}
        </button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${s.status !== 'idle' ? this.renderSearchResults() : nothing}
    </section>`;
  }

  private renderSearchResults(): TemplateResult {
    const s = this.state.search;
    const status =
      s.status === 'running'
        ? s.total > 0
          ? `Trial ${s.done}/${s.total} done`
          : 'Starting the first trial…'
        : s.status === 'cancelled'
          ? `Stopped after ${s.done} of ${s.total} trials.`
          : s.status === 'done'
            ? `Finished: ${s.ranking.length} trials.`
            : '';
    return html`
      ${s.status === 'running' ? html`<progress-meter label="Search" .value=${s.total > 0 ? s.done / s.total : NaN} detail=${status}></progress-meter>` : nothing}
      <p class="muted" aria-live="polite" data-testid="search-status">${status}</p>
      ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
      ${s.ranking.length > 0
        ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Search results">
            <table data-testid="ranking">
              <caption>Ranked by validation MAE (lower is better)</caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th><th scope="col">Changed</th><th scope="col">Validation MAE</th><th scope="col">Test MAE</th>
                  <th scope="col">Epochs</th><th scope="col">Seconds</th>
                </tr>
              </thead>
              <tbody>${s.ranking.map((r) => this.renderTrial(r))}</tbody>
            </table>
          </div>`
        : nothing}
    `;
  }

  private renderTrial(r: TrialResult): TemplateResult {
    return html`<tr class=${r.rank === 1 && !r.error ? 'best' : ''}>
      <td>${r.rank}</td>
      <th scope="row">${describeParams(r.params)}</th>
      ${r.error
        ? html`<td class="diverged" colspan="2">Diverged: ${r.error}</td>`
        : html`<td>${this.u(r.valMae)}</td><td>${this.u(r.testMae)}</td>`}
      <td>${r.epochsRun}</td>
      <td>${fixed(r.ms / 1000, 1)}</td>
    </tr>`;
  }

  private renderTransfer(): TemplateResult {
    const t = this.state.transfer;
    const running = t.status === 'running';
    const cityOf = (id: ShippedDatasetId) => SHIPPED_DATASETS[id].label;
    const source = this.run?.datasetLabel ?? this.state.dataset.summary?.label ?? 'this city';
    return html`<section class="card" aria-labelledby="transfer-title">
      <h2 id="transfer-title">c · Transfer to another city</h2>
      <p class="muted">
        Train on one city, evaluate zero-shot on the other, fine-tune with a chosen amount of its data, and compare with training
        from scratch on the same data. Transfer pays off when the new place has little data of its own. Fine-tuning
        starts from this run's weights at ${SETTINGS.transferLearningRateFactor.default} × the learning rate you chose; training from scratch uses the full rate.
      </p>
      <div class="controls">
        <div class="field">
          <label for="target">From ${source} to</label>
          <select id="target" @change=${this.handleTarget} ?disabled=${running}>
            ${this.targets.map((id) => html`<option value=${id} ?selected=${id === this.transferTarget}>${cityOf(id)}</option>`)}
          </select>
        </div>
        <number-field label="Epochs" integer min="1" max="100" .value=${this.transferEpochs} @number-change=${this.handleTransferEpochs}></number-field>
      </div>
      <fieldset ?disabled=${running}>
        <legend>Share of the target city's training data</legend>
        <div class="radio-row">
          ${FRACTIONS.map(
            (f) => html`<label><input type="radio" name="fraction" value=${f} .checked=${f === this.transferFraction} @change=${this.handleFraction} />${percent(f)}</label>`,
          )}
        </div>
      </fieldset>
      <fieldset ?disabled=${running}>
        <legend>Freeze layers (keep their weights from ${source})</legend>
        ${this.freezable.length > 0
          ? html`<div class="checks">
              ${this.freezable.map(
                (l) => html`<label><input type="checkbox" value=${l.name} .checked=${this.transferFreeze.includes(l.name)} @change=${this.handleFreeze} />${l.name}
                  <span class="muted">(${l.type}, ${l.params} parameters)</span></label>`,
              )}
            </div>`
          : html`<p class="muted">This model has no hidden layers with weights to freeze; only its output layer learns.</p>`}
      </fieldset>
      <div class="actions">
        <button type="button" data-testid="transfer" ?disabled=${this.busy || !this.transferTarget || !this.run || !this.validEpochs(this.transferEpochs)} @click=${this.handleTransfer}>
          Run transfer
        </button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${running
        ? html`<progress-meter
            label="Transfer"
            .value=${t.epoch / (2 * this.transferEpochs)}
            detail="Epoch ${t.epoch} of up to ${2 * this.transferEpochs} (fine-tuning, then training from scratch)"
          ></progress-meter>`
        : nothing}
      <p class="muted" aria-live="polite" data-testid="transfer-status">
        ${running ? `Training: epoch ${t.epoch} of up to ${2 * this.transferEpochs}.` : t.status === 'done' ? 'Transfer finished.' : ''}
      </p>
      ${t.status === 'error' && t.error ? html`<p class="error" role="alert">${t.error}</p>` : nothing}
      ${t.result ? this.renderTransferResult(t.result) : nothing}
    </section>`;
  }

  private renderTransferResult(r: TransferResult): TemplateResult {
    const base: Evaluation = r.fineTuned;
    const rows: { label: string; e: { mae: number; rmse: number }; color: string; note: string }[] = [
      { label: 'Zero-shot', e: r.zeroShot.model, color: chartColors.test, note: 'source model as is' },
      { label: 'Fine-tuned', e: r.fineTuned.model, color: chartColors.model, note: `${r.targetTrainWindows} target windows` },
      { label: 'From scratch', e: r.scratch.model, color: chartColors.validation, note: `same ${r.targetTrainWindows} windows` },
      { label: 'Persistence', e: base.baselines.persistence, color: chartColors.persistence, note: 'baseline' },
      { label: 'Climatology', e: base.baselines.climatology, color: chartColors.climatology, note: 'baseline' },
    ];
    const units = r.fineTuned.units || this.units;
    const config: ChartConfiguration = {
      type: 'bar',
      data: { labels: rows.map((x) => x.label), datasets: [{ label: `Test MAE (${units})`, data: rows.map((x) => x.e.mae), backgroundColor: rows.map((x) => x.color) }] },
      options: { plugins: { legend: { display: false } }, scales: { x: axis('Forecast'), y: { ...axis(`Test MAE (${units})`), beginAtZero: true } } },
    };
    const table: ChartTable = { columns: ['Forecast', `Test MAE (${units})`], rows: rows.map((x) => [x.label, x.e.mae]) };
    const gain = r.scratch.model.mae - r.fineTuned.model.mae;
    const req = this.state.transfer.request;
    const city = req ? SHIPPED_DATASETS[req.target].label : 'the target city';
    const share = req ? `${percent(req.fraction)} of ${city}'s training data (${r.targetTrainWindows} windows)` : `${r.targetTrainWindows} training windows of ${city}`;
    const reading =
      gain > 0
        ? `Fine-tuning beats training from scratch by ${fixed(gain)} ${units} with ${share}.`
        : gain < 0
          ? `Training from scratch beats fine-tuning by ${fixed(-gain)} ${units} with ${share}: here the target data alone is enough.`
          : `Fine-tuning and training from scratch score the same with ${share}.`;
    const summary = rows.map((x) => `${x.label} ${fixed(x.e.mae)} ${units}`).join(', ');
    return html`<p class="reading" data-testid="transfer-reading">${reading}</p>
      <div class="grid">
        <chart-view label="Test MAE on ${city}: zero-shot, fine-tuned, from scratch and baselines (${units})" summary="Test MAE on ${city}: ${summary}." .config=${config} .table=${table} height="220"></chart-view>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Transfer results">
          <table data-testid="transfer-table">
            <caption>Test year of ${city}</caption>
            <thead><tr><th scope="col">Forecast</th><th scope="col">MAE</th><th scope="col">RMSE</th><th scope="col">Note</th></tr></thead>
            <tbody>
              ${rows.map((x) => html`<tr><th scope="row">${x.label}</th><td>${fixed(x.e.mae)} ${units}</td><td>${fixed(x.e.rmse)} ${units}</td><td>${x.note}</td></tr>`)}
            </tbody>
          </table>
        </div>
      </div>`;
  }

  override render(): TemplateResult {
    return html`<h1>Step 5 · Fine-tuning</h1>
      <p class="lead">
        A first model is rarely the best one. An ML engineer tries cheap improvements and keeps only what lowers the error on
        data the choice was not made on: a gentler learning rate, a systematic search over hyperparameters, and reusing what the
        model learned in one city for another.
      </p>
      ${modelRuns(this.state).length > 0 ? this.renderRunPicker() : nothing}
      ${this.run
        ? html`<div class="panels">${this.renderContinue()} ${this.renderSearch()} ${this.renderTransfer()}</div>`
        : html`<p class="card">Train a model in step 3 first.</p>`}
      <div class="next">
        <button type="button" ?disabled=${!isStepOpen(this.state, 'export')} @click=${this.handleNext}>Next: Export</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fine-tuning-step': FineTuningStep;
  }
}
