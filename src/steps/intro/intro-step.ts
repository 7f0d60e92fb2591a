/**
 * `<intro-step>` (step 0): what an ML engineer does, how it maps to the six steps of this
 * walkthrough, the data it uses, and where it runs (TensorFlow.js in this browser tab).
 */
import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { INITIAL_STATE, type StepId, type WorkflowState } from '../../app/state.ts';
import { stepPage, stepStyles } from '../shared/step-page.ts';
import { introStepStyles } from './intro-step.styles.ts';

interface WorkflowTask {
  readonly task: string;
  readonly step: StepId;
  readonly where: string;
}

/** The engineer's job, in the order the walkthrough follows it. */
const WORKFLOW: readonly WorkflowTask[] = [
  { task: 'Prepare the data', step: 'data', where: 'Step 1 · Data: load daily weather, check its quality, choose the target and the inputs, split by time.' },
  {
    task: 'Choose algorithms and frameworks',
    step: 'architecture',
    where: 'Step 2 · Architecture: pick the algorithm (linear, dense, convolutional or recurrent) and size it; the framework is TensorFlow.js, run in this tab.',
  },
  {
    task: 'Train the model on structured data',
    step: 'training',
    where: 'Step 3 · Training: fit it to the table of daily weather with an optimizer, learning rate, batch size and early stopping; watch the loss live.',
  },
  { task: 'Test performance', step: 'evaluation', where: 'Step 4 · Evaluation: score on untouched 2015 data, in °C, against persistence and climatology.' },
  { task: 'Fine-tune', step: 'fine-tuning', where: 'Step 5 · Fine-tuning: continue at a lower learning rate, search hyperparameters, transfer to another city.' },
  { task: 'Hand over for deployment', step: 'export', where: 'Step 6 · Export: download the model with its metadata and prove it reloads and predicts the same; reopen a zip later to evaluate or fine-tune it.' },
  { task: 'Track experiments', step: 'experiments', where: 'Experiments: every run with its settings and scores, sortable, overlaid, exported as CSV or JSON; share a run\'s settings as a link.' },
];

const BACKEND_NAMES = { wasm: 'WebAssembly (wasm)', cpu: 'plain JavaScript (cpu)', webgl: 'your GPU (webgl)' } as const;

@customElement('intro-step')
export class IntroStep extends LitElement {
  static override styles = [...stepStyles, introStepStyles];

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  private renderWorkflow(): TemplateResult {
    return html`<section class="card" aria-labelledby="workflow-title">
      <h2 id="workflow-title">The job, step by step</h2>
      <ol class="workflow">
        ${WORKFLOW.map(
          (t, i) => html`<li>
            <span class="num" aria-hidden="true">${i + 1}</span>
            <span><span class="task">${t.task}.</span> <span class="where">${t.where}</span></span>
          </li>`,
        )}
      </ol>
    </section>`;
  }

  private renderDataset(): TemplateResult {
    return html`<section class="card" aria-labelledby="data-title">
      <h2 id="data-title">The data</h2>
      <p>Daily weather observed by NOAA weather stations in <strong>Seattle</strong> and <strong>New York</strong>, 2012–2015, one row per day:</p>
      <dl>
        <dt>precipitation</dt>
        <dd>rain and melted snow, mm</dd>
        <dt>temp_max, temp_min</dt>
        <dd>highest and lowest temperature of the day, °C</dd>
        <dt>wind</dt>
        <dd>mean wind speed, m/s</dd>
      </dl>
      <p class="muted">The model learns from 2012–2014 (the end of 2014 held back for validation) and is tested on 2015, a year it never sees while training. You can also bring your own CSV.</p>
    </section>`;
  }

  private renderRuntime(): TemplateResult {
    const backend = this.state.backendInUse;
    return html`<section class="card" aria-labelledby="runtime-title">
      <h2 id="runtime-title">Where it runs</h2>
      <p>Everything happens in this browser tab with <strong>TensorFlow.js</strong>: your data is not uploaded anywhere, and training runs in a background worker so the page stays responsive.</p>
      <p aria-live="polite" data-testid="backend">
        ${backend
          ? html`Computing with <strong>${BACKEND_NAMES[backend]}</strong>${this.state.backendFellBack ? ` (${this.state.settings.backend} was not available here)` : ''}.`
          : 'Starting TensorFlow.js…'}
      </p>
    </section>`;
  }

  override render(): TemplateResult {
    return stepPage({
      title: "Step 0 · Forecast tomorrow's weather",
      lead: html`A machine-learning engineer turns data into a model that others can rely on: they prepare the data, design and train the model, test it
        honestly, improve it, and hand it over to the software engineers who put it into production. Here you do that job once, end to end, on a small and
        real problem: forecasting tomorrow's highest temperature from the last two weeks of weather.`,
      body: html`${this.renderWorkflow()}
        <div class="grid">${this.renderDataset()} ${this.renderRuntime()}</div>`,
      next: { step: 'data', label: 'Start with the data' },
      navNote: html`<span class="muted">Your settings and trained models are kept in this browser if you reload.</span>`,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'intro-step': IntroStep;
  }
}
