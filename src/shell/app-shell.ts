import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../steps/intro/intro-step.ts';
import '../steps/data/data-step.ts';
import '../steps/architecture/architecture-step.ts';
import '../steps/training/training-step.ts';
import '../steps/evaluation/evaluation-step.ts';
import '../steps/fine-tuning/fine-tuning-step.ts';
import '../steps/export/export-step.ts';
import '../steps/experiments/experiments-step.ts';
import '../steps/shared/guided-experiments.ts';
import '../ui/error-banner/error-banner.ts';
import { INTENT_TYPES, type IntentEvent, type IntentType } from '../app/events.ts';
import { isStepOpen, STEPS, whyStepClosed, type StepId } from '../app/state.ts';
import { hasSharedSettings, shareLink } from '../app/share-link.ts';
import { WorkflowController } from '../app/workflow/workflow-controller.ts';
import { focusRing, tokens } from '../ui/theme.ts';
import { appShellStyles } from './app-shell.styles.ts';

const STEP_IDS = STEPS.map((s) => s.id);

function stepFromHash(hash: string): StepId {
  const id = hash.replace(/^#\/?/, '').split('?')[0] as StepId;
  return STEP_IDS.includes(id) ? id : 'intro';
}

/**
 * The shared settings the page was opened with (`#/step?data=…&seed=…`), if any. The query is then
 * removed from the address bar, so that a reload keeps the user's later changes.
 */
function takeSharedSettings(): string | undefined {
  const query = location.hash.split('?')[1];
  if (!query || !hasSharedSettings(query)) return undefined;
  history.replaceState(history.state, '', `${location.pathname}${location.search}#/${stepFromHash(location.hash)}`);
  return query;
}

/**
 * The app shell: owns the workflow (through its controller), shows the stepper and the current
 * step, maps the URL hash to a step (so back/forward work), and handles every intent event.
 */
@customElement('forecast-app')
export class ForecastApp extends LitElement {
  static override styles = [tokens, focusRing, appShellStyles];

  private readonly workflow = new WorkflowController(this, undefined, takeSharedSettings());
  /** What happened to the last "Copy link": copied, or the link to copy by hand. */
  @state() private shareStatus: { copied: boolean; link: string } | null = null;

  @state() private step: StepId = stepFromHash(location.hash);
  @state() private restored = false;

  private readonly handleHashChange = () => {
    // A settings link pasted into this open tab changes only the hash: apply it as a fresh load would.
    const shared = takeSharedSettings();
    if (shared) void this.workflow.applySharedLink(shared);
    this.step = stepFromHash(location.hash);
    this.focusMain();
  };

  private readonly handleIntent = (event: Event) => {
    const e = event as IntentEvent;
    e.stopPropagation();
    if (e.type === 'navigate') {
      this.navigate((e as IntentEvent<'navigate'>).detail.step);
      return;
    }
    void this.workflow.handle(e.type as IntentType, e.detail as never);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.handleHashChange);
    for (const type of INTENT_TYPES) this.addEventListener(type, this.handleIntent);
    void this.workflow.ready.then(() => {
      this.restored = true;
    });
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.handleHashChange);
    for (const type of INTENT_TYPES) this.removeEventListener(type, this.handleIntent);
    super.disconnectedCallback();
  }

  /** Goes to a step (pushes a history entry, so browser back returns). */
  navigate(step: StepId): void {
    if (step === this.step) return;
    location.hash = `#/${step}`;
  }

  private async copyShareLink(): Promise<void> {
    const link = shareLink(this.workflow.state.settings, this.step === 'intro' ? 'training' : this.step, `${location.origin}${location.pathname}`);
    try {
      await navigator.clipboard.writeText(link);
      this.shareStatus = { copied: true, link };
    } catch {
      // No clipboard permission (or an insecure origin): show the link to copy by hand.
      this.shareStatus = { copied: false, link };
    }
  }

  private renderShare(): TemplateResult {
    const status = this.shareStatus;
    return html`<div class="share">
      <button type="button" class="share-button" data-testid="share" @click=${this.copyShareLink}>Copy settings link</button>
      <span class="share-status" role="status" data-testid="share-status">
        ${status?.copied ? 'Link copied.' : nothing}
      </span>
      ${status && !status.copied
        ? html`<label class="share-link"
            >Copy this link: <input type="text" readonly .value=${status.link} data-testid="share-link" @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
          /></label>`
        : nothing}
    </div>`;
  }

  private renderSharedLink(): TemplateResult | typeof nothing {
    const shared = this.workflow.state.sharedLink;
    if (!shared) return nothing;
    return html`<div class="shared-link" role="status" data-testid="shared-link">
      <p>
        <strong>Opened from a shared link:</strong> ${shared.summary}. Train in <a href="#/training">step 3</a> to reproduce the run: the
        same seed and backend give the same result.
      </p>
      <button type="button" class="dismiss" @click=${() => this.workflow.handle('shared-link-dismissed', {})}>Dismiss</button>
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    // On a narrow screen the stepper scrolls sideways: keep the current step in view.
    if (changed.has('step') || changed.has('restored')) this.renderRoot.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private focusMain(): void {
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: false });
      window.scrollTo({ top: 0 });
    });
  }

  private renderStepper(): TemplateResult {
    const s = this.workflow.state;
    const index = STEP_IDS.indexOf(this.step);
    return html`<nav aria-label="Workflow steps">
      <ol>
        ${STEPS.map((step, i) => {
          const open = isStepOpen(s, step.id);
          const label = html`<span class="num" aria-hidden="true">${i}</span>${step.label}`;
          return html`<li class=${i < index ? 'done' : ''}>
            ${open
              ? html`<a href="#/${step.id}" aria-current=${step.id === this.step ? 'step' : nothing}>${label}</a>`
              : html`<span aria-disabled="true" title=${whyStepClosed(step.id)}>${label}</span>`}
          </li>`;
        })}
      </ol>
    </nav>`;
  }

  private renderStep(): TemplateResult {
    const s = this.workflow.state;
    if (!isStepOpen(s, this.step)) {
      return html`<div class="closed">
        <p>${whyStepClosed(this.step)}</p>
        <p><a href="#/data">Go to step 1, Data</a></p>
      </div>`;
    }
    switch (this.step) {
      case 'intro':
        return html`<intro-step .state=${s}></intro-step>`;
      case 'data':
        return html`<data-step .state=${s}></data-step>`;
      case 'architecture':
        return html`<architecture-step .state=${s}></architecture-step>`;
      case 'training':
        return html`<training-step .state=${s}></training-step>`;
      case 'evaluation':
        return html`<evaluation-step .state=${s}></evaluation-step>`;
      case 'fine-tuning':
        return html`<fine-tuning-step .state=${s}></fine-tuning-step>`;
      case 'export':
        return html`<export-step .state=${s}></export-step>`;
      case 'experiments':
        return html`<experiments-step .state=${s}></experiments-step>`;
    }
  }

  override render(): TemplateResult {
    const s = this.workflow.state;
    const backend = s.backendInUse ? `TensorFlow.js backend: ${s.backendInUse}${s.backendFellBack ? ` (${s.settings.backend} unavailable)` : ''}` : 'Starting TensorFlow.js…';
    return html`<header>
        <div class="bar">
          <p class="title">Weather forecast · an ML engineer's workflow</p>
          <span class="backend" data-testid="backend">${backend}</span>
          ${this.renderShare()}
        </div>
        ${this.renderStepper()}
      </header>
      <main tabindex="-1">
        ${this.renderSharedLink()}
        <error-banner .message=${s.notice?.message ?? ''} .hint=${s.notice?.hint ?? ''} @dismiss=${() => this.workflow.handle('notice-dismissed', {})}></error-banner>
        ${this.restored || this.step === 'intro' ? this.renderStep() : html`<p class="loading">Restoring your session…</p>`}
        ${this.restored && isStepOpen(s, this.step) ? html`<guided-experiments .state=${s} step=${this.step}></guided-experiments>` : nothing}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'forecast-app': ForecastApp;
  }
}
