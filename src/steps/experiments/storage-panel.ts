/**
 * `<storage-panel>`: how much of this browser's storage the runs and models use, whether the browser
 * may clear it, and one click to prune the records that keep no model (search trials).
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { decimal } from '../../ml/format.ts';
import { stepStyles } from '../shared/step-page.ts';

/** Bytes as "3.4 MB" or "1.2 GB". */
function size(bytes: number): string {
  return bytes >= 1e9 ? `${decimal(bytes / 1e9, 1)} GB` : `${decimal(bytes / 1e6, 1)} MB`;
}

@customElement('storage-panel')
export class StoragePanel extends LitElement {
  static override styles = stepStyles;

  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  private handlePrune(ids: string[]): void {
    this.dispatchEvent(intent('runs-deleted', { runIds: ids }));
  }

  override render(): TemplateResult | typeof nothing {
    const info = this.state.storage;
    const trials = this.state.runs.filter((r) => r.kind === 'search');
    if (!info && trials.length === 0) return nothing;
    return html`<section class="card" aria-labelledby="storage-title" data-testid="storage">
      <h2 id="storage-title">Storage in this browser</h2>
      ${info
        ? html`<p data-testid="storage-estimate">
            Runs and models use <strong>${size(info.usedBytes)}</strong> of ${size(info.quotaBytes)} this browser allows the app.
            ${info.persisted
              ? 'The browser has promised not to clear them.'
              : 'The browser may clear them when space runs short; download models you want to keep (step 6).'}
          </p>`
        : nothing}
      ${trials.length > 0
        ? html`<div class="actions">
            <button type="button" class="secondary" data-testid="prune-trials" @click=${() => this.handlePrune(trials.map((t) => t.id))}>
              Delete the ${trials.length} search trial${trials.length === 1 ? '' : 's'} (they keep no model)
            </button>
          </div>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'storage-panel': StoragePanel;
  }
}
