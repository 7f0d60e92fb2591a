import { css } from 'lit';

/**
 * Layout shared by the steps, from the theme tokens: `formStepStyles` for the steps where the
 * learner sets things up (data, architecture, training), `reportStepStyles` for the steps that show
 * results (evaluation, fine-tuning, export). Each step adds only its own rules.
 */
export const formStepStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.6rem;
    line-height: 1.2;
    margin: 0 0 var(--wf-space-3);
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 var(--wf-space-3);
  }
  h3 {
    font-size: 1rem;
    margin: var(--wf-space-4) 0 var(--wf-space-2);
  }
  p {
    margin: 0 0 var(--wf-space-3);
  }
  .lead {
    max-width: 70ch;
    margin-bottom: var(--wf-space-4);
  }
  .card {
    background: var(--wf-color-surface);
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    padding: var(--wf-space-4);
    margin-bottom: var(--wf-space-4);
    min-width: 0;
  }
  .muted,
  .hint {
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
  }
  error-banner {
    display: block;
    margin-bottom: var(--wf-space-3);
  }
  fieldset {
    border: 0;
    margin: 0 0 var(--wf-space-3);
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: var(--wf-space-2);
  }
  /* Segmented radio buttons: real radios, visually a button row. */
  .segmented {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2);
  }
  .segmented label {
    position: relative;
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    padding: var(--wf-space-2) var(--wf-space-4);
    border: 1px solid var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface);
    cursor: pointer;
    font-weight: 600;
  }
  .segmented input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .segmented label:has(input:checked) {
    background: var(--wf-color-accent);
    border-color: var(--wf-color-accent);
    color: var(--wf-color-accent-contrast);
  }
  .segmented label:has(input:focus-visible) {
    outline: var(--wf-focus-ring);
    outline-offset: var(--wf-focus-offset);
  }
  .drop {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wf-space-3);
    padding: var(--wf-space-4);
    border: 2px dashed var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface-alt);
  }
  .drop.dragging {
    border-color: var(--wf-color-accent);
    background: #e8f1fb;
  }
  .drop input[type='file'] {
    max-width: 100%;
    font: inherit;
  }
  .status {
    min-height: 1.45em;
    margin: var(--wf-space-2) 0 0;
  }
  .source {
    overflow-wrap: anywhere;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-1) var(--wf-space-6);
    margin: 0 0 var(--wf-space-3);
    padding: 0;
    list-style: none;
  }
  .facts strong {
    font-variant-numeric: tabular-nums;
  }
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
  th,
  td {
    padding: var(--wf-space-2) var(--wf-space-3);
    text-align: right;
    white-space: nowrap;
    border-bottom: 1px solid var(--wf-color-border-subtle);
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  thead th {
    background: var(--wf-color-surface-alt);
  }
  tbody tr:last-child td,
  tbody tr:last-child th {
    border-bottom: 0;
  }
  ul.notes {
    margin: 0;
    padding-left: 1.25rem;
    overflow-wrap: anywhere;
  }
  ul.notes li {
    margin-bottom: var(--wf-space-1);
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-4);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--wf-space-2);
    min-height: 2.75rem;
    cursor: pointer;
  }
  .check input {
    width: 1.15rem;
    height: 1.15rem;
    margin: 0;
    accent-color: var(--wf-color-accent);
  }
  .check:has(input:disabled) {
    cursor: default;
    color: var(--wf-color-text-muted);
  }
  .periods {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-4);
    margin: var(--wf-space-2) 0 0;
    padding: 0;
    list-style: none;
    font-size: var(--wf-font-size-sm);
  }
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border: 1px solid var(--wf-color-border);
    border-radius: 2px;
    vertical-align: -0.1rem;
    margin-right: var(--wf-space-1);
  }
  .form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: var(--wf-space-4);
    align-items: start;
  }
  .field > label:not(.check) {
    display: block;
    font-weight: 600;
    margin-bottom: var(--wf-space-1);
  }
  select {
    min-width: 10rem;
    font: inherit;
    color: inherit;
    min-height: 2.75rem;
    max-width: 100%;
    padding: var(--wf-space-2) var(--wf-space-3);
    border: 1px solid var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface);
  }
  .pending {
    opacity: 0.6;
  }
  @media (prefers-reduced-motion: no-preference) {
    .pending {
      transition: opacity 0.2s;
    }
  }
  .nav {
    display: flex;
    justify-content: flex-end;
    margin-top: var(--wf-space-6);
  }
  button.primary {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    padding: var(--wf-space-2) var(--wf-space-6);
    border: 0;
    border-radius: var(--wf-radius);
    background: var(--wf-color-accent);
    color: var(--wf-color-accent-contrast);
    cursor: pointer;
  }
  button.primary:disabled {
    background: var(--wf-color-track);
    color: var(--wf-color-text-muted);
    cursor: not-allowed;
  }
  @media (max-width: 480px) {
    .nav button {
      width: 100%;
    }
  }
`;

export const reportStepStyles = css`
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
`;
