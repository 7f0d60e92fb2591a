import { css } from 'lit';

/** Rules of the explanation panel only: the weight heatmap grid and its legend. */
export const modelExplanationStyles = css`
  .verdict-line {
    font-weight: 600;
  }
  .heatmap-scroll {
    overflow-x: auto;
    margin: var(--wf-space-2) 0;
  }
  .heatmap {
    display: grid;
    grid-template-columns: max-content repeat(var(--columns, 1), minmax(2.5rem, 1fr));
    gap: 1px;
    width: max-content;
    min-width: 100%;
    font-size: var(--wf-font-size-sm);
  }
  .heat-row {
    display: contents;
  }
  .heat-head {
    padding: 0 var(--wf-space-2);
    white-space: nowrap;
    color: var(--wf-color-text-muted);
  }
  .heat-cell {
    min-height: 1.1rem;
    border: 1px solid var(--wf-color-border);
  }
  /* The colour scale of the heatmap: strongest negative, 0, strongest positive. */
  .scale {
    display: inline-block;
    width: 6rem;
    height: 0.75rem;
    margin: 0 var(--wf-space-1);
    vertical-align: -0.05rem;
    border: 1px solid var(--wf-color-border);
    background: linear-gradient(to right, rgb(194, 84, 0), rgb(255, 255, 255), rgb(0, 114, 178));
  }
`;
