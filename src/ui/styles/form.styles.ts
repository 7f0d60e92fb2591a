import { css } from 'lit';

/**
 * Form controls: fieldsets, labelled fields, selects, check boxes, segmented radio rows, the
 * auto-fit form grid and the flex row of controls.
 */
export const formStyles = css`
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
  .form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: var(--wf-space-4);
    align-items: start;
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
    min-width: 0;
    max-width: 100%;
  }
  .field > label:not(.check) {
    display: block;
    font-weight: 600;
    margin-bottom: var(--wf-space-1);
  }
  select,
  input[type='search'],
  input[type='text'],
  input[type='number'] {
    min-width: 10rem;
    font: inherit;
    color: inherit;
    min-height: 2.75rem; /* 44 px touch target, like number-field */
    max-width: 100%;
    padding: var(--wf-space-2) var(--wf-space-3);
    border: 1px solid var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface);
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
`;
