/**
 * `<guided-experiments>`: the "Try this" card under each step — one to three predict–run–compare
 * experiments, each with its outcome in one sentence once the runs show it was done. On the Start
 * page it lists every experiment with the progress through them and the best run so far.
 */
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { bestRun, GUIDED_EXPERIMENTS, type GuidedExperiment } from '../../app/guided.ts';
import { INITIAL_STATE, STEPS, type StepId, type WorkflowState } from '../../app/state.ts';
import { withUnits } from '../../ml/format.ts';
import { stepStyles } from './step-page.ts';

@customElement('guided-experiments')
export class GuidedExperiments extends LitElement {
  static override styles = [
    ...stepStyles,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: var(--wf-space-2);
      }
      li {
        border-left: 4px solid var(--wf-color-border-subtle);
        padding: var(--wf-space-1) var(--wf-space-3);
      }
      li.done {
        border-left-color: #1a6b34;
      }
      .question {
        font-weight: 600;
      }
      .outcome {
        margin: var(--wf-space-1) 0 0;
      }
      .how {
        margin: var(--wf-space-1) 0 0;
        color: var(--wf-color-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;
  /** The step whose experiments to show; `intro` lists them all. */
  @property() step: StepId = 'intro';

  private renderItem(experiment: GuidedExperiment, outcome: string | null, withStep: boolean): TemplateResult {
    const where = STEPS.findIndex((s) => s.id === experiment.step);
    return html`<li class=${outcome ? 'done' : ''} data-experiment=${experiment.id}>
      <span class="question">${outcome ? '✓ ' : ''}${experiment.question}</span>
      ${withStep ? html` <a href="#/${experiment.step}">Step ${where} · ${STEPS[where].label}</a>` : nothing}
      ${outcome
        ? html`<p class="outcome" data-testid="outcome" role="status">${outcome}</p>`
        : html`<p class="how">${experiment.how}</p>`}
    </li>`;
  }

  /** Outcomes by experiment id, recomputed only when what they read changes (not on every training batch). */
  private _outcomes = new Map<string, string | null>();
  private _outcomesFor: readonly unknown[] = [];

  protected override willUpdate(): void {
    const key = [this.state.runs, this.state.useIt, this.state.selectedRunId];
    if (key.every((v, i) => v === this._outcomesFor[i])) return;
    this._outcomesFor = key;
    this._outcomes = new Map(GUIDED_EXPERIMENTS.map((e) => [e.id, e.outcome(this.state)]));
  }

  override render(): TemplateResult | typeof nothing {
    const outcome = (e: GuidedExperiment) => this._outcomes.get(e.id) ?? null;
    if (this.step === 'intro') {
      const done = GUIDED_EXPERIMENTS.filter((e) => outcome(e) !== null).length;
      const best = bestRun(this.state);
      return html`<section class="card" aria-labelledby="try-title" data-testid="guided">
        <h2 id="try-title">Try this: ${done} of ${GUIDED_EXPERIMENTS.length} experiments done</h2>
        <p class="muted" data-testid="best-run">
          ${best
            ? html`Best run so far (by validation MAE): <strong>${best.label}</strong>, ${withUnits(best.result!.bestValMae, best.evaluation?.units ?? '')}.`
            : 'No run yet: the experiments start with the data.'}
        </p>
        <ol>
          ${GUIDED_EXPERIMENTS.map((e) => this.renderItem(e, outcome(e), true))}
        </ol>
      </section>`;
    }
    const items = GUIDED_EXPERIMENTS.filter((e) => e.step === this.step).map((experiment) => ({ experiment, outcome: outcome(experiment) }));
    if (items.length === 0) return nothing;
    return html`<section class="card" aria-labelledby="try-title" data-testid="guided">
      <h2 id="try-title">Try this</h2>
      <p class="muted">Predict the answer first, then run it: the outcome appears here.</p>
      <ol>
        ${items.map(({ experiment, outcome }) => this.renderItem(experiment, outcome, false))}
      </ol>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'guided-experiments': GuidedExperiments;
  }
}
