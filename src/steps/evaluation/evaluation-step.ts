/**
 * `<evaluation-step>` (step 4): scores the selected run on the untouched 2015 test split against
 * persistence and climatology, in °C, and shows where and how the model errs.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { INITIAL_STATE, isStepOpen, type WorkflowState } from '../../app/state.ts';
import { COVERAGE_AIM, coverageVerdict, SKILL_DEFINITION, verdict, type EvaluatedIntervals, type Evaluation } from '../../ml/evaluation/metrics.ts';
import { BASELINES } from '../../ml/baselines/baselines.ts';
import { diagnose } from '../../app/diagnosis.ts';
import { mainAdvice } from '../../ml/evaluation/diagnosis.ts';
import { findingsStyles, renderFindings } from '../shared/findings.ts';
import '../../ui/chart-view/chart-view.ts';
import { childrenUpdated } from '../../ui/update-complete.ts';
import { denseTableStyles } from '../../ui/styles/index.ts';
import { fixed, percent, signed, skill, withUnits } from '../../ml/format.ts';
import { runPicker } from '../shared/run-picker.ts';
import { SelectedRunController } from '../shared/selected-run.ts';
import { stepPage, stepStyles } from '../shared/step-page.ts';
import { BIN_WIDTH, CALIBRATION, CLOSE_BAND, histogramChart, horizonChart, metricsChart, residualHistogram, SERIES, type ChartSpec, type Histogram } from './evaluation-charts.ts';
import { evaluationStepStyles } from './evaluation-step.styles.ts';
import './evaluation-series.ts';
import './model-explanation.ts';

@customElement('evaluation-step')
export class EvaluationStep extends LitElement {
  static override styles = [...stepStyles, denseTableStyles, findingsStyles, evaluationStepStyles];

  private readonly selection = new SelectedRunController(this);

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`: the selected run's evaluation and the charts built from it. */
  private _evaluation: Evaluation | null = null;
  private _units = '';
  private _metricsChart: ChartSpec | null = null;
  private _horizonChart: ChartSpec | null = null;
  private _histogram: Histogram | null = null;
  private _histogramChart: ChartSpec | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state')) return;
    const evaluation = this.selection.evaluation;
    if (evaluation === this._evaluation) return;
    this._evaluation = evaluation;
    if (!evaluation) return;
    this._units = evaluation.units;
    this._metricsChart = metricsChart(evaluation);
    this._horizonChart = evaluation.horizonDays > 1 ? horizonChart(evaluation) : null;
    this._histogram = residualHistogram(evaluation.residuals, evaluation.units);
    this._histogramChart = histogramChart(this._histogram, evaluation.units);
  }

  /** Resolves once the forecast-vs-actual panel shows the new state too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await childrenUpdated(this.renderRoot);
    return done;
  }

  private u(value: number, digits = 2): string {
    return withUnits(value, this._units, digits);
  }

  private renderScores(e: Evaluation): TemplateResult {
    const chart = this._metricsChart!;
    const run = this.selection.run;
    const findings = run ? diagnose(this.state.runs, run) : [];
    return html`<section class="card" aria-labelledby="scores-title">
      <h2 id="scores-title">Test error in ${e.units} beside the baselines</h2>
      <p class="verdict" data-testid="verdict">${verdict(e, mainAdvice(findings))}</p>
      <p class="note" data-testid="why-test">
        Why the test MAE is shown only here: runs are compared and chosen on validation MAE (steps 3 and 5). Choosing by the test MAE would turn the test year
        into a second validation set, and its score would then flatter the model you picked.${run && run.result && Number.isFinite(run.result.bestValMae)
          ? ` This run's validation MAE: ${this.u(run.result.bestValMae)}.`
          : ''}
      </p>
      ${renderFindings(findings)}
      <ul class="inline-list skills">
        <li>Skill vs persistence: <strong data-testid="skill-persistence">${skill(e.skill.persistence)}</strong></li>
        <li>Skill vs climatology: <strong data-testid="skill-climatology">${skill(e.skill.climatology)}</strong></li>
      </ul>
      <div class="grid">
        <chart-view label="Test MAE and RMSE of the model, persistence and climatology (${e.units})" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="240"></chart-view>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Test error of the model and the baselines">
          <table data-testid="metrics-table">
            <caption>${e.model.count} test windows${this.selection.run ? ` · ${this.selection.run.datasetLabel}` : ''} · ${e.dates[0]} to ${e.dates.at(-1)}</caption>
            <thead>
              <tr><th scope="col">Forecast</th><th scope="col">MAE</th><th scope="col">RMSE</th><th scope="col">Model skill vs it</th></tr>
            </thead>
            <tbody>
              ${SERIES.map((s) => {
                const m = s.id === 'model' ? e.model : e.baselines[s.id];
                return html`<tr>
                  <th scope="row">${s.label}</th>
                  <td>${this.u(m.mae)}</td>
                  <td>${this.u(m.rmse)}</td>
                  <td>${s.id === 'model' ? '' : skill(e.skill[s.id])}</td>
                </tr>`;
              })}
            </tbody>
          </table>
          <p class="note">${SKILL_DEFINITION} ${BASELINES.persistence.label}: ${BASELINES.persistence.description} ${BASELINES.climatology.label}: ${BASELINES.climatology.description}</p>
        </div>
      </div>
    </section>`;
  }

  private renderHorizon(e: Evaluation): TemplateResult {
    const chart = this._horizonChart;
    return html`<section class="card" aria-labelledby="horizon-title">
      <h2 id="horizon-title">MAE per horizon day</h2>
      ${chart
        ? html`<chart-view label="MAE per horizon day (${e.units})" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="240"></chart-view>`
        : html`<div class="table-scroll" tabindex="0" role="region" aria-label="MAE of the model and the baselines per horizon day">
              <table data-testid="horizon-table">
                <thead><tr><th scope="col">Horizon</th>${SERIES.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
                <tbody>
                  <tr>
                    <th scope="row">Day 1</th>
                    ${SERIES.map((s) => html`<td>${this.u((s.id === 'model' ? e.model : e.baselines[s.id]).maePerHorizon[0])}</td>`)}
                  </tr>
                </tbody>
              </table>
            </div>
            <p class="note">This model forecasts one day ahead, so there is one value per forecast. Choose a longer horizon in step 1 to see how the error grows with each day ahead.</p>`}
    </section>`;
  }

  private renderCalibration(e: Evaluation, iv: EvaluatedIntervals): TemplateResult {
    return html`<section class="card" aria-labelledby="calibration-title">
      <h2 id="calibration-title">Prediction interval: calibration</h2>
      <p>
        The model forecasts the 10th, 50th and 90th percentile of each day (trained with the pinball loss), so its band should hold about 80 % of
        actual days. The aim is ${percent(COVERAGE_AIM.min)}–${percent(COVERAGE_AIM.max)} of the ${e.model.count} test days: fewer means the model is
        overconfident, more means the band is wider than it needs to be.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Interval calibration">
        <table data-testid="calibration-table">
          <caption>
            Overall ${percent(iv.coverage)} of test forecasts inside the band · mean width ${this.u(iv.meanWidth)} · pinball loss ${this.u(iv.pinballLoss)}
          </caption>
          <thead>
            <tr><th scope="col">Horizon day</th><th scope="col">Test days inside the 80 % band</th><th scope="col">Mean width</th><th scope="col">Verdict (aim ${percent(COVERAGE_AIM.min)}–${percent(COVERAGE_AIM.max)})</th></tr>
          </thead>
          <tbody>
            ${iv.coveragePerHorizon.map(
              (c, j) => html`<tr>
                <th scope="row">Day ${j + 1}</th>
                <td>${percent(c)}</td>
                <td>${this.u(iv.meanWidthPerHorizon[j])}</td>
                <td>${CALIBRATION[coverageVerdict(c)]}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">The median is the forecast scored everywhere else on this page. Coverage comes from one test year, so a few points either way are noise.</p>
    </section>`;
  }

  private renderResiduals(): TemplateResult {
    const hist = this._histogram!;
    const chart = this._histogramChart!;
    return html`<section class="card" aria-labelledby="residuals-title">
      <h2 id="residuals-title">Residuals (forecast − actual)</h2>
      <dl class="stats">
        <div><dt>Mean residual (bias)</dt><dd data-testid="bias">${signed(hist.bias)} ${this._units}</dd></div>
        <div><dt>Within ±${CLOSE_BAND} ${this._units}</dt><dd data-testid="within">${fixed(hist.withinBand * 100, 0)} %</dd></div>
      </dl>
      <p class="note">${hist.bias > 0 ? 'A positive bias means the model forecasts too warm on average.' : 'A negative bias means the model forecasts too cold on average.'} Bins of ${BIN_WIDTH} ${this._units}, all horizon days.</p>
      <chart-view label="Histogram of residuals in bins of ${BIN_WIDTH} ${this._units}" summary=${chart.summary} .config=${chart.config} .table=${chart.table} height="220"></chart-view>
    </section>`;
  }

  override render(): TemplateResult {
    const e = this._evaluation;
    return stepPage({
      title: 'Step 4 · Evaluation',
      lead: html`An ML engineer scores the model once, on data it has never seen (the 2015 test year), in real units, and compares it with forecasts
        anyone could make without machine learning. A model that cannot beat "tomorrow is like today" is not worth shipping, however low its training loss.`,
      body: html`${this.selection.hasRuns ? html`<div class="picker">${runPicker(this.state)}</div>` : nothing}
      ${e
        ? html`${this.renderScores(e)} <evaluation-series .evaluation=${e}></evaluation-series> ${e.intervals ? this.renderCalibration(e, e.intervals) : nothing}
            <div class="grid">${this.renderHorizon(e)} ${this.renderResiduals()}</div>
            <model-explanation .explanation=${this.state.explanation} .runId=${this.selection.run?.id ?? null}></model-explanation>`
        : html`<p class="card">Train a model in step 3 to evaluate it here.</p>`}`,
      next: { step: 'fine-tuning', label: 'Next: Fine-tuning', disabled: !isStepOpen(this.state, 'fine-tuning') },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'evaluation-step': EvaluationStep;
  }
}
