import { css } from 'lit';

/** Rules of the data step and its panels only; the shared sheets are in src/ui/styles and ../shared/step-page.styles.ts. */
export const dataStepStyles = css`
  .source {
    overflow-wrap: anywhere;
  }
  .facts {
    row-gap: var(--wf-space-1);
  }
  .facts strong {
    font-variant-numeric: tabular-nums;
  }
  ul.notes {
    margin: 0;
    padding-left: 1.25rem;
    overflow-wrap: anywhere;
  }
  ul.notes li {
    margin-bottom: var(--wf-space-1);
  }
  .periods {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wf-space-2) var(--wf-space-4);
    margin: var(--wf-space-2) 0 0;
    padding: 0;
    list-style: none;
    font-size: var(--wf-font-size-sm);
  }
  details > summary {
    cursor: pointer;
  }
  details > summary h2 {
    display: inline;
  }
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border: 1px solid var(--wf-color-border);
    border-radius: 2px;
    vertical-align: -0.1rem;
    margin-right: var(--wf-space-1);
  }
`;
