/**
 * `<search-panel>` (fine-tuning b): a grid or random search over hyperparameters around the selected
 * run (its data, architecture and training settings), ranked on validation MAE, with live progress;
 * the newest search's ranking is rebuilt from its records after a reload, and its winner can be
 * trained for the full number of epochs as a new run.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { latestSearch, rootRun, type RunRecord } from '../../app/state.ts';
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import type { SearchSpace, TrialResult } from '../../ml/fine-tuning/fine-tuning.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import '../../ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { fixed, rate } from '../../ml/format.ts';
import { describeParams } from '../../ml/settings/table.ts';
import { fineTuningPanelStyles, FineTuningPanel, valid } from './fine-tuning-panel.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import { settingField } from '../shared/setting-field.ts';

/** Largest search the UI starts: keeps a search within minutes in the browser. */
export const MAX_TRIALS = SETTINGS.searchTrials.max;

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

/** One line of the ranked table: a live trial, or a trial's record (which has an id to train it fully). */
type Row = Pick<TrialResult, 'rank' | 'params' | 'valMae' | 'testMae' | 'epochsRun' | 'ms' | 'error'> & { readonly id: string | null };

@customElement('search-panel')
export class SearchPanel extends FineTuningPanel {
  static override styles = fineTuningPanelStyles;

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  @state() private _picks: Record<SearchKey, number[]> = { learningRate: [0.001, 0.003, 0.01], units: [16, 32], layers: [], dropout: [], batchSize: [] };
  @state() private _mode: 'grid' | 'random' = 'grid';
  @state() private _trials: number = SETTINGS.searchTrials.default;
  @state() private _epochs: number = SETTINGS.searchEpochs.default;

  /** Derived in `willUpdate`. */
  private _hiddenLayers = true;

  override firstUpdated(): void {
    // The helper workers take ~1.5 s to start: start them while the learner picks the grid.
    this.dispatchEvent(intent('search-warmup-requested', {}));
  }
  /** Search space restricted to what applies to the current architecture. */
  private _space: SearchSpace = {};
  private _trialCount = 0;
  private _problem = '';

  /** The run the search varies: the selected run's first training (its settings from scratch), else steps 2–3. */
  private base(): { architecture: RunRecord['architecture']; training: RunRecord['training']; label: string | null } {
    const root = this.run ? rootRun(this.state, this.run) : null;
    return root ? { architecture: root.architecture, training: root.training, label: root.label } : { ...this.state.settings, label: null };
  }

  protected override willUpdate(): void {
    this._hiddenLayers = ARCHITECTURES[this.base().architecture.kind].hasHiddenLayers;
    const space: Record<string, number[]> = {};
    for (const o of SEARCH_OPTIONS) {
      if ((this._hiddenLayers || !o.hidden) && this._picks[o.key].length > 0) space[o.key] = [...this._picks[o.key]].sort((a, b) => a - b);
    }
    this._space = space;
    const combinations = Object.values(space).reduce((n, values) => n * values.length, 1);
    const keys = Object.keys(space).length;
    this._trialCount = keys === 0 ? 0 : this._mode === 'grid' ? combinations : Math.min(this._trials, combinations);
    this._problem =
      keys === 0
        ? 'Tick at least one value to search.'
        : this._mode === 'random' && !valid('searchTrials', this._trials)
          ? 'Enter a number of trials from 1 to 48.'
          : this._trialCount > MAX_TRIALS
            ? `That is ${this._trialCount} trials; the limit is ${MAX_TRIALS} so that a search finishes in minutes. Untick some values or use random search.`
            : !valid('searchEpochs', this._epochs)
              ? 'Enter epochs per trial from 1 to 100.'
              : '';
  }

