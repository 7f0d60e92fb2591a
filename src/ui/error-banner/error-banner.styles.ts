import { css } from 'lit';

export const errorBannerStyles = css`
  :host {
    display: block;
  }
  .banner {
    display: flex;
    align-items: flex-start;
    gap: var(--wf-space-3);
    padding: var(--wf-space-3) var(--wf-space-4);
    border: 1px solid var(--wf-color-danger);
    border-left-width: 6px;
    border-radius: var(--wf-radius);
    background: var(--wf-color-danger-surface);
    color: var(--wf-color-text);
  }
  .text {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere; /* long file names and stack-ish messages must not overflow at 390 px */
  }
  .message {
    margin: 0;
    font-weight: 600;
    color: var(--wf-color-danger);
    white-space: pre-line;
  }
  .hint {
    margin: var(--wf-space-1) 0 0;
    white-space: pre-line;
  }
  button {
    flex: none;
    display: grid;
    place-items: center;
    width: 2.75rem; /* 44 px touch target */
    height: 2.75rem;
    margin: calc(-1 * var(--wf-space-2)) calc(-1 * var(--wf-space-2)) 0 0;
    padding: 0;
    border: 0;
    border-radius: var(--wf-radius);
    background: transparent;
    color: var(--wf-color-danger);
    font: inherit;
    font-size: 1.5rem;
    line-height: 1;
    cursor: pointer;
  }
  button:hover {
    background: rgb(166 27 27 / 0.1);
  }
`;
