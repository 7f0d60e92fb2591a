import { css } from 'lit';

/**
 * Buttons. A button without a class (or with `.primary`) is a primary action (accent fill); `.secondary` is an outlined
 * one (Stop, Copy, Cancel). Disabled buttons of both kinds turn to the track colour with muted text,
 * so that they read as unavailable without fading their label below the contrast minimum.
 */
export const buttonStyles = css`
  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    padding: var(--wf-space-2) var(--wf-space-6);
    border: 1px solid var(--wf-color-accent);
    border-radius: var(--wf-radius);
    background: var(--wf-color-accent);
    color: var(--wf-color-accent-contrast);
    cursor: pointer;
  }
  button.secondary {
    border-color: var(--wf-color-border);
    background: var(--wf-color-surface);
    color: var(--wf-color-text);
  }
  button:disabled {
    border-color: var(--wf-color-track);
    background: var(--wf-color-track);
    color: var(--wf-color-text-muted);
    cursor: not-allowed;
  }
  div.actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-3);
    align-items: center;
    margin: var(--wf-space-2) 0;
  }
`;
