import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { fileDropStyles } from './file-drop.styles.ts';

/** A file the user chose or dropped. */
export class FileChosenEvent extends Event {
  constructor(readonly file: File) {
    super('file-chosen', { bubbles: true, composed: true });
  }
}

/**
 * `<file-drop>`: a labelled file input inside a drop zone. Choosing a file or dropping one on the
 * zone fires `file-chosen` with the file; choosing the same file again fires it again.
 *
 * @fires file-chosen - {@link FileChosenEvent}, on a user's choice or drop only
 * @example <file-drop input-id="file" label="Your CSV" accept=".csv" @file-chosen=${…}></file-drop>
 */
@customElement('file-drop')
export class FileDrop extends LitElement {
  static override styles = [theme, fileDropStyles];

  /** The label's leading, bold part. */
  @property() label = '';
  /** Plain text after the bold part of the label. */
  @property() detail = '';
  /** A muted note after the input, e.g. "or drop it here". */
  @property() note = '';
  /** `accept` of the file input. */
  @property() accept = '';
  /** `id` of the file input (tests and the label refer to it). */
  @property({ attribute: 'input-id' }) inputId = 'file';
  /** Disables the input and ignores drops. */
  @property({ type: Boolean }) disabled = false;
  /** While a file is dragged over the zone (reflected, for the highlight). */
  @property({ type: Boolean, reflect: true }) dragging = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('dragover', this.handleDragOver);
    this.addEventListener('dragleave', this.handleDragLeave);
    this.addEventListener('drop', this.handleDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('dragover', this.handleDragOver);
    this.removeEventListener('dragleave', this.handleDragLeave);
    this.removeEventListener('drop', this.handleDrop);
  }

  private readonly handleDragOver = (event: DragEvent): void => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.disabled ? 'none' : 'copy';
    this.dragging = !this.disabled;
  };

  private readonly handleDragLeave = (): void => {
    this.dragging = false;
  };

  private readonly handleDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file && !this.disabled) this.dispatchEvent(new FileChosenEvent(file));
  };

  private handleInput(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again must fire `change` again
    if (file) this.dispatchEvent(new FileChosenEvent(file));
  }

  override render(): TemplateResult {
    return html`<label for=${this.inputId}><strong>${this.label}</strong>${this.detail ? ` ${this.detail}` : nothing}</label>
      <input id=${this.inputId} type="file" accept=${this.accept} ?disabled=${this.disabled} @change=${this.handleInput} />
      ${this.note ? html`<span class="note">${this.note}</span>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'file-drop': FileDrop;
  }
  interface HTMLElementEventMap {
    'file-chosen': FileChosenEvent;
  }
}
