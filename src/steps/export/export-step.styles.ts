import { css } from 'lit';

/** Rules of this step and its panels only; the shared sheets are in src/ui/styles and ../shared/step-page.styles.ts. */
export const exportStepStyles = css`
  /* Copy: a small button beside each snippet's heading. */
  button.secondary {
    min-height: 2.25rem;
    padding: var(--wf-space-1) var(--wf-space-3);
    font-size: var(--wf-font-size-sm);
  }
  .keep {
    margin: var(--wf-space-3) 0;
  }
  .keep p {
    margin: var(--wf-space-1) 0 0;
  }
  .files {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--wf-space-1) var(--wf-space-3);
    margin: 0;
  }
  .files dt {
    font-family: var(--wf-font-mono);
    font-size: var(--wf-font-size-sm);
  }
  .files dd {
    margin: 0;
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
  }
  @media (max-width: 480px) {
    .files {
      grid-template-columns: 1fr;
    }
    .files dd {
      margin-bottom: var(--wf-space-2);
    }
  }
  .card-preview {
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    padding: var(--wf-space-3) var(--wf-space-4);
    background: var(--wf-color-surface-alt);
    font-size: var(--wf-font-size-sm);
  }
  @media (max-width: 480px) {
    .card-preview {
      padding: var(--wf-space-2) var(--wf-space-3);
    }
  }
  .card-preview h3 {
    font-size: 1rem;
    margin: var(--wf-space-3) 0 var(--wf-space-1);
  }
  .card-preview h3:first-child {
    margin-top: 0;
  }
  .card-preview ul {
    margin: 0;
    padding-left: 1.25rem;
  }
  .card-preview table {
    background: var(--wf-color-surface);
  }
  .snippet {
    margin-bottom: var(--wf-space-4);
  }
  .snippet-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: var(--wf-space-2);
  }
  .snippet-head h3 {
    margin: 0;
    font-size: 1rem;
  }
  pre {
    margin: var(--wf-space-2) 0 0;
    padding: var(--wf-space-3);
    background: #1b1f24;
    color: #f3f5f8;
    border-radius: var(--wf-radius);
    overflow-x: auto;
    max-height: 22rem;
    font-size: 0.8rem;
    line-height: 1.5;
  }
  file-drop {
    margin-bottom: var(--wf-space-3);
  }
  .summary {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--wf-space-1) var(--wf-space-3);
    margin: 0;
    font-size: var(--wf-font-size-sm);
  }
  .summary dt {
    color: var(--wf-color-text-muted);
  }
  .summary dd {
    margin: 0;
    font-weight: 600;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .hand input[type='number'] {
    font: inherit;
    width: 6.5rem;
    padding: 2px var(--wf-space-1);
    border: 1px solid var(--wf-color-border);
    border-radius: 4px;
    text-align: right;
  }
  input[type='date'] {
    font: inherit;
    padding: 2px var(--wf-space-1);
    border: 1px solid var(--wf-color-border);
    border-radius: 4px;
  }
  .hand .table-scroll {
    max-height: 24rem;
    overflow: auto;
  }
  .forecast-values {
    font-size: 1.1rem;
  }
`;
