import { css } from 'lit';

/**
 * The page-level look every step and panel shares, from the theme tokens: headings, paragraphs,
 * cards, muted text, inline errors and the two-column grid. Include after `theme`.
 */
export const baseStyles = css`
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
  code {
    font-family: var(--wf-font-mono);
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
  .muted,
  .hint,
  .note {
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
  }
  /* A row of facts or figures, wrapping on narrow screens: <ul class="inline-list">. */
  .inline-list {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-6);
    margin: 0 0 var(--wf-space-3);
    padding: 0;
    list-style: none;
  }
  .status {
    min-height: 1.45em;
    margin: var(--wf-space-2) 0 0;
  }
  .pending {
    opacity: 0.6;
  }
  @media (prefers-reduced-motion: no-preference) {
    .pending {
      transition: opacity 0.2s;
    }
  }
  error-banner {
    display: block;
    margin-bottom: var(--wf-space-3);
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
`;
