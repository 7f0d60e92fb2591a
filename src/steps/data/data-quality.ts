/**
 * `<data-quality>`: the data step's summary statistics and quality report — rows, period,
 * per-column statistics and outliers, repairs, gaps, trimmed rows, warnings and ignored columns.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ownTaskFor } from '../../ui/own-task.ts';
import { stepStyles } from '../shared/step-page.ts';
import { unitOf, withUnit, type DatasetSummary } from './data-format.ts';
import { dataStepStyles } from './data-step.styles.ts';
import { count, decimal } from '../../ml/format.ts';

function listDates(dates: readonly string[], max = 8): string {
  const shown = dates.slice(0, max).join(', ');
  return dates.length > max ? `${shown} and ${dates.length - max} more` : shown;
}

@customElement('data-quality')
export class DataQuality extends LitElement {
  static override styles = [...stepStyles, dataStepStyles];

  /** The loaded dataset's summary and quality report. */
  @property({ attribute: false }) summary: DatasetSummary | null = null;

  /** A new dataset's report renders in a task of its own. */
  protected override async scheduleUpdate(): Promise<void> {
    await ownTaskFor(this, this.summary);
    super.scheduleUpdate();
  }

  private renderNotes(summary: DatasetSummary): TemplateResult {
    const report = summary.report;
    const trimmed = report.trimmed.leading + report.trimmed.trailing;
    const notes: TemplateResult[] = [
      ...report.repairs.map((r) => html`<li>Repaired by linear interpolation: ${r.column} on ${listDates(r.dates)}.</li>`),
      ...report.gaps.map((g) => html`<li>Missing days in the file: ${g.from}${g.days > 1 ? ` to ${g.to}` : ''} (${g.days} day${g.days > 1 ? 's' : ''}), ${g.repaired ? 'interpolated' : 'dropped'}.</li>`),
      ...(trimmed > 0 ? [html`<li>Trimmed ${report.trimmed.leading} row(s) at the start and ${report.trimmed.trailing} at the end: ${listDates(report.trimmed.dates)}.</li>`] : []),
      ...report.warnings.map((w) => html`<li>${w}</li>`),
    ];
    return html`<h3>Repairs and warnings</h3>
      ${notes.length > 0 ? html`<ul class="notes">${notes}</ul>` : html`<p>No missing values, no repairs, no warnings.</p>`}
      ${summary.ignoredColumns.length > 0
        ? html`<h3>Ignored columns</h3>
            <ul class="notes">
              ${summary.ignoredColumns.map((c) => html`<li><strong>${c.name}</strong>: ${c.reason}</li>`)}
            </ul>`
        : nothing}`;
  }

  override render(): TemplateResult | typeof nothing {
    const summary = this.summary;
    if (!summary) return nothing;
    const report = summary.report;
    const logColumns = Object.entries(report.columns).filter(([, q]) => q.outlierRule === 'log-non-zero').map(([name]) => name);
    return html`<section class="card" aria-labelledby="quality-title">
      <h2 id="quality-title">Summary statistics and data quality</h2>
      <p class="source muted">${summary.label} · ${summary.sourceDescription}</p>
      <ul class="inline-list facts">
        <li>Rows: <strong>${count(report.rows)}</strong> days</li>
        <li>Period: <strong>${report.period.start}</strong> to <strong>${report.period.end}</strong></li>
        <li>Numeric columns: <strong>${Object.keys(summary.columns).length}</strong></li>
      </ul>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Per-column statistics">
        <table>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Unit</th>
              <th scope="col">Missing</th>
              <th scope="col">Repaired</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Mean</th>
              <th scope="col">Std</th>
              <th scope="col">Outliers</th>
            </tr>
          </thead>
          <tbody>
            ${Object.entries(report.columns).map(([name, q]) => {
              const example = q.outliers.examples[0];
              return html`<tr>
                <th scope="row">${name}</th>
                <td>${unitOf(summary, name) || '—'}</td>
                <td>${count(q.missing)}</td>
                <td>${count(q.repaired)}</td>
                <td>${decimal(q.min)}</td>
                <td>${decimal(q.max)}</td>
                <td>${decimal(q.mean)}</td>
                <td>${decimal(q.std)}</td>
                <td>${count(q.outliers.count)}${example ? html` <span class="muted">(e.g. ${withUnit(example.value, unitOf(summary, name))} on ${example.date})</span>` : nothing}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="muted">
        Outliers: error codes (such as 999 or −9999), physically impossible values, and values more than 4 robust
        standard deviations from the median — for skewed columns with many zeros, such as precipitation, judged on the
        rainy days on a log scale${logColumns.length > 0 ? ` (here: ${logColumns.join(', ')})` : ''}, so an ordinary
        downpour is not one. They are kept, but worth a look.
      </p>
      ${this.renderNotes(summary)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-quality': DataQuality;
  }
}
