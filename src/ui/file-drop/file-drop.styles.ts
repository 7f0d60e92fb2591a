import { css } from 'lit';

export const fileDropStyles = css`
  :host {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wf-space-2) var(--wf-space-3);
    padding: var(--wf-space-4);
    border: 2px dashed var(--wf-color-border);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface-alt);
  }
  :host([dragging]) {
    border-color: var(--wf-color-accent);
    background: #e8f1fb;
  }
  input[type='file'] {
    max-width: 100%;
    font: inherit;
  }
  .note {
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
  }
`;
