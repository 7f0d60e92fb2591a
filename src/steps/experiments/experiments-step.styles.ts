import { css } from 'lit';

/** Rules of this view only; the shared sheets are in src/ui/styles and ../shared/step-page.styles.ts. */
export const experimentsStepStyles = css`
  .count {
    color: var(--wf-color-text-muted);
    font-weight: 400;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2);
    align-items: center;
    margin-bottom: var(--wf-space-3);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2);
    align-items: center;
    padding: var(--wf-space-2) var(--wf-space-3);
    border-radius: var(--wf-radius);
    background: var(--wf-color-danger-surface);
    color: var(--wf-color-danger);
  }
  button.danger {
    background: var(--wf-color-danger);
    border-color: var(--wf-color-danger);
    color: #fff;
  }
  .table-scroll {
    /* Contains the visually hidden labels in the table: without it they escape the scroll box and widen the page. */
    position: relative;
  }
  th {
    vertical-align: bottom;
  }
  th.tick,
  td.tick {
    text-align: center;
    width: 2.75rem;
  }
  .tick input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
  }
  button.sort {
    background: none;
    border: none;
    color: var(--wf-color-text);
    font-weight: 600;
    padding: var(--wf-space-1) 0;
    min-height: 2.75rem;
    white-space: nowrap;
  }
  .arrow {
    display: inline-block;
    width: 1em;
    font-size: 0.75em;
  }
  button.link {
    background: none;
    border: none;
    font-weight: 400;
    color: var(--wf-color-accent);
    text-decoration: underline;
    padding: var(--wf-space-1) var(--wf-space-2);
    min-height: 2.75rem;
  }
  button.link:disabled {
    background: none;
  }
  td.actions {
    text-align: left;
  }
  .link-status {
    overflow-wrap: anywhere;
  }
  .link-status:empty {
    display: none;
  }
  tr.selected td {
    background: var(--wf-color-surface-alt);
  }
  th.label,
  th.kind,
  th.dataset,
  th.architecture,
  th.backend,
  td.label,
  td.kind,
  td.dataset,
  td.architecture,
  td.backend {
    text-align: left;
  }
  td.label {
    white-space: normal;
    min-width: 11rem;
    max-width: 24rem;
  }
  .diverged {
    color: var(--wf-color-danger);
  }
`;
