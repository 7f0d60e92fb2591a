import { css } from 'lit';

/** Layout shared by the step's cards, tables and forms; colours and spacing from the theme tokens. */
export const exportStepStyles = css`
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
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-3);
    align-items: center;
    margin: var(--wf-space-2) 0;
  }
  button.secondary {
    background: var(--wf-color-surface);
    color: var(--wf-color-accent);
    padding: var(--wf-space-1) var(--wf-space-3);
    font-size: var(--wf-font-size-sm);
  }
  .error {
    color: var(--wf-color-danger);
    background: var(--wf-color-danger-surface);
    padding: var(--wf-space-2) var(--wf-space-3);
    border-radius: var(--wf-radius);
    margin: var(--wf-space-2) 0;
  }
  .ok {
    color: #1a6b34;
    font-weight: 600;
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
  code {
    font-family: var(--wf-font-mono);
  }
  .drop {
    display: flex;
    flex-direction: column;
    gap: var(--wf-space-2);
    align-items: flex-start;
    border: 2px dashed var(--wf-color-border);
    border-radius: var(--wf-radius);
    padding: var(--wf-space-4);
    background: var(--wf-color-surface-alt);
  }
  .drop label {
    font-weight: 600;
  }
  .drop.over {
    border-color: var(--wf-color-accent);
    background: #e8f1fb;
  }
  .drop input[type='file'] {
    font: inherit;
    max-width: 100%;
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
  h3 {
    font-size: 1rem;
    margin: var(--wf-space-4) 0 var(--wf-space-2);
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
