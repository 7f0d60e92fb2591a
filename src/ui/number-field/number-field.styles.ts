import { css } from 'lit';

export const numberFieldStyles = css`
  :host {
    display: block;
    max-width: 100%;
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: var(--wf-space-1);
  }
  .control {
    display: flex;
    align-items: center;
    gap: var(--wf-space-2);
  }
  input {
    font: inherit;
    color: inherit;
    width: 10rem;
    max-width: 100%;
    min-width: 0;
    min-height: 2.75rem; /* 44 px touch target */
    padding: var(--wf-space-2) var(--wf-space-3);
    border: 1px solid var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface);
    font-variant-numeric: tabular-nums;
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--wf-color-danger);
  }
  input:disabled {
    background: var(--wf-color-surface-alt);
    color: var(--wf-color-text-muted);
    cursor: not-allowed;
  }
  .unit {
    color: var(--wf-color-text-muted);
  }
  .hint,
  .error {
    margin: var(--wf-space-1) 0 0;
    font-size: var(--wf-font-size-sm);
  }
  .hint {
    color: var(--wf-color-text-muted);
  }
  .error {
    color: var(--wf-color-danger);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
`;
