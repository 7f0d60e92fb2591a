/**
 * `<chart-view>`: the project's one chart.js wrapper (and its only chart.js importer).
 *
 * chart.js is loaded lazily on first render so it stays out of the initial bundle. A new `config`
 * updates the existing chart in place (no flicker, no re-created canvas); animation is off unless the
 * config asks for it, and always off under `prefers-reduced-motion`.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { styleProps } from '../style-props.ts';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Chart, ChartConfiguration } from 'chart.js';
import { theme, prefersReducedMotion } from '../theme.ts';
import { tableStyles } from '../styles/table.styles.ts';
import { chartViewStyles } from './chart-view.styles.ts';
import { decimal } from '../../ml/format.ts';
import { nextMacrotask } from '../../ml/next-macrotask.ts';

/** A text alternative for a chart: one header per column, one array of cells per row. */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A small, colour-blind-safe palette (Okabe–Ito, darkened to ≥ 3:1 on white) so every chart draws
 * the same series the same way. `*Shading` are translucent fills for split periods.
 */
export const chartColors = {
  /** The model's forecast. */
  model: '#0072b2',
  /** Persistence baseline (tomorrow = today). */
  persistence: '#c25400',
  /** Climatology baseline (average for the calendar day). */
  climatology: '#007a5a',
  /** Observed values. */
  observed: '#1b1f24',
  /** Training loss / training split. */
  train: '#0072b2',
  /** Validation loss / validation split. */
  validation: '#c25400',
  /** Test split. */
  test: '#8a3b76',
  trainShading: 'rgba(0, 114, 178, 0.10)',
  validationShading: 'rgba(194, 84, 0, 0.12)',
  testShading: 'rgba(138, 59, 118, 0.12)',
  /** The model's 80 % prediction band: a translucent fill in the model's colour. */
  band: 'rgba(0, 114, 178, 0.18)',
} as const;

type ChartOptions = NonNullable<ChartConfiguration['options']>;
type ChartModule = typeof import('chart.js/auto');

let chartModule: Promise<ChartModule> | undefined;

/** Loads chart.js once for all chart-views. */
function loadChartJs(): Promise<ChartModule> {
  chartModule ??= import('chart.js/auto').catch((error: unknown) => {
    chartModule = undefined; // let a later render retry
    throw error;
  });
  return chartModule;
}

let themed = false;

/**
 * Axis and legend text in the theme's font and muted text colour: the canvas cannot read CSS, so
 * chart.js's defaults are set once from the first chart-view's computed tokens.
 */
function applyThemeDefaults(module: ChartModule, host: Element): void {
  if (themed) return;
  themed = true;
  const style = getComputedStyle(host);
  module.Chart.defaults.font.family = style.getPropertyValue('--wf-font').trim() || 'system-ui, sans-serif';
  module.Chart.defaults.color = style.getPropertyValue('--wf-color-text-muted').trim() || '#4b5563';
}


/**
 * A chart with an accessible name, a screen-reader summary and an optional data table.
 *
 * @example
 * html`<chart-view label="Loss per epoch" summary="Validation loss falls from 0.9 to 0.2."
 *   .config=${config} .table=${table} height="260"></chart-view>`
 */
@customElement('chart-view')
export class ChartView extends LitElement {
  static override styles = [theme, tableStyles, chartViewStyles];

  @query('canvas') private _canvas!: HTMLCanvasElement;

  @state() private _status: 'loading' | 'ready' | 'error' = 'loading';
  @state() private _tableOpen = false;

  /** The chart.js configuration; replace the object (don't mutate it) to update the chart. */
  @property({ attribute: false }) config?: ChartConfiguration;
  /** Accessible name of the chart (required), e.g. "Training and validation loss per epoch". */
  @property() label = '';
  /** What the chart shows, in words, for screen-reader users (the chart's text alternative). */
  @property() summary = '';
  /** Optional data behind the chart, shown in a collapsed "Data table". */
  @property({ attribute: false }) table?: ChartTable;
  /** Fixed height of the plot area in CSS px, so the page does not jump when the chart loads. */
  @property({ type: Number }) height = 240;

