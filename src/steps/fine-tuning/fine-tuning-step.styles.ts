import { css } from 'lit';

/** Rules of this step and its panels only; the shared sheets are in src/ui/styles and ../shared/step-page.styles.ts. */
export const fineTuningStepStyles = css`
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
  .no-gain {
    border-left: 4px solid var(--wf-color-danger);
    background: var(--wf-color-danger-surface);
    padding: var(--wf-space-2) var(--wf-space-3);
    margin: var(--wf-space-2) 0;
  }
  .no-gain p {
    margin: 0 0 var(--wf-space-2);
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
  .panels {
    display: flex;
    flex-direction: column;
  }
`;
