/**
 * `<seed-spread>`: trainings that share every setting but the seed, with the median and range of
 * their validation and test MAE, so that a learner can tell a better setting from a luckier seed.
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SeedGroup } from '../../app/experiments.ts';
import { withUnits } from '../../ml/format.ts';
import type { Spread } from '../../ml/evaluation/spread.ts';
import { denseTableStyles } from '../../ui/styles/index.ts';
import { stepStyles } from '../shared/step-page.ts';

@customElement('seed-spread')
export class SeedSpread extends LitElement {
  static override styles = [...stepStyles, denseTableStyles];

  @property({ attribute: false }) groups: readonly SeedGroup[] = [];

  private spread(s: Spread, units: string): string {
    return s.min === s.max ? withUnits(s.median, units) : `${withUnits(s.median, units)} (${withUnits(s.min, units)} to ${withUnits(s.max, units)})`;
  }

  override render(): TemplateResult | typeof nothing {
    if (this.groups.length === 0) return nothing;
    return html`<section class="card" aria-labelledby="seeds-title" data-testid="seed-spread">
      <h2 id="seeds-title">Same settings, different seeds</h2>
      <p class="muted">
        A seed draws the initial weights and the batch order. The range over seeds is how much of a difference between two settings could be luck: compare
        medians, and trust a gap only when it is wider than these ranges.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Spread over seeds">
        <table>
          <thead>
            <tr><th scope="col">Settings</th><th scope="col">Seeds</th><th scope="col">Validation MAE, median (range)</th><th scope="col">Test MAE, median (range)</th></tr>
          </thead>
          <tbody>
            ${this.groups.map(
              (g) => html`<tr>
                <th scope="row">${g.description}</th>
                <td>${g.seeds.length} (${g.seeds.join(', ')})</td>
                <td>${this.spread(g.valMae, g.units)}</td>
                <td>${this.spread(g.testMae, g.units)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'seed-spread': SeedSpread;
  }
}
