import { css } from 'lit';

export const appShellStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--wf-color-surface-alt);
    color: var(--wf-color-text);
    font-family: var(--wf-font);
  }
  header {
    background: var(--wf-color-surface);
    border-bottom: 1px solid var(--wf-color-border-subtle);
    position: sticky;
    top: 0;
    z-index: 10;
  }
  .bar {
    max-width: 1120px;
    margin: 0 auto;
    padding: 0.75rem 1rem 0.5rem;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 1rem;
  }
  .title {
    font-weight: 700;
    font-size: 1.05rem;
    margin: 0;
  }
  .share {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    font-size: 0.8rem;
  }
  .share-button,
  .shared-link .dismiss {
    font: inherit;
    font-size: 0.8rem;
    cursor: pointer;
    min-height: 2rem;
    padding: 0.25rem 0.65rem;
    border-radius: var(--wf-radius);
    border: 1px solid var(--wf-color-accent);
    background: var(--wf-color-surface);
    color: var(--wf-color-accent);
  }
  .share-status:empty {
    display: none;
  }
  .share-link input {
    font: inherit;
    width: min(28rem, 80vw);
  }
  .shared-link {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-bottom: 1rem;
    padding: 0.75rem 1rem;
    border-left: 4px solid var(--wf-color-accent);
    background: var(--wf-color-surface);
    border-radius: var(--wf-radius);
  }
  .shared-link p {
    margin: 0;
    flex: 1 1 20rem;
  }
  .backend {
    margin-left: auto;
    font-size: 0.8rem;
    color: var(--wf-color-text-muted);
  }
  nav ol {
    list-style: none;
    margin: 0 auto;
    padding: 0 1rem 0.6rem;
    max-width: 1120px;
    display: flex;
    gap: 0.25rem;
    overflow-x: auto;
    scrollbar-width: thin;
    scroll-padding-inline: 1rem; /* the current step, scrolled into view, keeps the list's side padding */
  }
  nav a,
  nav span {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    padding: 0.35rem 0.65rem;
    border-radius: 999px;
    font-size: 0.875rem;
    white-space: nowrap;
    text-decoration: none;
    color: var(--wf-color-text);
    border: 1px solid transparent;
  }
  nav a:hover {
    background: var(--wf-color-track);
  }
  nav a[aria-current='step'] {
    background: var(--wf-color-accent);
    color: #fff;
  }
  nav span[aria-disabled='true'] {
    color: var(--wf-color-text-muted);
    opacity: 0.6;
    cursor: not-allowed;
  }
  nav .num {
    padding: 0; /* not the pill padding of "nav span" */
  }
  .num {
    display: inline-grid;
    place-items: center;
    width: 1.35rem;
    height: 1.35rem;
    border-radius: 50%;
    font-size: 0.75rem;
    font-weight: 600;
    background: var(--wf-color-track);
    color: var(--wf-color-text);
  }
  a[aria-current='step'] .num {
    background: rgba(255, 255, 255, 0.25);
    color: #fff;
  }
  .done .num {
    background: #d7f0de;
  }
  main:focus {
    outline: none;
  }
  main {
    max-width: 1120px;
    margin: 0 auto;
    padding: 1rem;
  }
  error-banner {
    display: block;
    margin-bottom: 1rem;
  }
  .closed {
    padding: 2rem 1rem;
    text-align: center;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 3px solid var(--wf-color-focus);
    outline-offset: 2px;
  }
  .loading {
    padding: 3rem 1rem;
    text-align: center;
    color: var(--wf-color-text-muted);
  }
  /*
   * A phone: the header scrolls away with the page (a sticky one took 155 of 844 px) and fits in two
   * rows, title and link button, then the stepper; the backend in use is on the Start and Training pages.
   */
  @media (max-width: 600px) {
    header {
      position: static;
    }
    .bar {
      flex-wrap: nowrap;
      align-items: center;
      padding: 0.4rem 0.75rem 0.3rem;
      gap: 0.5rem;
    }
    .title {
      flex: 1 1 auto;
      min-width: 0;
      font-size: 0.9rem;
      line-height: 1.2;
    }
    .share {
      flex: none;
    }
    .share:has(.share-link) {
      flex: 1 1 100%;
    }
    .bar:has(.share-link) {
      flex-wrap: wrap;
    }
    .backend {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    nav ol {
      padding: 0 0.75rem 0.4rem;
      scroll-padding-inline: 0.75rem;
    }
    nav a,
    nav span {
      padding: 0.3rem 0.55rem;
    }
  }
`;
