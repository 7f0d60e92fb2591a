import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps keyboard focus in a group of action buttons when the focused one disables itself or goes
 * away: Start is disabled while a job runs and Stop when it ends. Without this, the browser drops
 * focus to the page and a keyboard user starts again from the top.
 *
 * After each update, if the button that had focus is now disabled or removed, the first enabled
 * button of the same group (an element matching `groupSelector`) gets focus.
 *
 * @example
 * private readonly focusHandoff = new FocusHandoffController(this); // in a LitElement
 */
export class FocusHandoffController implements ReactiveController {
  private focused: HTMLElement | null = null;
  private group: Element | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly groupSelector = '.actions, .controls',
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const active = this.host.shadowRoot?.activeElement;
    this.group = active instanceof HTMLButtonElement ? active.closest(this.groupSelector) : null;
    this.focused = this.group ? (active as HTMLElement) : null;
  }

  hostUpdated(): void {
    const { focused, group } = this;
    this.focused = this.group = null;
    if (!focused || !group?.isConnected) return;
    if (focused.isConnected && !(focused as HTMLButtonElement).disabled) return;
    group.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }
}
