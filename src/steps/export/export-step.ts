/**
 * `<export-step>` (step 6): hands the selected model to a software engineer — a zip with the
 * model, its metadata, test vectors, model card and code (download panel), the code to use it,
 * and a panel that reloads a zip and forecasts with it (use-it panel).
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BROWSER_SNIPPET, NODE_ONNX_SNIPPET, NODE_SNIPPET } from '../../app/snippets.ts';
import { INITIAL_STATE, type WorkflowState } from '../../app/state.ts';
import { childrenUpdated } from '../../ui/update-complete.ts';
import { runPicker } from '../shared/run-picker.ts';
import { SelectedRunController } from '../shared/selected-run.ts';
import { stepPage } from '../shared/step-page.ts';
import './download-panel.ts';
import { exportPanelStyles } from './export-panel.ts';
import './use-it-panel.ts';

type SnippetId = 'browser' | 'node' | 'node-onnx';

const SNIPPETS: Readonly<Record<SnippetId, { title: string; file: string; code: string }>> = {
  browser: { title: 'In the browser', file: 'examples/forecast-browser.js', code: BROWSER_SNIPPET },
  node: { title: 'In Node.js', file: 'examples/load-node.mjs', code: NODE_SNIPPET },
  'node-onnx': { title: 'In Node.js with ONNX Runtime', file: 'examples/forecast-onnx-node.mjs', code: NODE_ONNX_SNIPPET },
};

@customElement('export-step')
export class ExportStep extends LitElement {
  static override styles = exportPanelStyles;

  private readonly selection = new SelectedRunController(this);

  @state() private _copyStatus: Partial<Record<SnippetId, string>> = {};

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Resolves once the panels show the new state too. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await childrenUpdated(this.renderRoot);
    return done;
  }

  private async handleCopy(id: SnippetId): Promise<void> {
    try {
      await navigator.clipboard.writeText(SNIPPETS[id].code);
      this._copyStatus = { ...this._copyStatus, [id]: 'Copied to the clipboard.' };
    } catch {
      this._copyStatus = { ...this._copyStatus, [id]: 'Copying is not allowed here: select the code and press Ctrl+C (⌘C on a Mac).' };
    }
  }

  private renderSnippets(): TemplateResult {
    return html`<section class="card" aria-labelledby="code-title">
      <h2 id="code-title">Use it in code</h2>
      <p class="muted">
        The same files are in the zip's examples/ folder, with Python (onnxruntime and numpy), Java and C++ (ONNX Runtime) versions that have this model's
        feature order, normalization and window written in and check themselves against its test vectors. No code from this project is needed: only
        TensorFlow.js or ONNX Runtime, and metadata.json.
      </p>
      ${(Object.keys(SNIPPETS) as SnippetId[]).map((id) => {
        const s = SNIPPETS[id];
        return html`<div class="snippet">
          <div class="snippet-head">
            <h3>${s.title} <span class="muted">(${s.file})</span></h3>
            <button type="button" class="secondary" data-testid="copy-${id}" aria-label="Copy the ${s.title.toLowerCase()} code" @click=${() => this.handleCopy(id)}>Copy</button>
          </div>
          <p class="muted" aria-live="polite" data-testid="copy-status-${id}">${this._copyStatus[id] ?? ''}</p>
          <pre tabindex="0" aria-label="${s.title} code"><code>${s.code}</code></pre>
        </div>`;
      })}
    </section>`;
  }

  override render(): TemplateResult {
    const run = this.selection.run;
    return stepPage({
      title: 'Step 6 · Export',
      lead: html`A model is only useful once someone else can run it. An ML engineer hands over the weights together with everything needed to feed them
        correctly — feature order, units, normalization, window — plus test vectors that prove a reload predicts exactly the same, and a model card that
        says what the model is good for and what it is not.`,
      body: html`${this.selection.hasRuns ? html`<div class="picker">${runPicker(this.state)}</div>` : nothing}
      ${run?.evaluation
        ? html`<download-panel .state=${this.state} .run=${run}></download-panel> ${this.renderSnippets()}`
        : html`<p class="card">Train a model in step 3 to export it here, or reopen a model zip you downloaded before, below.</p>`}
      <use-it-panel .state=${this.state}></use-it-panel>`,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'export-step': ExportStep;
  }
}
