import { html, nothing, type TemplateResult } from 'lit';
import { intent } from '../../app/events.ts';
import type { StepId } from '../../app/state.ts';
import { pageStyles } from '../../ui/styles/index.ts';
import { stepPageStyles } from './step-page.styles.ts';

/** `static styles` of a step: the shared sheets and the page frame; a step appends its own rules. */
export const stepStyles = [...pageStyles, stepPageStyles];

/** Where the page's navigation button leads. */
export interface StepNext {
  readonly step: StepId;
  readonly label: string;
  readonly disabled?: boolean;
}

export interface StepPage {
  /** The page heading, e.g. "Step 3 · Training". */
  readonly title: string;
  /** The lead paragraph: what an ML engineer does at this step and why. */
  readonly lead: unknown;
  /** The step's own content: cards and panels. */
  readonly body: unknown;
  /** The navigation button; none on the last step. */
  readonly next?: StepNext;
  /** Shown just above the navigation button (outside the bar that sticks to the window bottom). */
  readonly navNote?: unknown;
}

function navigate(step: StepId): (event: Event) => void {
  // Intent events bubble and are composed: dispatched here, they reach the step and the shell.
  return (event) => (event.currentTarget as HTMLElement).dispatchEvent(intent('navigate', { step }));
}

/** One step page: heading, lead, body, navigation. Every step renders through it. */
export function stepPage(page: StepPage): TemplateResult {
  const { next } = page;
  return html`<h1>${page.title}</h1>
    <p class="lead">${page.lead}</p>
    ${page.body}
    ${page.navNote ? html`<p class="nav-note">${page.navNote}</p>` : nothing}
    ${next
      ? html`<div class="nav">
          <button type="button" class="primary" ?disabled=${next.disabled ?? false} @click=${navigate(next.step)}>${next.label}</button>
        </div>`
      : nothing}`;
}
