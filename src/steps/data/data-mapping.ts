/**
 * `<data-mapping>`: how an uploaded file's columns were read — each column's role, the unit its values
 * are in, what the model sees (converted to °C, mm, m/s; hourly readings turned into daily values) and
 * whether it is used, with why. The learner can change a role or a unit, or ignore a column; each change
 * re-reads the file (`mapping-changed`), and the change travels with the run, the link and the bundle.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ownTaskFor } from '../../ui/own-task.ts';
import { intent } from '../../app/events.ts';
import type { DataSource } from '../../worker/protocol.ts';
import { conversionText, MAPPING_ROLES, ROLE_LABEL, type ColumnMapping, type MappingRole } from '../../ml/data/mapping.ts';
import type { FeatureSpec } from '../../ml/data/features.ts';
import { unitsFor } from '../../ml/data/units.ts';
import { denseTableStyles } from '../../ui/styles/index.ts';
import { stepStyles } from '../shared/step-page.ts';
import type { DatasetSummary } from './data-format.ts';
import { dataStepStyles } from './data-step.styles.ts';

/** Whether a mapped column is used, and why (or why not). */
function usage(entry: ColumnMapping, features: FeatureSpec, constant: ReadonlySet<string>): string {
  if (entry.role === 'ignore') return entry.changed ? 'ignored, as you chose' : 'ignored';
  const use = (name: string) => (name === features.target ? 'the target' : constant.has(name) ? 'constant, not used' : features.inputs.includes(name) ? 'input' : 'not an input');
  return entry.names.length === 1 ? use(entry.names[0]) : entry.names.map((name) => `${name}: ${use(name)}`).join('; ');
}

