/**
 * `<progress-meter>`: a progress bar with a label and one line of detail
 * ("Epoch 12/30 · ETA 4 s · 2,300 samples/s"). Fixed height, so it never shifts the layout.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { styleProps } from '../style-props.ts';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { progressMeterStyles } from './progress-meter.styles.ts';

/**
 * A labelled progress bar (`role="progressbar"`, `aria-valuenow` in percent). A `value` that is
 * not a finite number shows an indeterminate bar (no `aria-valuenow`).
 *
 * @example
 * html`<progress-meter label="Training" .value=${epoch / epochs}
 *   detail="Epoch 12/30 · ETA 4 s"></progress-meter>`
 */
@customElement('progress-meter')
export class ProgressMeter extends LitElement {
  static override styles = [theme, progressMeterStyles];

  /** `value` as a whole percentage 0..100, or undefined when indeterminate. */
  @state() private _percent?: number;

  /** Fraction done, 0..1 (clamped); `NaN` for indeterminate. */
  @property({ type: Number }) value = 0;
  /** What is progressing, e.g. "Training"; the bar's accessible name. */
  @property() label = '';
  /** One line of detail under the bar; cut with an ellipsis if it does not fit. */
  @property() detail = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) {
      this._percent = Number.isFinite(this.value)
        ? Math.round(Math.min(1, Math.max(0, this.value)) * 100)
        : undefined;
    }
  }

  override render() {
    const percent = this._percent;
    const indeterminate = percent === undefined;
    return html`
      <p class="label" aria-hidden="true">
        <span>${this.label}</span>
        <span class="percent">${indeterminate ? '' : `${percent}%`}</span>
      </p>
      <div
        class="track ${indeterminate ? 'indeterminate' : ''}"
        role="progressbar"
        aria-label=${this.label || 'Progress'}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent ?? nothing}
        aria-valuetext=${!indeterminate && this.detail ? `${percent}% · ${this.detail}` : nothing}
      >
        <div class="bar" ${styleProps({ '--wf-progress': indeterminate ? undefined : String(percent / 100) })}></div>
      </div>
      <p class="detail" title=${this.detail || nothing}>${this.detail}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'progress-meter': ProgressMeter;
  }
}