  private handlePick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const key = input.dataset.key as SearchKey;
    const value = Number(input.value);
    const current = this._picks[key].filter((v) => v !== value);
    this._picks = { ...this._picks, [key]: input.checked ? [...current, value] : current };
  }

  private handleMode(event: Event): void {
    this._mode = (event.target as HTMLInputElement).value as 'grid' | 'random';
  }

  private handleTrials(event: NumberChangeEvent): void {
    this._trials = event.value;
  }

  private handleEpochs(event: NumberChangeEvent): void {
    this._epochs = event.value;
  }

  private handleSearch(): void {
    if (this._problem) return;
    this.dispatchEvent(
      intent('search-requested', {
        space: this._space,
        mode: this._mode,
        ...(this._mode === 'random' ? { trials: this._trials } : {}),
        epochs: this._epochs,
      }),
    );
  }

  private handleTrainWinner(trialId: string): void {
    this.dispatchEvent(intent('train-winner-requested', { trialId }));
  }

  /** Rows of the ranked table: live while a search runs, else the newest search's records (they survive a reload). */
  private rows(): { rows: readonly Row[]; records: readonly RunRecord[] } {
    const s = this.state.search;
    if (s.status === 'running') return { rows: s.ranking.map((r) => ({ ...r, id: null })), records: [] };
    const records = latestSearch(this.state.runs);
    return {
      records,
      rows: records.map((r) => ({
        id: r.id,
        rank: r.search!.rank,
        params: r.search!.params,
        valMae: r.result?.bestValMae ?? Number.NaN,
        testMae: r.testMae ?? Number.NaN,
        epochsRun: r.history.length,
        ms: r.result?.msTotal ?? 0,
        ...(r.error ? { error: r.error } : {}),
      })),
    };
  }

  private renderResults(): TemplateResult {
    const s = this.state.search;
    const { rows, records } = this.rows();
    const winner = rows.find((r) => r.rank === 1 && !r.error && r.id !== null);
    const trialEpochs = records[0]?.search?.epochs ?? this._epochs;
    const fullEpochs = this.base().training.epochs;
    // While running, the progress meter says how far it is; the line below says how it ended.
    const status =
      s.status === 'running'
        ? ''
        : s.status === 'cancelled'
          ? `Stopped after ${s.done} of ${s.total} trials.`
          : s.status === 'done'
            ? `Finished: ${s.ranking.length} trials.`
            : records.length > 0
              ? `The last search: ${records.length} trials of ${trialEpochs} epochs each.`
              : '';
    const detail = s.total > 0 ? `Trial ${s.done}/${s.total} done` : 'Starting the first trial…';
    return html`
      ${s.status === 'running' ? html`<progress-meter label="Search" .value=${s.total > 0 ? s.done / s.total : NaN} detail=${detail}></progress-meter>` : nothing}
      <p class="muted" aria-live="polite" data-testid="search-status">${status}</p>
      ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
      ${rows.length > 0
        ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Search results">
            <table data-testid="ranking">
              <caption>Ranked by validation MAE (lower is better)</caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th><th scope="col" class="text">Changed</th><th scope="col">Validation MAE</th><th scope="col">Test MAE</th>
                  <th scope="col">Epochs</th><th scope="col">Seconds</th>
                </tr>
              </thead>
              <tbody>${rows.map((r) => this.renderTrial(r))}</tbody>
            </table>
          </div>
          ${winner
            ? html`<p class="muted" data-testid="winner-note">
                  Trials ran ${trialEpochs} epochs each, so they rank settings rather than finish them: a short trial's test MAE is not comparable with
                  a run trained for ${fullEpochs}. Train the winner fully to compare it on validation with the run you searched around.
                </p>
                <div class="actions">
                  <button type="button" class="secondary" data-testid="train-winner" ?disabled=${this.busy} @click=${() => this.handleTrainWinner(winner.id!)}>
                    Train the winner fully (${describeParams(winner.params)}, ${fullEpochs} epochs)
                  </button>
                </div>`
            : nothing}`
        : nothing}
    `;
  }

  private renderTrial(r: Row): TemplateResult {
    return html`<tr class=${r.rank === 1 && !r.error ? 'best' : ''}>
      <td>${r.rank}</td>
      <th scope="row" class="text">${describeParams(r.params)}</th>
      ${r.error
        ? html`<td class="diverged" colspan="2">Diverged: ${r.error}</td>`
        : html`<td>${this.u(r.valMae)}</td><td>${this.u(r.testMae)}</td>`}
      <td>${r.epochsRun}</td>
      <td>${fixed(r.ms / 1000, 1)}</td>
    </tr>`;
  }

  override render(): TemplateResult {
    const s = this.state.search;
    const running = s.status === 'running';
    const base = this.base();
    const arch = ARCHITECTURES[base.architecture.kind];
    return html`<section class="card" aria-labelledby="search-title">
      <h2 id="search-title">b · Hyperparameter search</h2>
      <p class="muted" data-testid="search-base">
        Each trial trains a new model from ${base.label ? html`the settings of <strong>${base.label}</strong>` : 'the settings of steps 2 and 3'}
        (${arch.label}${arch.hasHiddenLayers ? `, ${base.architecture.layers} × ${base.architecture.units} units` : ''}, learning rate ${rate(base.training.learningRate)},
        batch ${base.training.batchSize}, ${base.training.epochs} epochs, on its data) and changes only the values ticked here, for a few epochs each.
      </p>
      <p class="rule" data-testid="ranking-rule">
        <strong>Trials are ranked by validation MAE.</strong> Test MAE is only reported: choosing by it would turn the test year into a second
        validation set and make its score optimistic.
      </p>
      <div class="search-space">
        ${SEARCH_OPTIONS.map((o) => {
          const off = o.hidden && !this._hiddenLayers;
          return html`<fieldset ?disabled=${running || off}>
            <legend>${o.label}${off ? ` (not used by ${arch.label})` : ''}</legend>
            <div class="chips">
              ${o.values.map(
                (v) => html`<label class="chip">
                  <input type="checkbox" data-key=${o.key} value=${v} .checked=${this._picks[o.key].includes(v)} @change=${this.handlePick} />${v}
                </label>`,
              )}
            </div>
          </fieldset>`;
        })}
      </div>
      <fieldset ?disabled=${running}>
        <legend>Strategy</legend>
        <div class="radio-row">
          <label><input type="radio" name="mode" value="grid" .checked=${this._mode === 'grid'} @change=${this.handleMode} />Grid: every combination</label>
          <label><input type="radio" name="mode" value="random" .checked=${this._mode === 'random'} @change=${this.handleMode} />Random: a sample of them</label>
        </div>
      </fieldset>
      <div class="controls">
        ${this._mode === 'random'
          ? settingField('searchTrials', this._trials, { onChange: this.handleTrials })
          : nothing}
        ${settingField('searchEpochs', this._epochs, { onChange: this.handleEpochs })}
      </div>
      <p aria-live="polite" data-testid="trial-count">${this._trialCount > 0 ? html`This search will train <strong>${this._trialCount}</strong> model${this._trialCount === 1 ? '' : 's'}.` : nothing}</p>
      ${this._problem ? html`<p class="error" data-testid="search-problem">${this._problem}</p>` : nothing}
      <div class="actions">
        <button type="button" data-testid="search" ?disabled=${this.busy || this._problem !== ''} @click=${this.handleSearch}>
          Run ${this._trialCount || ''} trial${this._trialCount === 1 ? '' : 's'}
        </button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${s.status !== 'idle' || latestSearch(this.state.runs).length > 0 ? this.renderResults() : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'search-panel': SearchPanel;
  }
}
