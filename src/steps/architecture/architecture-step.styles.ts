import { css } from 'lit';

/** Rules of this step only; the shared layout is in src/ui/styles and ../shared/step-page.styles.ts. */
export const architectureStepStyles = css`
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: var(--wf-space-3);
  }
  .arch {
    position: relative;
    display: block;
    padding: var(--wf-space-3) var(--wf-space-4);
    border: 1px solid var(--wf-color-border-subtle);
    border-radius: var(--wf-radius);
    background: var(--wf-color-surface);
    cursor: pointer;
  }
  .arch:hover {
    border-color: var(--wf-color-border);
  }
  .arch:has(input:checked) {
    border: 2px solid var(--wf-color-accent);
    padding: calc(var(--wf-space-3) - 1px) calc(var(--wf-space-4) - 1px);
    background: #eef5fc;
  }
  .arch:has(input:focus-visible) {
    outline: var(--wf-focus-ring);
    outline-offset: var(--wf-focus-offset);
  }
  .arch .name {
    display: flex;
    align-items: center;
    gap: var(--wf-space-2);
    font-weight: 700;
    margin-bottom: var(--wf-space-1);
  }
  .arch input {
    flex: none;
    width: 1.1rem;
    height: 1.1rem;
    margin: 0;
    accent-color: var(--wf-color-accent);
  }
  .arch .description {
    display: block;
    font-size: var(--wf-font-size-sm);
    color: var(--wf-color-text-muted);
  }
  .layers {
    min-height: 12rem;
  }
  tfoot td,
  tfoot th {
    font-weight: 700;
    border-top: 2px solid var(--wf-color-border-subtle);
    border-bottom: 0;
  }
  .params {
    font-size: 1.05rem;
    margin-top: var(--wf-space-3);
  }
`;
