/**
 * `<learning-curve-panel>` (fine-tuning e): does more data help? Linear and GRU, at their default
 * settings, trained on 1, 4, 16 and 48 years of a 50-year record and scored on the same two test
 * years; the figure plots each model's test MAE against the years it learned from, with persistence
 * for reference, and the text says what more data did, from the results themselves.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { intent } from '../../app/events.ts';
import { curvePoint, curveReading, learningCurveOf, recordedCurve, type CurvePoint } from '../../app/learning-curve-state.ts';
import { ARCHITECTURES, type ArchitectureKind } from '../../ml/architectures/specs.ts';
import { isLongRecordId } from '../../ml/datasets.ts';
import { LEARNING_CURVE_YEARS } from '../../ml/fine-tuning/learning-curve-gain.ts';
import { decimal, fixed } from '../../ml/format.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import '../../ui/chart-view/chart-view.ts';
import { chartColors, type ChartTable } from '../../ui/chart-view/chart-view.ts';
import { FocusHandoffController } from '../../ui/focus-handoff.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import '../../ui/progress-meter/progress-meter.ts';
import { settingField } from '../shared/setting-field.ts';
import { axis, fineTuningPanelStyles, FineTuningPanel, valid } from './fine-tuning-panel.ts';

const MODELS: readonly ArchitectureKind[] = ['linear', 'gru'];
const COLORS: Readonly<Record<string, string>> = { linear: chartColors.climatology, gru: chartColors.model };

@customElement('learning-curve-panel')
export class LearningCurvePanel extends FineTuningPanel {
  static override styles = fineTuningPanelStyles;

  /** Start ⇄ Stop: keyboard focus follows when the pressed button is disabled or removed. */
  private readonly focusHandoff = new FocusHandoffController(this);

  @state() private _epochs: number = SETTINGS.learningCurveEpochs.default;

  /** Derived in `willUpdate`: the curve to draw (this session's experiment, or the last one recorded for this dataset). */
  private _points: readonly CurvePoint[] = [];
  private _curveUnits = '';
  private _longRecord = false;

  protected override willUpdate(): void {
    const source = this.state.settings.dataSource;
    this._longRecord = source.kind === 'shipped' && isLongRecordId(source.id);
    const label = this.state.dataset.summary?.label ?? '';
    const job = learningCurveOf(this.state);
    if (job.datasetLabel === label && job.points.length > 0) {
      this._points = job.points.map(curvePoint);
      this._curveUnits = job.units || this.units;
    } else {
      const recorded = job.status === 'running' ? null : recordedCurve(this.state.runs, label);
      this._points = recorded?.points ?? [];
      this._curveUnits = recorded?.units || this.units;
    }
  }

  private handleEpochs(event: NumberChangeEvent): void {
    this._epochs = event.value;
  }

  private handleStart(): void {
    this.dispatchEvent(intent('learning-curve-requested', { epochs: this._epochs }));
  }

  private renderProgress(): TemplateResult | typeof nothing {
    const job = learningCurveOf(this.state);
    if (job.status === 'running') {
      const run = Math.max(1, job.run);
      const years = LEARNING_CURVE_YEARS[Math.floor((run - 1) / MODELS.length)];
      const model = ARCHITECTURES[MODELS[(run - 1) % MODELS.length]].label;
      const detail = `Training ${run} of ${job.runs}: ${model} on ${years} year${years === 1 ? '' : 's'} · epoch ${job.epoch} of up to ${job.epochs}`;
      const value = job.runs > 0 && job.epochs > 0 ? (run - 1 + job.epoch / job.epochs) / job.runs : Number.NaN;
      return html`<progress-meter label="Learning curve" .value=${value} detail=${detail}></progress-meter>
        <p class="muted" aria-live="polite" data-testid="learning-curve-status">${detail}</p>`;
    }
    const took = job.msTotal !== null ? `${decimal(job.msTotal / 1000, 1)} s` : '';
    if (job.status === 'cancelled') return html`<p class="muted" aria-live="polite" data-testid="learning-curve-status">Stopped after ${job.points.length} of ${job.runs} trainings (${took}); the finished points are shown and recorded.</p>`;
    if (job.status === 'done') return html`<p class="muted" aria-live="polite" data-testid="learning-curve-status">${job.points.length} trainings in ${took}, each recorded on the Experiments page.</p>`;
    if (job.status === 'error' && job.error) return html`<p class="error" role="alert">${job.error}</p>`;
    return nothing;
  }

  private renderCurve(): TemplateResult | typeof nothing {
    const points = this._points;
    if (points.length === 0) return nothing;
    const units = this._curveUnits;
    const at = (kind: ArchitectureKind, years: number) => points.find((p) => p.architecture === kind && p.trainYears === years);
    const persistence = points.find((p) => Number.isFinite(p.persistenceMae))?.persistenceMae ?? Number.NaN;
    const series = MODELS.map((kind) => ({
      label: ARCHITECTURES[kind].label,
      data: LEARNING_CURVE_YEARS.flatMap((y) => {
        const p = at(kind, y);
        return p && Number.isFinite(p.testMae) ? [{ x: y, y: p.testMae }] : [];
      }),
      borderColor: COLORS[kind],
      backgroundColor: COLORS[kind],
    }));
    const config: ChartConfiguration = {
      type: 'line',
      data: {
        datasets: [
          ...series,
          {
            label: 'Persistence',
            data: LEARNING_CURVE_YEARS.map((y) => ({ x: y, y: persistence })),
            borderColor: chartColors.persistence,
            backgroundColor: chartColors.persistence,
            borderDash: [6, 4],
            pointRadius: 0,
          },
        ],
      },
      options: {
        scales: {
          x: {
            ...axis('Years of training data (log scale)'),
            type: 'logarithmic',
            min: 1,
            max: 48,
            // Exactly the four sizes, each labelled (the log scale would label only 1, 10, …).
            afterBuildTicks: (scale) => {
              scale.ticks = LEARNING_CURVE_YEARS.map((value) => ({ value }));
            },
            ticks: { callback: (value) => String(value) },
          },
          y: axis(`Test MAE (${units})`),
        },
      },
    };
    const table: ChartTable = {
      columns: ['Years of training data', ...MODELS.map((k) => `${ARCHITECTURES[k].label} test MAE (${units})`), `Persistence (${units})`],
      rows: LEARNING_CURVE_YEARS.map((y) => [y, ...MODELS.map((k) => fixed(at(k, y)?.testMae ?? Number.NaN)), fixed(persistence)]),
    };
    const reading = curveReading(points, units);
    const summary = series.map((s) => `${s.label}: ${s.data.map((d) => `${d.x} years ${fixed(d.y)}`).join(', ')}`).join('; ');
    const [headline, ...details] = reading;
    return html`<div data-testid="learning-curve-reading">
        ${headline ? html`<p class="reading">${headline}</p>` : nothing} ${details.map((line) => html`<p>${line}</p>`)}
      </div>
      <chart-view
        data-testid="learning-curve-chart"
        label="Test MAE against years of training data, linear and GRU, with persistence (${units})"
        summary="Test MAE (${units}) by years of training data. ${summary}; persistence ${fixed(persistence)}."
        .config=${config}
        .table=${table}
        height="240"
      ></chart-view>`;
  }

  override render(): TemplateResult {
    const running = learningCurveOf(this.state).status === 'running';
    return html`<section class="card" aria-labelledby="learning-curve-title">
      <h2 id="learning-curve-title">e · More data: the learning curve</h2>
      <p class="muted">
        Does a model get better with more years of history? Linear and GRU, at their default sizes and training settings, are trained on
        ${LEARNING_CURVE_YEARS.join(', ')} years before the test period (the last 10 % of them validate) and all scored on the same two test
        years, 2008–2009. Persistence needs no training, so it is a flat line.
      </p>
      ${this._longRecord
        ? nothing
        : html`<p class="hint" data-testid="learning-curve-needs">Needs a 50-year record: choose a station under "50-year records" in step 1.</p>`}
      <div class="controls">${settingField('learningCurveEpochs', this._epochs, { onChange: this.handleEpochs, disabled: running })}</div>
      <div class="actions">
        <button
          type="button"
          data-testid="learning-curve"
          ?disabled=${this.busy || !this._longRecord || !valid('learningCurveEpochs', this._epochs)}
          @click=${this.handleStart}
        >
          Train on ${LEARNING_CURVE_YEARS.join(', ')} years
        </button>
        ${running ? html`<button type="button" class="secondary" @click=${this.handleStop}>Stop</button>` : nothing}
      </div>
      ${this.renderProgress()} ${this.renderCurve()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'learning-curve-panel': LearningCurvePanel;
  }
}
