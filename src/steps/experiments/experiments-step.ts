import type { ChartConfiguration } from 'chart.js';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { experimentRow, seedGroups, sortRows, type ExperimentRow, type SortDirection, type SortKey } from '../../app/experiments.ts';
import { runSettings, shareLink } from '../../app/share-link.ts';
import { hasModel, INITIAL_STATE, type RunRecord, type WorkflowState } from '../../app/state.ts';
import type { EpochLog } from '../../ml/training/config.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import { denseTableStyles } from '../../ui/styles/index.ts';
import { fixed, rate, skill } from '../../ml/format.ts';
import { stepPage, stepStyles } from '../shared/step-page.ts';
import { experimentsStepStyles } from './experiments-step.styles.ts';
import './seed-spread.ts';
import './storage-panel.ts';

/** A column of the runs table: what it shows, and the row field it sorts on. */
interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly cell: (row: ExperimentRow) => string;
}

const num = (v: number | null, digits = 2) => (v === null ? '–' : fixed(v, digits));
/** "4 columns" from the space-separated input list (the target among them). */
const inputCount = (inputs: string) => {
  const n = inputs.split(' ').filter(Boolean).length;
  return `${n} column${n === 1 ? '' : 's'}`;
};
const withUnits = (v: number | null, row: ExperimentRow) => (v === null ? '–' : `${fixed(v)} ${row.metricUnits}`.trim());

/** Metrics first, so that they are in view without scrolling the table sideways. */
const COLUMNS: readonly Column[] = [
  { key: 'label', label: 'Run', cell: (r) => r.label },
  { key: 'kind', label: 'Kind', cell: (r) => r.kind },
  { key: 'valMae', label: 'Val MAE', cell: (r) => withUnits(r.valMae, r) },
  { key: 'testMae', label: 'Test MAE', cell: (r) => withUnits(r.testMae, r) },
  { key: 'diagnosis', label: 'Diagnosis', cell: (r) => r.diagnosis || '–' },
  { key: 'skillPersistence', label: 'Skill vs persistence', cell: (r) => (r.skillPersistence === null ? '–' : `${skill(r.skillPersistence)}`) },
  { key: 'coverage', label: '80 % band coverage', cell: (r) => (r.coverage === null ? '–' : `${fixed(r.coverage, 1)} %`) },
  { key: 'dataset', label: 'Data', cell: (r) => `${r.dataset} · ${r.target} from ${inputCount(r.inputs)}, ${r.lookbackDays}→${r.horizonDays} d` },
  { key: 'architecture', label: 'Model', cell: (r) => (r.architecture === 'linear' ? 'linear' : `${r.architecture} ${r.layers}×${r.units}${r.dropout > 0 ? `, drop ${r.dropout}` : ''}`) },
  { key: 'learningRate', label: 'Learning rate', cell: (r) => `${r.optimizer} ${rate(r.learningRate)}` },
  { key: 'batchSize', label: 'Batch', cell: (r) => String(r.batchSize) },
  { key: 'seed', label: 'Seed', cell: (r) => String(r.seed) },
  { key: 'epochsRun', label: 'Epochs', cell: (r) => (r.bestEpoch ? `${r.epochsRun} (best ${r.bestEpoch})` : String(r.epochsRun)) },
  { key: 'durationSeconds', label: 'Time', cell: (r) => (r.durationSeconds === null ? '–' : `${num(r.durationSeconds, 1)} s`) },
  { key: 'backend', label: 'Backend', cell: (r) => r.backend },
];

/** The curves that can be overlaid, per epoch. */
const METRICS = {
  valMae: { label: 'Validation MAE', pick: (h: EpochLog) => h.valMae, units: true },
  trainMae: { label: 'Training MAE', pick: (h: EpochLog) => h.trainMae, units: true },
  valLoss: { label: 'Validation loss', pick: (h: EpochLog) => h.valLoss, units: false },
} as const;
type MetricId = keyof typeof METRICS;

