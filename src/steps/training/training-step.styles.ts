import { css } from 'lit';

/** Rules of this step only; the shared layout is in src/ui/styles and ../shared/step-page.styles.ts. */
export const trainingStepStyles = css`
  /*
   * The workbench: the hyperparameters beside the live card (Start, Stop, progress, curve), so that
   * pressing Start leaves the curve and the progress on screen. On a wide screen the live card stays in
   * view while the settings scroll; on a narrow one it comes first, right under the lead.
   */
  .workbench {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    margin-bottom: var(--wf-space-4);
  }
  .workbench > .card {
    margin-bottom: 0;
  }
  .workbench .live {
    order: -1;
    margin-bottom: var(--wf-space-4);
  }
  @media (min-width: 960px) {
    .workbench {
      grid-template-columns: minmax(0, 36rem) minmax(0, 1fr);
      gap: var(--wf-space-4);
      align-items: start;
    }
    .workbench .live {
      order: 0;
      margin-bottom: 0;
      position: sticky;
      top: 6rem;
    }
  }
  /* Start, Stop and the status line, at the top of the live card. */
  .controls {
    align-items: center;
    gap: var(--wf-space-3);
    margin: 0;
  }
  .status {
    margin: 0;
  }
  /* A phone: Start, Stop and the status on one row, to leave the height to the curve. */
  @media (max-width: 480px) {
    .controls {
      flex-wrap: nowrap;
      gap: var(--wf-space-2);
    }
    .controls button {
      flex: none;
      padding: var(--wf-space-2) var(--wf-space-4);
    }
    .status {
      flex: 1 1 0;
      min-width: 0;
    }
  }
  .live {
    display: grid;
    gap: var(--wf-space-3);
  }
  .live h2 {
    margin-bottom: 0;
  }
  progress-meter {
    display: block;
  }
  .results {
    min-height: 7.5rem;
  }
  .caption {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  dl.results-list {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr));
    gap: var(--wf-space-3);
    margin: 0;
  }
  dl.results-list div {
    padding: var(--wf-space-2) var(--wf-space-3);
    background: var(--wf-color-surface-alt);
    border-radius: var(--wf-radius);
  }
  dl.results-list dt {
    font-size: var(--wf-font-size-sm);
    color: var(--wf-color-text-muted);
  }
  dl.results-list dd {
    margin: 0;
    font-size: 1.15rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .runs {
    display: grid;
    gap: var(--wf-space-2);
  }
  .run {
    display: flex;
    align-items: flex-start;
    gap: var(--wf-space-3);
    padding: var(--wf-space-2) var(--wf-space-3);
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    cursor: pointer;
  }
  .run:has(input:checked) {
    border-color: var(--wf-color-accent);
    background: #eef5fc;
  }
  .run input {
    width: 1.1rem;
    height: 1.1rem;
    margin: 0.2rem 0 0;
    flex: none;
    accent-color: var(--wf-color-accent);
  }
  .run .text {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .run .metrics {
    display: block;
    font-size: var(--wf-font-size-sm);
    color: var(--wf-color-text-muted);
    font-variant-numeric: tabular-nums;
  }
`;
