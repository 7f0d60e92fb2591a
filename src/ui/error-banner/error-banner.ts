/**
 * `<error-banner>`: the one way the app shows an error: a message, an optional hint on what to do,
 * and a dismiss button. Text is rendered as text, never as HTML.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { errorBannerStyles } from './error-banner.styles.ts';

/**
 * Fired (bubbling, composed, cancelable) when the user presses the dismiss button.
 * Unless cancelled, the banner clears its own `message` and hides.
 */
export class DismissEvent extends Event {
  static readonly eventName = 'dismiss';

  constructor() {
    super(DismissEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * An error message with a hint and a dismiss button; renders nothing while `message` is empty.
 * The `role="alert"` container is always present, so a message that appears is announced.
 *
 * @fires dismiss - {@link DismissEvent} when the user dismisses the banner.
 * @example
 * html`<error-banner .message=${error?.message ?? ''} .hint=${error?.hint ?? ''}
 *   @dismiss=${this.handleDismiss}></error-banner>`
 */
@customElement('error-banner')
export class ErrorBanner extends LitElement {
  static override styles = [theme, errorBannerStyles];

  /** What went wrong, as plain text. Empty: the banner is hidden. */
  @property() message = '';
  /** What the user can do about it, as plain text (optional). */
  @property() hint = '';

  private handleDismiss(): void {
    if (this.dispatchEvent(new DismissEvent())) this.message = '';
  }

  override render() {
    return html`
      <div role="alert">
        ${this.message
          ? html`<div class="banner">
              <div class="text">
                <p class="message">${this.message}</p>
                ${this.hint ? html`<p class="hint">${this.hint}</p>` : nothing}
              </div>
              <button type="button" aria-label="Dismiss error" @click=${this.handleDismiss}>
                <span aria-hidden="true">×</span>
              </button>
            </div>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'error-banner': ErrorBanner;
  }
  interface HTMLElementEventMap {
    dismiss: DismissEvent;
  }
}
