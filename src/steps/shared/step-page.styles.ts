import { css } from 'lit';

/** The frame of a step page (see `stepPage`): the lead paragraph and the navigation row. */
export const stepPageStyles = css`
  .lead {
    max-width: 70ch;
    margin: 0 0 var(--wf-space-4);
  }
  /*
   * The navigation row sticks to the bottom of the window while the page is longer than it, so Next is
   * always one press away, never only after long reports; at the end of the page it rests in place.
   * Only the button floats: the row itself is see-through and lets clicks pass to what is beneath it.
   */
  .nav {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--wf-space-2) var(--wf-space-4);
    margin-top: var(--wf-space-6);
    position: sticky;
    bottom: 0;
    z-index: 5;
    padding: var(--wf-space-2) 0;
    pointer-events: none;
  }
  .nav button {
    pointer-events: auto;
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
  }
  .nav-note {
    margin: var(--wf-space-6) 0 0;
    text-align: right;
  }
  .nav-note + .nav {
    margin-top: var(--wf-space-2);
  }
  @media (max-width: 480px) {
    .nav {
      padding: var(--wf-space-1) 0;
    }
    .nav-note {
      text-align: left;
    }
  }
`;
