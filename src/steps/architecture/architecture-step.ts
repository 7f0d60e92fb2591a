/**
 * `<architecture-step>` (step 2): choose a model family and its size, and see the resulting layers
 * and parameter count next to the amount of training data.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, isStepOpen, type WorkflowState } from '../../app/state.ts';
import { ARCHITECTURES, type ArchitectureKind, type ArchitectureSpec } from '../../ml/architectures/specs.ts';
import '../../ui/error-banner/error-banner.ts';
import { settingField } from '../shared/setting-field.ts';
import type { NumberChangeEvent } from '../../ui/number-field/number-field.ts';
import { stepPage, stepStyles } from '../shared/step-page.ts';
import { architectureStepStyles } from './architecture-step.styles.ts';
import { count, decimal } from '../../ml/format.ts';


/** Plain-language reading of parameters per training window. */
function capacityNote(params: number, windows: number): string {
  if (windows <= 0) return '';
  const perWindow = params / windows;
  if (perWindow < 1) return 'Fewer parameters than training examples: little room to memorize them, so it should generalize if it fits at all.';
  if (perWindow <= 10)
    return `About ${decimal(perWindow, 1)} parameters per training example: enough to memorize noise, so the validation split and early stopping matter.`;
  return `About ${decimal(perWindow, 1)} parameters per training example: it can memorize the training set. Watch the validation curve; consider dropout or fewer units.`;
}

@customElement('architecture-step')
export class ArchitectureStep extends LitElement {
  static override styles = [...stepStyles, architectureStepStyles];

  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;

  /** Derived in `willUpdate`. */
  private _spec: ArchitectureSpec = INITIAL_STATE.settings.architecture;
  private _trainWindows = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state')) return;
    this._spec = this.state.settings.architecture;
    this._trainWindows = this.state.prepared.summary?.periods.train.windows ?? 0;
  }

  private handleKindChange(event: Event): void {
    const kind = (event.currentTarget as HTMLInputElement).value as ArchitectureKind;
    const info = ARCHITECTURES[kind];
    const current = this._spec;
    // Keep the size the user chose when moving between families that have hidden layers.
    const architecture: ArchitectureSpec =
      info.hasHiddenLayers && ARCHITECTURES[current.kind].hasHiddenLayers ? { ...current, kind } : { ...info.defaults };
    this.change(architecture);
  }

  private handleUnits(event: NumberChangeEvent): void {
    if (event.valid) this.change({ ...this._spec, units: event.value });
  }

  private handleLayers(event: NumberChangeEvent): void {
    if (event.valid) this.change({ ...this._spec, layers: event.value });
  }

  private handleDropout(event: NumberChangeEvent): void {
    if (event.valid) this.change({ ...this._spec, dropout: event.value });
  }

  private change(architecture: ArchitectureSpec): void {
    this.dispatchEvent(intent('architecture-changed', { architecture }));
  }

  private renderFamilies(): TemplateResult {
    return html`<section class="card">
      <fieldset>
        <legend><h2>Model family</h2></legend>
        <div class="cards">
          ${Object.values(ARCHITECTURES).map(
            (info) => html`<label class="arch">
              <span class="name">
                <input type="radio" name="architecture" .value=${info.kind} .checked=${this._spec.kind === info.kind} @change=${this.handleKindChange} />
                ${info.label}
              </span>
              <span class="description">${info.description}</span>
            </label>`,
          )}
        </div>
      </fieldset>
    </section>`;
  }

  private renderSize(): TemplateResult {
    const spec = this._spec;
    const info = ARCHITECTURES[spec.kind];
    const off = !info.hasHiddenLayers;
    return html`<section class="card" aria-labelledby="size-title">
      <h2 id="size-title">Size</h2>
      <p class="muted">${off ? 'A linear model has no hidden layers: it is one weighted sum, so there is nothing to size.' : 'Bigger is not better by default: more units and layers need more data and time, and overfit more easily.'}</p>
      ${off
        ? nothing
        : html`<div class="form">
            ${settingField('units', spec.units, {
              onChange: this.handleUnits,
              ...(spec.kind === 'cnn' ? { label: 'Filters per layer', hint: 'How many patterns each convolution layer looks for.' } : {}),
            })}
            ${settingField('layers', spec.layers, { onChange: this.handleLayers })} ${settingField('dropout', spec.dropout, { onChange: this.handleDropout })}
          </div>`}
    </section>`;
  }

  private renderLayers(): TemplateResult {
    const { model } = this.state;
    const description = model.description;
    const pending = model.status === 'running';
    return html`<section class="card" aria-labelledby="layers-title">
      <h2 id="layers-title">Layers</h2>
      <p class="status muted" aria-live="polite">${pending ? 'Building the model to count its parameters…' : description ? `${ARCHITECTURES[this._spec.kind].label}, as TensorFlow.js builds it:` : ''}</p>
      <error-banner .message=${model.error ?? ''} hint="Try other sizes; the previous model is kept."></error-banner>
      <div class="layers">
        ${description
          ? html`<div class="table-scroll ${pending ? 'pending' : ''}" tabindex="0" role="region" aria-label="Layer table" aria-busy=${pending ? 'true' : 'false'}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Layer</th>
                      <th scope="col">Type</th>
                      <th scope="col">Output shape</th>
                      <th scope="col">Parameters</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${description.layers.map(
                      (layer) => html`<tr>
                        <th scope="row">${layer.name}</th>
                        <td>${layer.type}</td>
                        <td>${layer.outputShape.join(' × ')}</td>
                        <td>${count(layer.params)}</td>
                      </tr>`,
                    )}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colspan="3">Total</th>
                      <td>${count(description.totalParams)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              <p class="params ${pending ? 'pending' : ''}">
                <strong>${count(description.totalParams)}</strong> parameters for <strong>${count(this._trainWindows)}</strong> training windows.
              </p>
              <p class="muted ${pending ? 'pending' : ''}">${capacityNote(description.totalParams, this._trainWindows)}</p>`
          : nothing}
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    return stepPage({
      title: 'Step 2 · Architecture',
      lead: html`An ML engineer picks a model family that matches the structure of the data, then sizes it to the amount of data there is. Start simple: a
        linear model is a strong baseline for temperature, and a recurrent network must beat it to earn its extra cost.`,
      body: html`${this.renderFamilies()} ${this.renderSize()} ${this.renderLayers()}`,
      next: { step: 'training', label: 'Next: Training', disabled: !isStepOpen(this.state, 'training') },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'architecture-step': ArchitectureStep;
  }
}
