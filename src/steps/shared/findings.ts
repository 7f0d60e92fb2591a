/**
 * A run's diagnosis on the page: one line per finding — what it is, the numbers it rests on and
 * the one change most likely to help — most severe first.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Finding } from '../../ml/evaluation/diagnosis.ts';

const ICONS = { problem: '✗', warning: '!', info: 'i', good: '✓' } as const;
const WORDS = { problem: 'Problem', warning: 'Warning', info: 'Note', good: 'Good' } as const;

/** `<ul data-testid="diagnosis">` of the findings; nothing when there are none. */
export function renderFindings(findings: readonly Finding[], heading = 'What this run shows'): TemplateResult | typeof nothing {
  if (findings.length === 0) return nothing;
  return html`<div class="findings" data-testid="diagnosis">
    <h3>${heading}</h3>
    <ul>
      ${findings.map(
        (f) => html`<li class=${f.severity} data-kind=${f.kind}>
          <span class="icon" aria-hidden="true">${ICONS[f.severity]}</span>
          <span><strong><span class="visually-hidden">${WORDS[f.severity]}: </span>${f.title}.</strong> ${f.evidence}${f.advice ? html` <em>${f.advice}</em>` : nothing}</span>
        </li>`,
      )}
    </ul>
  </div>`;
}

/** Styles of `renderFindings`, for the steps that show a diagnosis. */
export const findingsStyles = css`
  .findings h3 {
    margin: var(--wf-space-3) 0 var(--wf-space-2);
    font-size: 1rem;
  }
  .findings ul {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: var(--wf-space-2);
  }
  .findings li {
    display: flex;
    gap: var(--wf-space-2);
    align-items: baseline;
    padding: var(--wf-space-2) var(--wf-space-3);
    border-left: 4px solid var(--wf-color-border-subtle);
    background: var(--wf-color-surface-alt);
  }
  .findings li.problem {
    border-left-color: var(--wf-color-danger);
    background: var(--wf-color-danger-surface);
  }
  .findings li.warning {
    border-left-color: #8a5a00;
  }
  .findings li.good {
    border-left-color: #1a6b34;
  }
  .findings .icon {
    font-weight: 700;
    min-width: 1ch;
  }
  .findings em {
    font-style: normal;
    font-weight: 600;
  }
`;