@customElement('data-mapping')
export class DataMapping extends LitElement {
  static override styles = [
    ...stepStyles,
    denseTableStyles,
    dataStepStyles,
    css`
      table.mapping th,
      table.mapping td {
        text-align: left;
        vertical-align: top;
        white-space: normal;
        overflow-wrap: anywhere;
      }
      table.mapping select {
        min-width: 0;
        padding-block: var(--wf-space-1);
      }
      table.mapping .hint {
        margin: var(--wf-space-1) 0 0;
      }
      tr.changed th {
        box-shadow: inset 3px 0 0 var(--wf-color-accent);
      }
      /* Narrow screens: one card per column of the file, each cell with its heading. */
      @media (max-width: 640px) {
        table.mapping thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        table.mapping,
        table.mapping tbody,
        table.mapping tr,
        table.mapping th,
        table.mapping td {
          display: block;
          width: auto;
        }
        table.mapping tr {
          border-bottom: 1px solid var(--wf-color-border);
          padding: var(--wf-space-1) 0;
        }
        table.mapping td[data-label]::before {
          content: attr(data-label) ': ';
          color: var(--wf-color-text-muted);
          font-size: var(--wf-font-size-sm);
        }
        table.mapping td:empty {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) summary: DatasetSummary | null = null;
  @property({ attribute: false }) source: DataSource | null = null;
  @property({ attribute: false }) features: FeatureSpec | null = null;
  /** True while the file is being read again. */
  @property({ type: Boolean }) busy = false;

  /** A new dataset's columns render in a task of their own. */
  protected override async scheduleUpdate(): Promise<void> {
    await ownTaskFor(this, this.summary);
    super.scheduleUpdate();
  }

  private send(column: string, role: MappingRole | undefined, unit: string | undefined): void {
    const override = role === undefined && unit === undefined ? null : { ...(role !== undefined ? { role } : {}), ...(unit !== undefined ? { unit } : {}) };
    this.dispatchEvent(intent('mapping-changed', { column, override }));
  }

  private overrideOf(column: string) {
    return this.source?.kind === 'upload' ? this.source.mapping?.[column] : undefined;
  }

  private handleRole(event: Event): void {
    const select = event.currentTarget as HTMLSelectElement;
    const column = select.dataset.column!;
    const role = select.value as MappingRole;
    const unit = this.overrideOf(column)?.unit;
    // A unit chosen for another kind of quantity does not carry over (a temperature cannot be in mm).
    const keepUnit = unit !== undefined && unitsFor(role === 'other' || role === 'ignore' ? null : role).includes(unit) ? unit : undefined;
    this.send(column, role, keepUnit);
  }

  private handleUnit(event: Event): void {
    const select = event.currentTarget as HTMLSelectElement;
    const column = select.dataset.column!;
    this.send(column, this.overrideOf(column)?.role, select.value);
  }

  private handleReset(event: Event): void {
    this.send((event.currentTarget as HTMLElement).dataset.column!, undefined, undefined);
  }

  private renderRow(entry: ColumnMapping, features: FeatureSpec, constant: ReadonlySet<string>): TemplateResult {
    const role = entry.role === 'other' || entry.role === 'ignore' ? null : entry.role;
    // Text and empty columns cannot be used whatever their role; only a column the user ignored can be brought back.
    const readable = entry.role !== 'ignore' || entry.changed;
    const converted = entry.fileUnit !== '' && entry.fileUnit !== entry.unit;
    const guessed = entry.unitSource === 'values' || entry.unitSource === 'none';
    return html`<tr class=${entry.changed ? 'changed' : ''}>
      <th scope="row"><code>${entry.column}</code></th>
      <td data-label="Role">
        ${readable
          ? html`<select aria-label=${`Role of ${entry.column}`} data-column=${entry.column} ?disabled=${this.busy} @change=${this.handleRole}>
              ${MAPPING_ROLES.map((r) => html`<option .value=${r} ?selected=${r === entry.role}>${ROLE_LABEL[r]}</option>`)}
            </select>`
          : html`<span class="muted">${entry.note}</span>`}
      </td>
      <td data-label="Unit in the file">
        ${entry.role === 'ignore'
          ? nothing
          : html`<select aria-label=${`Unit of ${entry.column} in the file`} data-column=${entry.column} ?disabled=${this.busy} @change=${this.handleUnit}>
                ${entry.fileUnit === '' ? html`<option value="" selected>unknown</option>` : nothing}
                ${unitsFor(role).map((u) => html`<option .value=${u} ?selected=${u === entry.fileUnit}>${u}</option>`)}
              </select>
              ${guessed ? html`<div class="hint">${entry.unitSource === 'none' ? 'no unit written: choose one' : entry.note.split('; ').find((part) => part.startsWith('no unit written'))}</div>` : nothing}`}
      </td>
      <td data-label="The model sees">
        ${entry.role === 'ignore'
          ? '—'
          : html`${entry.names.join(', ')}${entry.unit ? html` in <strong>${entry.unit}</strong>` : ''}${converted ? html` <span class="muted">(from ${entry.fileUnit})</span>` : ''}`}
      </td>
      <td data-label="Used">
        ${usage(entry, features, constant)}
        ${entry.changed ? html` <button class="secondary" data-column=${entry.column} ?disabled=${this.busy} @click=${this.handleReset}>Reset</button>` : nothing}
      </td>
    </tr>`;
  }

  override render(): TemplateResult | typeof nothing {
    const { summary, features } = this;
    if (!summary || !features || this.source?.kind !== 'upload') return nothing;
    const constant = new Set(summary.report.constantColumns);
    const conversions = summary.mapping.filter((m) => conversionText(m.fileUnit, m.unit)).map((m) => `${m.column}: ${conversionText(m.fileUnit, m.unit)}`);
    const convention = summary.mapping.find((m) => m.unitSource === 'source')?.note.split('; ').find((part) => /units/.test(part));
    const notes = summary.notes;
    return html`<section class="card" aria-labelledby="mapping-title">
      <h2 id="mapping-title">How your file’s columns were read</h2>
      <p class="muted">
        The model always sees °C, mm and m/s.
        ${convention ? html`Units by the source’s convention: ${convention}.` : nothing}
        ${conversions.length > 0 ? html`Converted: <strong>${conversions.join(', ')}</strong>.` : 'No column needed converting.'}
        If a role or unit is wrong, change it: the file is read again, and your choice goes with the runs, the link and the exported model.
      </p>
      ${notes.length > 0 ? html`<ul class="notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      <div class="table-scroll" tabindex="0" role="region" aria-label="Column mapping">
        <table class="mapping ${this.busy ? 'pending' : ''}">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Role</th>
              <th scope="col">Unit in the file</th>
              <th scope="col">The model sees</th>
              <th scope="col">Used</th>
            </tr>
          </thead>
          <tbody>
            ${summary.mapping.map((entry) => this.renderRow(entry, features, constant))}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-mapping': DataMapping;
  }
}
