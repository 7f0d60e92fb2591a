/**
 * `<number-field>`: a labelled numeric input that validates as the user types and says what is
 * wrong ("Enter a whole number from 1 to 500.").
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { numberFieldStyles } from './number-field.styles.ts';

/**
 * Fired (bubbling, composed) on user input only, never when `value` is set by code.
 * `value` is the parsed number, or `NaN` when `valid` is false (empty, not a number, not whole,
 * or out of range).
 */
export class NumberChangeEvent extends Event {
  static readonly eventName = 'number-change';
  readonly value: number;
  readonly valid: boolean;

  constructor(value: number, valid: boolean) {
    super(NumberChangeEvent.eventName, { bubbles: true, composed: true });
    this.value = value;
    this.valid = valid;
  }
}

/**
 * A numeric input with label, unit, help text and an inline error message.
 *
 * @fires number-change - {@link NumberChangeEvent} on user input.
 * @example
 * html`<number-field label="Epochs" integer min="1" max="500" .value=${30}
 *   hint="Passes over the training data." @number-change=${this.handleEpochs}></number-field>`
 */
@customElement('number-field')
export class NumberField extends LitElement {
  static override styles = [theme, numberFieldStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  @query('input') private _input!: HTMLInputElement;

  /** The input's text; '' when empty or when the browser cannot parse it (`validity.badInput`). */
  @state() private _text = '';
  /** The browser could not parse what was typed (e.g. "1e"); the text stays as typed. */
  @state() private _badInput = false;
  /** The current validation message, '' when valid. Derived in `willUpdate`. */
  @state() private _error = '';
  /** Shows the error only once the user has typed or a value was set (not for an empty new field). */
  @state() private _touched = false;

  /** Visible label (the input's accessible name). */
  @property() label = '';
  /** The number; `NaN` when empty or invalid. Setting it never fires `number-change`. */
  @property({ type: Number }) value = NaN;
  /** Smallest allowed value (inclusive). */
  @property({ type: Number }) min?: number;
  /** Largest allowed value (inclusive). */
  @property({ type: Number }) max?: number;
  /** Step for the arrow keys and spinner buttons; not enforced, except by `integer`. */
  @property({ type: Number }) step?: number;
  /** Accept whole numbers only. */
  @property({ type: Boolean }) integer = false;
  /** Help text under the input. */
  @property() hint = '';
  /** Unit shown after the input and read with the label, e.g. "epochs" or "°C". */
  @property() unit = '';
  /** Disables the input. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Set while handling user input, so `willUpdate` does not overwrite what the user typed. */
  private _fromInput = false;
  /** `value` was set by code: `updated` writes it into the input. */
  private _writeInput = false;

  /** True when the current value is a number that satisfies `min`, `max` and `integer`. */
  get valid(): boolean {
    return this.validate(this._text, this._badInput) === '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value') && !this._fromInput) {
      this._text = Number.isFinite(this.value) ? String(this.value) : '';
      this._badInput = false;
      this._writeInput = true;
      if (Number.isFinite(this.value)) this._touched = true;
    }
    this._fromInput = false;
    this._error = this._touched ? this.validate(this._text, this._badInput) : '';
  }

  protected override updated(): void {
    // The input is not bound to `_text`: re-rendering must not wipe half-typed text such as "1e".
    if (this._writeInput) this._input.value = this._text;
    this._writeInput = false;
  }

  private handleInput(): void {
    this._text = this._input.value;
    this._badInput = this._input.validity.badInput;
    this._touched = true;
    const valid = this.validate(this._text, this._badInput) === '';
    const value = valid ? Number(this._text) : NaN;
    if (!Object.is(value, this.value)) {
      this._fromInput = true;
      this.value = value;
    }
    this.dispatchEvent(new NumberChangeEvent(value, valid));
  }

  /** The message for the input's state, or '' when it is valid. */
  private validate(text: string, badInput: boolean): string {
    const number = badInput || text.trim() === '' ? NaN : Number(text);
    const ok =
      Number.isFinite(number) &&
      (!this.integer || Number.isInteger(number)) &&
      (this.min === undefined || number >= this.min) &&
      (this.max === undefined || number <= this.max);
    return ok ? '' : this.message();
  }

  private message(): string {
    const kind = this.integer ? 'a whole number' : 'a number';
    const { min, max } = this;
    if (min !== undefined && max !== undefined) return `Enter ${kind} from ${min} to ${max}.`;
    if (min !== undefined) return `Enter ${kind} of at least ${min}.`;
    if (max !== undefined) return `Enter ${kind} of at most ${max}.`;
    return `Enter ${kind}.`;
  }

  override render() {
    const describedBy = [this.hint ? 'hint' : '', this._error ? 'error' : ''].filter(Boolean).join(' ');
    return html`
      <label for="input">
        ${this.label}${this.unit ? html`<span class="visually-hidden"> (${this.unit})</span>` : nothing}
      </label>
      <div class="control">
        <input
          id="input"
          type="number"
          inputmode=${this.integer ? 'numeric' : 'decimal'}
          min=${this.min ?? nothing}
          max=${this.max ?? nothing}
          step=${this.step ?? (this.integer ? 1 : 'any')}
          ?disabled=${this.disabled}
          aria-invalid=${this._error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${this.handleInput}
        />
        ${this.unit ? html`<span class="unit" aria-hidden="true">${this.unit}</span>` : nothing}
      </div>
      ${this.hint ? html`<p id="hint" class="hint">${this.hint}</p>` : nothing}
      <p id="error" class="error" role="alert">${this._error}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'number-field': NumberField;
  }
  interface HTMLElementEventMap {
    'number-change': NumberChangeEvent;
  }
}
