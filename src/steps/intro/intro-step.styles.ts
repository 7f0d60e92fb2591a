import { css } from 'lit';

export const introStepStyles = css`
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
  .lead {
    font-size: 1.05rem;
    max-width: 62ch;
    margin: 0 0 var(--wf-space-6);
  }
  .card {
    background: var(--wf-color-surface);
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    padding: var(--wf-space-4);
    margin-bottom: var(--wf-space-4);
    min-width: 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: var(--wf-space-4);
    margin-bottom: var(--wf-space-4);
  }
  .grid .card {
    margin-bottom: 0;
  }
  ol.workflow {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: var(--wf-space-2);
  }
  ol.workflow li {
    display: grid;
    grid-template-columns: 1.75rem 1fr;
    gap: var(--wf-space-2);
    align-items: baseline;
  }
  .num {
    display: inline-grid;
    place-items: center;
    width: 1.5rem;
    height: 1.5rem;
    border-radius: 50%;
    background: var(--wf-color-track);
    font-size: 0.8rem;
    font-weight: 600;
  }
  .task {
    font-weight: 600;
  }
  .where {
    color: var(--wf-color-text-muted);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--wf-space-1) var(--wf-space-3);
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  p {
    margin: 0 0 var(--wf-space-3);
  }
  p:last-child {
    margin-bottom: 0;
  }
  .muted {
    color: var(--wf-color-text-muted);
    font-size: var(--wf-font-size-sm);
  }
  code {
    font-family: var(--wf-font-mono);
    font-size: 0.9em;
  }
  .start {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wf-space-3);
    margin-top: var(--wf-space-6);
  }
  button.primary {
    font: inherit;
    font-size: 1.1rem;
    font-weight: 600;
    min-height: 3rem;
    padding: var(--wf-space-3) var(--wf-space-6);
    border: 0;
    border-radius: var(--wf-radius);
    background: var(--wf-color-accent);
    color: var(--wf-color-accent-contrast);
    cursor: pointer;
  }
  button.primary:hover {
    filter: brightness(1.1);
  }
  @media (max-width: 480px) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: var(--wf-space-2);
    }
    button.primary {
      width: 100%;
    }
  }
`;
