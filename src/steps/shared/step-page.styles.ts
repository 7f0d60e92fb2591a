import { css } from 'lit';

/** The frame of a step page (see `stepPage`): the lead paragraph and the navigation row. */
export const stepPageStyles = css`
  .lead {
    max-width: 70ch;
    margin: 0 0 var(--wf-space-4);
  }
  .nav {
    display: flex;
    justify-content: flex-end;
    margin-top: var(--wf-space-6);
  }
  @media (max-width: 480px) {
    .nav button {
      width: 100%;
    }
  }
`;
