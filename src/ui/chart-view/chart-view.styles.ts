import { css } from 'lit';

export const chartViewStyles = css`
  :host {
    display: block;
    min-width: 0; /* lets the chart shrink inside grid/flex parents */
  }
  figure {
    margin: 0;
  }
  .plot {
    position: relative;
  }
  .canvas-box {
    position: absolute; /* chart.js sizes the canvas to this box (responsive, no aspect ratio) */
    inset: 0;
  }
  canvas {
    display: block;
  }
  .status {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
  }
  .status.error {
    color: var(--wf-color-danger);
  }
  details {
    margin-top: var(--wf-space-2);
    font-size: var(--wf-font-size-sm);
  }
  summary {
    cursor: pointer;
    color: var(--wf-color-accent);
    width: max-content;
    border-radius: 2px;
  }
  /* The data table: the shared table look (src/ui/styles/table.styles.ts), dense, in a box of its own height. */
  :host {
    --wf-cell-padding: var(--wf-space-1) var(--wf-space-2);
  }
  .table-scroll {
    max-height: 20rem;
    overflow: auto;
    margin-top: var(--wf-space-2);
  }
  thead th {
    position: sticky;
    top: 0;
  }
`;