/** Series styles for overlaid runs: colour and dash both differ, so colour is never the only cue. */
const SERIES = [
  { color: chartColors.model, dash: [] },
  { color: chartColors.persistence, dash: [6, 3] },
  { color: chartColors.climatology, dash: [2, 2] },
  { color: chartColors.test, dash: [10, 3, 2, 3] },
  { color: chartColors.observed, dash: [4, 4] },
  { color: '#8f6a00', dash: [1, 3] },
] as const;

/**
 * Experiments: every recorded run (trainings, fine-tunings, search trials, transfer arms) in a
 * sortable table, two or more overlaid in a chart, exported as CSV or JSON, and deleted.
 *
 * @fires run-selected - to open a run in the evaluation step
 * @fires navigate
 * @fires runs-deleted
 * @fires experiments-export-requested
 */
@customElement('experiments-step')
export class ExperimentsStep extends LitElement {
  static override styles = [...stepStyles, denseTableStyles, experimentsStepStyles];

  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Ranked by validation MAE, the number that chooses; the test MAE is only reported. */
  @state() private _sortKey: SortKey = 'valMae';
  @state() private _sortDirection: SortDirection = 'ascending';
  /** Runs ticked in the table: overlaid in the chart, and what "Delete" removes. */
  @state() private _checked: ReadonlySet<string> = new Set();
  @state() private _metric: MetricId = 'valMae';
  @state() private _confirmingDelete = false;
  /** What the last "Copy link" did, for the status line. */
  @state() private _linkStatus = '';
  /** Whether the user has ticked or unticked anything (until then the latest runs are compared). */
  private _touched = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state')) return;
    const ids = new Set(this.state.runs.map((r) => r.id));
    const kept = [...this._checked].filter((id) => ids.has(id));
    if (!this._touched) {
      // Until the user chooses, compare the two latest runs that have curves.
      const latest = this.state.runs.filter((r) => r.history.length > 0).slice(-2);
      this._checked = new Set(latest.map((r) => r.id));
    } else if (kept.length !== this._checked.size) {
      this._checked = new Set(kept);
    }
  }

  /** The rows and seed groups of `state.runs`, rebuilt only when the runs change (not on every progress update). */
  private _derivedFor: WorkflowState['runs'] | null = null;
  private _allRows: ExperimentRow[] = [];
  private _groups: ReturnType<typeof seedGroups> = [];

  private derive(): void {
    if (this._derivedFor === this.state.runs) return;
    this._derivedFor = this.state.runs;
    this._allRows = this.state.runs.map((r) => experimentRow(r, this.state.runs));
    this._groups = seedGroups(this.state.runs);
  }

  private get rows(): ExperimentRow[] {
    this.derive();
    return sortRows(this._allRows, this._sortKey, this._sortDirection);
  }

  private sortBy(key: SortKey): void {
    if (this._sortKey === key) {
      this._sortDirection = this._sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this._sortKey = key;
      // Errors read best smallest-first; everything else newest/largest first.
      this._sortDirection = key === 'valMae' || key === 'testMae' || key === 'label' || key === 'kind' || key === 'dataset' ? 'ascending' : 'descending';
    }
  }

  private toggle(id: string, on: boolean): void {
    this._touched = true;
    this._confirmingDelete = false;
    const next = new Set(this._checked);
    if (on) next.add(id);
    else next.delete(id);
    this._checked = next;
  }

  private toggleAll(on: boolean): void {
    this._touched = true;
    this._confirmingDelete = false;
    this._checked = new Set(on ? this.state.runs.map((r) => r.id) : []);
  }

  private open(run: RunRecord): void {
    this.dispatchEvent(intent('run-selected', { runId: run.id }));
    this.dispatchEvent(intent('navigate', { step: 'evaluation' }));
  }

  /** Copies a link that trains this run again: same data, model, hyperparameters, seed and backend. */
  private async copyLink(run: RunRecord): Promise<void> {
    const settings = runSettings(run);
    if (!settings) return;
    const link = shareLink(settings, 'training', `${location.origin}${location.pathname}`);
    try {
      await navigator.clipboard.writeText(link);
      this._linkStatus = `Link to the settings of "${run.label}" copied: it trains the same model again.`;
    } catch {
      this._linkStatus = `Copying is not allowed here; the link to "${run.label}" is: ${link}`;
    }
  }

  private deleteChecked(): void {
    const runIds = [...this._checked];
    this._confirmingDelete = false;
    this._touched = true;
    this._checked = new Set();
    this.dispatchEvent(intent('runs-deleted', { runIds }));
  }

  private exportAs(format: 'csv' | 'json'): void {
    this.dispatchEvent(intent('experiments-export-requested', { format }));
  }

  private get busy(): boolean {
    return this.state.training.status === 'running' || this.state.search.status === 'running' || this.state.transfer.status === 'running';
  }

  private renderTable(): TemplateResult {
    const rows = this.rows;
    const runs = new Map(this.state.runs.map((r) => [r.id, r]));
    const all = rows.length > 0 && rows.every((r) => this._checked.has(r.id));
    return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Table of runs">
      <table data-testid="runs-table">
        <caption class="visually-hidden">Recorded runs, sorted by ${COLUMNS.find((c) => c.key === this._sortKey)?.label ?? 'date'} (${this._sortDirection}). Tick runs to compare their curves or delete them.</caption>
        <thead>
          <tr>
            <th scope="col" class="tick">
              <input type="checkbox" aria-label="Select all runs" .checked=${all} @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)} />
            </th>
            ${COLUMNS.map(
              (c) => html`<th scope="col" class=${c.key} aria-sort=${this._sortKey === c.key ? this._sortDirection : 'none'}>
                <button type="button" class="sort" data-sort=${c.key} @click=${() => this.sortBy(c.key)}>
                  ${c.label}<span class="arrow" aria-hidden="true">${this._sortKey === c.key ? (this._sortDirection === 'ascending' ? '▲' : '▼') : ''}</span>
                </button>
              </th>`,
            )}
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((row) => {
            const run = runs.get(row.id)!;
            const selected = row.id === this.state.selectedRunId;
            return html`<tr data-run=${row.id} class=${selected ? 'selected' : ''}>
              <td class="tick">
                <input type="checkbox" aria-label="Select ${row.label}" .checked=${this._checked.has(row.id)} @change=${(e: Event) => this.toggle(row.id, (e.target as HTMLInputElement).checked)} />
              </td>
              ${COLUMNS.map((c) => html`<td class=${c.key}>${c.cell(row)}${c.key === 'label' && row.error ? html`<span class="diverged"> (diverged)</span>` : nothing}</td>`)}
              <td class="actions">
                ${hasModel(run) && run.evaluation
                  ? html`<button type="button" class="link" ?disabled=${this.busy} @click=${() => this.open(run)}>Open<span class="visually-hidden"> ${row.label}</span></button>`
                  : html`<span class="muted">no model kept</span>`}
                ${runSettings(run)
                  ? html`<button type="button" class="link" data-testid="copy-link" @click=${() => this.copyLink(run)}>Copy link<span class="visually-hidden"> to the settings of ${row.label}</span></button>`
                  : nothing}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderToolbar(): TemplateResult {
    const n = this._checked.size;
    return html`<div class="toolbar">
      <button type="button" class="secondary" data-testid="export-csv" @click=${() => this.exportAs('csv')}>Download CSV</button>
      <button type="button" class="secondary" data-testid="export-json" @click=${() => this.exportAs('json')}>Download JSON</button>
      ${this._confirmingDelete
        ? html`<span class="confirm" role="group" aria-label="Confirm deletion">
            <span>Delete ${n} run${n === 1 ? '' : 's'} and their saved models? This cannot be undone.</span>
            <button type="button" class="danger" data-testid="confirm-delete" @click=${this.deleteChecked}>Delete</button>
            <button type="button" class="secondary" @click=${() => (this._confirmingDelete = false)}>Cancel</button>
          </span>`
        : html`<button type="button" class="secondary" data-testid="delete" ?disabled=${n === 0 || this.busy} @click=${() => (this._confirmingDelete = true)}>
            Delete selected${n > 0 ? ` (${n})` : ''}
          </button>`}
    </div>`;
  }

  private renderCompare(): TemplateResult {
    const compared = this.state.runs.filter((r) => this._checked.has(r.id) && r.history.length > 0);
    const metric = METRICS[this._metric];
    const units = compared.find((r) => r.evaluation)?.evaluation?.units ?? '°C';
    const suffix = metric.units ? ` (${units})` : ' (normalized MSE)';
    const maxEpochs = Math.max(0, ...compared.map((r) => r.history.length));
    const epochs = Array.from({ length: maxEpochs }, (_, i) => i + 1);
    const config: ChartConfiguration = {
      type: 'line',
      data: {
        labels: epochs,
        datasets: compared.map((run, i) => {
          const style = SERIES[i % SERIES.length];
          return {
            label: run.label,
            data: run.history.map((h) => metric.pick(h)),
            borderColor: style.color,
            backgroundColor: style.color,
            borderDash: [...style.dash],
            borderWidth: 2,
            pointRadius: 0,
          };
        }),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: { title: { display: true, text: 'Epoch' } }, y: { title: { display: true, text: `${metric.label}${suffix}` } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 24 } } },
      },
    };
    const table: ChartTable = {
      columns: ['Epoch', ...compared.map((r) => r.label)],
      rows: epochs.map((e) => [e, ...compared.map((r) => (r.history[e - 1] ? metric.pick(r.history[e - 1]) : '–'))]),
    };
    const summary =
      compared.length === 0
        ? 'No runs selected.'
        : `${metric.label} per epoch for ${compared.length} run${compared.length === 1 ? '' : 's'}: ` +
          compared
            .map((r) => {
              const values = r.history.map((h) => metric.pick(h));
              const best = Math.min(...values);
              return `${r.label} ends at ${fixed(values.at(-1)!, 3)}, best ${fixed(best, 3)} at epoch ${values.indexOf(best) + 1}`;
            })
            .join('; ') +
          '.';
    return html`<section class="card" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare curves</h2>
      <div class="controls">
        <div class="field">
          <label for="metric">Curve</label>
          <select id="metric" @change=${(e: Event) => (this._metric = (e.target as HTMLSelectElement).value as MetricId)}>
            ${Object.entries(METRICS).map(([id, m]) => html`<option value=${id} ?selected=${id === this._metric}>${m.label}</option>`)}
          </select>
        </div>
      </div>
      ${compared.length < 2
        ? html`<p class="muted" data-testid="compare-hint">Tick two or more runs with curves in the table to overlay them${compared.length === 1 ? ' (one is ticked)' : ''}. Reopened zips have no curves.</p>`
        : nothing}
      ${compared.length > 0
        ? html`<chart-view data-testid="compare-chart" label="${metric.label} per epoch, ${compared.length} runs overlaid" .summary=${summary} .config=${config} .table=${table} height="300"></chart-view>`
        : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    const runs = this.state.runs;
    return stepPage({
      title: 'Experiments',
      lead: html`Every training, fine-tuning, search trial and transfer run is recorded here with what defined it (data, window, model, hyperparameters,
        seed, backend) and what it scored, and saved in this browser. Sort by any column, tick runs to overlay their learning curves, export the log for a
        notebook, or delete what you no longer need.`,
      body: html`<section class="card" aria-labelledby="runs-title">
          <h2 id="runs-title">Runs <span class="count">(${runs.length})</span></h2>
          ${runs.length === 0
            ? html`<p class="muted" data-testid="no-runs">No runs yet. Train a model in <a href="#/training">step 3</a>; every run appears here.</p>`
            : html`${this.renderToolbar()} ${this.renderTable()}
                <p class="muted link-status" role="status" data-testid="link-status">${this._linkStatus}</p>
                <p class="muted">
                  Ranked by validation MAE: choose between runs on it. The test MAE is reported, not for choosing: picking the run with the best test MAE would turn the
                  test year into a second validation set and make its score optimistic. MAEs are in the target's units; skill is on the test split. Search trials and
                  transfer arms keep no model, only their record.
                </p>`}
        </section>
        <seed-spread .groups=${(this.derive(), this._groups)}></seed-spread> ${runs.length > 0 ? this.renderCompare() : nothing}
        <storage-panel .state=${this.state}></storage-panel>`,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'experiments-step': ExperimentsStep;
  }
}
