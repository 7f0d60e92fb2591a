import { css } from 'lit';

/** Layout shared by the step's cards, tables and forms; colours and spacing from the theme tokens. */
export const fineTuningStepStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.6rem;
    line-height: 1.2;
    margin: 0 0 var(--wf-space-2);
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 var(--wf-space-2);
  }
  .lead {
    margin: 0 0 var(--wf-space-4);
    color: var(--wf-color-text-muted);
    max-width: 75ch;
  }
  .card {
    background: var(--wf-color-surface);
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    padding: var(--wf-space-4);
    margin-bottom: var(--wf-space-4);
    min-width: 0;
  }
  @media (max-width: 480px) {
    .card {
      padding: var(--wf-space-3);
    }
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
    gap: var(--wf-space-4);
    align-items: start;
  }
  .grid > .card {
    margin-bottom: 0;
  }
  .grid + .card,
  .card + .grid {
    margin-top: var(--wf-space-4);
  }
  .picker,
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-4);
    align-items: flex-start;
    margin-bottom: var(--wf-space-3);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--wf-space-1);
    min-width: 0;
    max-width: 100%;
  }
  .field > label {
    font-weight: 600;
  }
  select {
    font: inherit;
    min-height: 2.75rem; /* 44 px touch target, like number-field */
    padding: var(--wf-space-2) var(--wf-space-3);
    border: 1px solid var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface);
    color: var(--wf-color-text);
    max-width: 100%;
  }
  .verdict {
    font-size: 1.05rem;
    margin: 0 0 var(--wf-space-3);
    padding: var(--wf-space-3);
    border-left: 4px solid var(--wf-color-accent);
    background: var(--wf-color-surface-alt);
  }
  .skills {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-6);
    margin: 0 0 var(--wf-space-3);
    padding: 0;
    list-style: none;
  }
  .skills strong {
    font-size: 1.3rem;
  }
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
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
    padding-bottom: var(--wf-space-1);
  }
  th,
  td {
    text-align: right;
    padding: var(--wf-space-1) var(--wf-space-2);
    border-bottom: 1px solid var(--wf-color-border-subtle);
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  .note,
  .muted {
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
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
  .next {
    display: flex;
    justify-content: flex-end;
    margin-top: var(--wf-space-4);
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--wf-radius);
    padding: var(--wf-space-2) var(--wf-space-4);
    border: 1px solid var(--wf-color-accent);
    background: var(--wf-color-accent);
    color: var(--wf-color-accent-contrast);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  fieldset {
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    padding: var(--wf-space-2) var(--wf-space-3) var(--wf-space-3);
    margin: 0 0 var(--wf-space-3);
    min-width: 0;
  }
  legend {
    font-weight: 600;
    font-size: var(--wf-font-size-sm);
    padding: 0 var(--wf-space-1);
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--wf-space-1);
    padding: var(--wf-space-1) var(--wf-space-3);
    border: 1px solid var(--wf-color-border);
    border-radius: 999px;
    font-weight: 400;
    font-size: var(--wf-font-size-sm);
    cursor: pointer;
    background: var(--wf-color-surface);
  }
  .chip:has(input:checked) {
    background: var(--wf-color-accent);
    border-color: var(--wf-color-accent);
    color: var(--wf-color-accent-contrast);
  }
  .chip:has(input:disabled) {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .chip:has(input:focus-visible) {
    outline: var(--wf-focus-ring);
    outline-offset: var(--wf-focus-offset);
  }
  .chip input {
    margin: 0;
    accent-color: var(--wf-color-accent-contrast);
  }
  .search-space {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 260px), 1fr));
    gap: 0 var(--wf-space-3);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2);
    align-items: center;
    margin: var(--wf-space-2) 0;
  }
  button.secondary {
    background: var(--wf-color-surface);
    color: var(--wf-color-accent);
  }
  .error {
    color: var(--wf-color-danger);
    background: var(--wf-color-danger-surface);
    padding: var(--wf-space-2) var(--wf-space-3);
    border-radius: var(--wf-radius);
    margin: var(--wf-space-2) 0;
  }
  .rule {
    margin: 0 0 var(--wf-space-3);
    padding: var(--wf-space-2) var(--wf-space-3);
    border-left: 4px solid var(--wf-color-accent);
    background: var(--wf-color-surface-alt);
    font-size: var(--wf-font-size-sm);
  }
  .reading {
    font-weight: 600;
    margin: var(--wf-space-2) 0;
  }
  .better {
    color: #1a6b34;
  }
  .worse {
    color: var(--wf-color-danger);
  }
  number-field {
    max-width: 14rem;
  }
  progress-meter {
    margin: var(--wf-space-2) 0;
  }
  td.diverged {
    color: var(--wf-color-danger);
    white-space: normal;
    text-align: left;
    min-width: 14rem;
  }
  tbody th[scope='row'] {
    text-align: left;
  }
  tr.best th,
  tr.best td {
    font-weight: 600;
  }
  .radio-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-4);
  }
  .radio-row label,
  .checks label {
    font-weight: 400;
    display: inline-flex;
    align-items: center;
    gap: var(--wf-space-1);
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-4);
  }
  .panels {
    display: flex;
    flex-direction: column;
  }
`;
