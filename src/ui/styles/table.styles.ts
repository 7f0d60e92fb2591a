import { css } from 'lit';

/**
 * Data tables in a scroll box. Cell padding comes from `--wf-cell-padding` so that a host can ask
 * for denser tables (results with many columns) without restating the rules.
 */
export const tableStyles = css`
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: var(--wf-font-size-sm);
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding: var(--wf-space-1) var(--wf-space-2);
  }
  th,
  td {
    padding: var(--wf-cell-padding, var(--wf-space-2) var(--wf-space-3));
    text-align: right;
    white-space: nowrap;
    border-bottom: 1px solid var(--wf-color-border-subtle);
  }
  th:first-child,
  td:first-child,
  th.text,
  td.text {
    text-align: left;
  }
  thead th {
    background: var(--wf-color-surface-alt);
  }
  tbody tr:last-child td,
  tbody tr:last-child th {
    border-bottom: 0;
  }
`;

/** Result tables (steps 4–6, experiments): denser cells, and room for the note that explains a table. Include after `tableStyles`. */
export const denseTableStyles = css`
  :host {
    --wf-cell-padding: var(--wf-space-1) var(--wf-space-2);
  }
  .table-scroll + p {
    margin-top: var(--wf-space-2);
  }
  .table-scroll > p {
    margin: var(--wf-space-2);
  }
`;
