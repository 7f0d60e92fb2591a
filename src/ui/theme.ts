/**
 * Shared look of the widgets: design tokens (CSS custom properties), the focus ring and the
 * `.visually-hidden` utility. System fonts only: the app makes no font or other network requests.
 *
 * The tokens are declared on `:root, :host`, so the same stylesheet works inside a shadow root
 * (each widget includes it) and adopted by the document (the app shell's light DOM). To restyle one
 * widget, set a token on the element itself, e.g. `number-field { --wf-color-accent: #6b2fa3 }`.
 */
import { css } from 'lit';

/**
 * Colour, spacing, radius and font tokens. Light theme; text/background pairs meet WCAG AA
 * (text ≥ 4.5:1, borders and focus ring ≥ 3:1 against `--wf-color-surface`).
 */
export const tokens = css`
  :root,
  :host {
    --wf-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans',
      sans-serif;
    --wf-font-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace;
    --wf-font-size: 1rem;
    --wf-font-size-sm: 0.875rem;
    --wf-line-height: 1.45;

    --wf-color-text: #1b1f24; /* 16.6:1 on white */
    --wf-color-text-muted: #4b5563; /* 7.6:1 on white */
    --wf-color-surface: #ffffff;
    --wf-color-surface-alt: #f3f5f8;
    --wf-color-border: #6b7280; /* 4.8:1: input borders must be visible (1.4.11) */
    --wf-color-border-subtle: #d5dae1; /* decorative dividers only */
    --wf-color-accent: #0b5cad; /* 6.6:1 on white */
    --wf-color-accent-contrast: #ffffff;
    --wf-color-danger: #a61b1b; /* 7.5:1 on white, 6.6:1 on danger-surface */
    --wf-color-danger-surface: #fdeceb;
    --wf-color-track: #dfe4ea;
    --wf-color-focus: #0b5cad;

    --wf-space-1: 0.25rem;
    --wf-space-2: 0.5rem;
    --wf-space-3: 0.75rem;
    --wf-space-4: 1rem;
    --wf-space-6: 1.5rem;
    --wf-radius: 6px;
    --wf-focus-ring: 3px solid var(--wf-color-focus);
    --wf-focus-offset: 2px;
  }
`;

/** A visible keyboard focus ring on every focusable element (mouse clicks do not show it). */
export const focusRing = css`
  :focus-visible {
    outline: var(--wf-focus-ring);
    outline-offset: var(--wf-focus-offset);
  }
`;

/** `.visually-hidden`: removed from the visual layout, still read by screen readers. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    padding: 0 !important;
    margin: -1px !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }
`;

/** Base host styles for a widget: font, colour, box sizing. */
export const hostBase = css`
  :host {
    box-sizing: border-box;
    font-family: var(--wf-font);
    font-size: var(--wf-font-size);
    line-height: var(--wf-line-height);
    color: var(--wf-color-text);
  }
  :host *,
  :host *::before,
  :host *::after {
    box-sizing: inherit;
  }
  :host([hidden]) {
    display: none !important;
  }
`;

/** Everything a widget needs from the theme, in order: include first in `static styles`. */
export const theme = [tokens, hostBase, focusRing, visuallyHidden];

/** `(prefers-reduced-motion: reduce)`: true when the user asked for less motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
