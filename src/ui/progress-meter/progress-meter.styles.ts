import { css } from 'lit';

export const progressMeterStyles = css`
  :host {
    display: block;
  }
  /* Every line has a fixed height, so updates (or an empty detail) never move the page. */
  .label,
  .detail {
    height: calc(var(--wf-line-height) * 1em);
    margin: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .label {
    display: flex;
    justify-content: space-between;
    gap: var(--wf-space-2);
    font-weight: 600;
  }
  .percent {
    font-variant-numeric: tabular-nums;
    font-weight: 400;
  }
  .track {
    height: 0.625rem;
    margin: var(--wf-space-1) 0;
    border-radius: 999px;
    background: var(--wf-color-track);
    overflow: hidden;
    /* The track must be distinguishable from the page (1.4.11). */
    box-shadow: inset 0 0 0 1px var(--wf-color-border);
  }
  /*
   * The bar moves by transform only (scaleX, translateX), never by width: a width transition lays out
   * and paints the page 60 times a second, which during a search or a training takes CPU from the
   * workers on a two-core machine.
   */
  .bar {
    width: 100%;
    height: 100%;
    background: var(--wf-color-accent);
    transform-origin: left;
    transform: scaleX(var(--wf-progress, 0));
    will-change: transform;
  }
  .indeterminate .bar {
    width: 30%;
    transform: none;
  }
  @media (prefers-reduced-motion: no-preference) {
    .indeterminate .bar {
      animation: slide 1.2s ease-in-out infinite;
    }
  }
  @keyframes slide {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  .detail {
    font-size: var(--wf-font-size-sm);
    height: calc(var(--wf-line-height) * var(--wf-font-size-sm));
    color: var(--wf-color-text-muted);
    font-variant-numeric: tabular-nums;
  }
`;