  private _chart?: Chart;
  /** The type the chart was created with; a config of another type needs a new chart. */
  private _chartType?: ChartConfiguration['type'];
  /** Incremented on disconnect, so a chart.js load that finishes afterwards does nothing. */
  private _generation = 0;
  /** The chart update waiting for its task; `updateComplete` includes it. */
  private _sync: Promise<void> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect: the chart was destroyed, draw it again.
    if (this.hasUpdated) void this.syncChart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._generation++;
    this._chart?.destroy();
    this._chart = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('config')) this._sync ??= this.syncInNextTask();
  }

  /**
   * Draws the new config in a task of its own: a dataset arrives in one worker message, and the
   * page's re-render plus a 2,000-point chart in that one task made a 120–150 ms long task.
   */
  private async syncInNextTask(): Promise<void> {
    await nextMacrotask();
    this._sync = null; // a config set from here on schedules another update
    await this.syncChart();
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    if (this._sync) await this._sync;
    return result;
  }

  private handleTableToggle(event: Event): void {
    this._tableOpen = (event.currentTarget as HTMLDetailsElement).open;
  }

  /** Creates the chart on first use, then updates it in place. */
  private async syncChart(): Promise<void> {
    const config = this.config;
    if (!config) {
      this._chart?.destroy();
      this._chart = undefined;
      return;
    }
    if (this._chart && this._chartType === config.type) {
      this._chart.data = copyData(config.data);
      this._chart.options = this.resolveOptions(config);
      this._chart.update('none');
      return;
    }
    const generation = this._generation;
    let module: ChartModule;
    try {
      module = await loadChartJs();
    } catch (error) {
      console.error('chart-view: chart.js failed to load', error);
      this._status = 'error';
      return;
    }
    // Disconnected meanwhile, or a newer config already drew the chart.
    if (generation !== this._generation || !this.isConnected || this.config !== config) return;
    if (this._chart && this._chartType === config.type) return void this.syncChart();
    applyThemeDefaults(module, this);
    this._chart?.destroy();
    this._chart = new module.Chart(this._canvas, {
      ...config,
      data: copyData(config.data),
      options: this.resolveOptions(config),
    } as ChartConfiguration);
    this._chartType = config.type;
    this._status = 'ready';
  }

  /** The config's options plus what this wrapper enforces: sizing and (no) animation. */
  private resolveOptions(config: ChartConfiguration): ChartOptions {
    const options = config.options ?? {};
    return {
      ...options, // a shallow copy: chart.js writes `scales`/`plugins` onto the object it is given
      responsive: true,
      maintainAspectRatio: false,
      animation: prefersReducedMotion() ? false : (options.animation ?? false),
    } as ChartOptions;
  }

  override render() {
    const table = this.table;
    return html`
      <figure>
        <div class="plot" ${styleProps({ height: `${this.height}px` })}>
          <div
            class="canvas-box"
            role="img"
            aria-label=${this.label}
            aria-describedby=${this.summary ? 'summary' : nothing}
          >
            <canvas></canvas>
          </div>
          ${this.renderStatus()}
        </div>
        ${this.summary
          ? html`<figcaption id="summary" class="visually-hidden">${this.summary}</figcaption>`
          : nothing}
      </figure>
      ${table ? this.renderTable(table) : nothing}
    `;
  }

  private renderStatus() {
    if (this._status === 'error')
      return html`<p class="status error">The chart could not be drawn. The data table below has the numbers.</p>`;
    if (this._status === 'loading' && this.config)
      return html`<p class="status" aria-hidden="true">Loading chart…</p>`;
    return nothing;
  }

  private renderTable(table: ChartTable) {
    // Rows are rendered only while the table is open: a residual table can have thousands of them.
    return html`
      <details @toggle=${this.handleTableToggle}>
        <summary>Data table</summary>
        ${this._tableOpen
          ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="${this.label}: data">
              <table>
                <caption class="visually-hidden">${this.label}</caption>
                <thead>
                  <tr>${table.columns.map((column) => html`<th scope="col">${column}</th>`)}</tr>
                </thead>
                <tbody>
                  ${table.rows.map(
                    (row) => html`<tr>${row.map((cell) => html`<td>${formatCell(cell)}</td>`)}</tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing}
      </details>
    `;
  }
}

/**
 * A copy of the data that chart.js may write to: it defines `_chartjs` on data arrays and fills in
 * `labels`/`datasets`, which would throw on frozen store snapshots and would mutate the caller's.
 */
function copyData(data: ChartConfiguration['data']): ChartConfiguration['data'] {
  return {
    ...data,
    labels: data.labels ? [...data.labels] : undefined,
    datasets: data.datasets.map((dataset) => ({ ...dataset, data: [...dataset.data] })),
  } as ChartConfiguration['data'];
}

function formatCell(cell: string | number): string {
  return typeof cell === 'number' ? decimal(cell, 3) : cell;
}

declare global {
  interface HTMLElementTagNameMap {
    'chart-view': ChartView;
  }
}
