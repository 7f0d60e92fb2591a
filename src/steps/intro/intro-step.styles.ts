import { css } from 'lit';

/** Rules of this step only; the shared sheets are in src/ui/styles and ../shared/step-page.styles.ts. */
export const introStepStyles = css`
  .lead {
    font-size: 1.05rem;
    max-width: 62ch;
    margin: 0 0 var(--wf-space-6);
  }
  .grid {
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    align-items: stretch;
    margin-bottom: var(--wf-space-4);
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
  p:last-child {
    margin-bottom: 0;
  }
  code {
    font-size: 0.9em;
  }
  /* The start button leads, with a note beside it. */
  .nav {
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-start;
    gap: var(--wf-space-3);
  }
  button.primary {
    font-size: 1.1rem;
    min-height: 3rem;
    padding: var(--wf-space-3) var(--wf-space-6);
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
  }
`;
