import { css } from 'lit';

/** Rules of this step only; the shared sheets are in src/ui/styles and ../shared/step-page.styles.ts. */
export const evaluationStepStyles = css`
  .verdict {
    font-size: 1.05rem;
    margin: 0 0 var(--wf-space-3);
    padding: var(--wf-space-3);
    border-left: 4px solid var(--wf-color-accent);
    background: var(--wf-color-surface-alt);
  }
  .skills strong {
    font-size: 1.3rem;
  }
  .stats {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-6);
    margin: var(--wf-space-2) 0 0;
  }
  .stats div {
    display: flex;
    flex-direction: column;
  }
  .stats dt {
    font-size: var(--wf-font-size-sm);
    color: var(--wf-color-text-muted);
  }
  .stats dd {
    margin: 0;
    font-weight: 600;
    font-size: 1.1rem;
  }
`;
