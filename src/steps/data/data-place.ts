/**
 * `<data-place>`: any place on Earth, from Open-Meteo, opt-in. Nothing leaves the page until the user
 * searches; the panel says what each request sends and to whom, credits the data as its licence asks,
 * and says that reanalysis is not a station record. The download becomes the dataset like an upload.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_PLACE_STATE, type PlaceState } from '../../app/place-state.ts';
import { DAILY_VARIABLES, DEFAULT_VARIABLES, FIRST_ARCHIVE_YEAR, OPEN_METEO_ATTRIBUTION, OPEN_METEO_ORIGINS, placeLabel, type DailyVariable } from '../../ml/data/open-meteo.ts';
import '../../ui/error-banner/error-banner.ts';
import { stepStyles } from '../shared/step-page.ts';
import { dataStepStyles } from './data-step.styles.ts';

/** The archive lags a few days behind today: the last whole year it has. */
const LAST_YEAR = new Date().getUTCFullYear() - 1;

@customElement('data-place')
export class DataPlace extends LitElement {
  static override styles = [...stepStyles, dataStepStyles];

  @property({ attribute: false }) place: PlaceState = INITIAL_PLACE_STATE;

  @state() private _chosen = 0;
  @state() private _from = LAST_YEAR - 9;
  @state() private _to = LAST_YEAR;
  @state() private _variables = new Set<DailyVariable>([...DEFAULT_VARIABLES, 'pressure_msl_mean', 'relative_humidity_2m_mean']);

  private handleSearch(event: SubmitEvent): void {
    event.preventDefault();
    const query = new FormData(event.currentTarget as HTMLFormElement).get('place')?.toString() ?? '';
    this._chosen = 0;
    this.dispatchEvent(intent('place-search-requested', { query }));
  }

  private handleYear(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const value = Math.round(Number(input.value));
    if (input.name === 'from') this._from = value;
    else this._to = value;
  }

  private handleVariable(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const next = new Set(this._variables);
    if (input.checked) next.add(input.value as DailyVariable);
    else next.delete(input.value as DailyVariable);
    this._variables = next;
  }

  /** What is wrong with the years or variables, or null. */
  private problem(): string | null {
    const [from, to] = [this._from, this._to];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < FIRST_ARCHIVE_YEAR || to > LAST_YEAR) return `Choose years from ${FIRST_ARCHIVE_YEAR} to ${LAST_YEAR}.`;
    if (from > to) return 'The first year must not be after the last.';
    if (![...this._variables].some((v) => v.startsWith('temperature_2m'))) return 'Keep at least one temperature: it is what the model forecasts.';
    return null;
  }

  private handleDownload(): void {
    const place = this.place.search.results[this._chosen];
    if (!place || this.problem()) return;
    const variables = DAILY_VARIABLES.map((v) => v.name).filter((v) => this._variables.has(v));
    this.dispatchEvent(intent('place-download-requested', { place, years: { from: this._from, to: this._to }, variables }));
  }

  private renderResults(): TemplateResult | typeof nothing {
    const { search, download } = this.place;
    if (search.status !== 'done') return nothing;
    if (search.results.length === 0) return html`<p class="status" role="status">No place called “${search.query}” was found. Check the spelling, or try a larger town nearby.</p>`;
    const busy = download.status === 'running';
    const problem = this.problem();
    return html`<fieldset>
        <legend>Places found for “${search.query}”</legend>
        ${search.results.map(
          (p, i) => html`<label class="check">
            <input type="radio" name="place-result" .checked=${i === this._chosen} @change=${() => (this._chosen = i)} />${placeLabel(p)}
            <span class="muted">(${p.latitude.toFixed(2)}, ${p.longitude.toFixed(2)}${p.elevation !== null ? `, ${Math.round(p.elevation)} m` : ''})</span>
          </label>`,
        )}
      </fieldset>
      <div class="form">
        <div class="field">
          <label for="from-year">From year</label>
          <input id="from-year" name="from" type="number" inputmode="numeric" min=${FIRST_ARCHIVE_YEAR} max=${LAST_YEAR} .value=${String(this._from)} @change=${this.handleYear} />
        </div>
        <div class="field">
          <label for="to-year">To year</label>
          <input id="to-year" name="to" type="number" inputmode="numeric" min=${FIRST_ARCHIVE_YEAR} max=${LAST_YEAR} .value=${String(this._to)} @change=${this.handleYear} />
        </div>
      </div>
      <fieldset>
        <legend>Daily variables</legend>
        <div class="checks">
          ${DAILY_VARIABLES.map(
            (v) => html`<label class="check"><input type="checkbox" .value=${v.name} .checked=${this._variables.has(v.name)} @change=${this.handleVariable} />${v.label}</label>`,
          )}
        </div>
      </fieldset>
      <p class="hint">
        The download sends the chosen place’s coordinates, the years and the variables to <code>${OPEN_METEO_ORIGINS.archive}</code>. A place and
        years downloaded before come from this browser’s cache.
      </p>
      <div class="actions">
        <button ?disabled=${busy || problem !== null} @click=${this.handleDownload}>${busy ? 'Downloading…' : `Download ${this._to - this._from + 1} years and use them`}</button>
      </div>
      ${problem ? html`<p class="hint" role="status">${problem}</p>` : nothing}`;
  }

  override render(): TemplateResult {
    const { search, download } = this.place;
    const searching = search.status === 'running';
    return html`<details class="card" ?open=${search.status !== 'idle'}>
      <summary><h2>Any place on Earth (online, Open-Meteo)</h2></summary>
      <p class="muted">
        Daily history for any place since ${FIRST_ARCHIVE_YEAR}, with pressure, humidity, cloud cover and wind direction as well. Nothing is sent until you
        search: a search sends the name you type to <code>${OPEN_METEO_ORIGINS.geocoding}</code>.
      </p>
      <form class="form" role="search" @submit=${this.handleSearch}>
        <div class="field">
          <label for="place">Place name</label>
          <input id="place" name="place" type="search" autocomplete="off" minlength="2" required .value=${search.query} />
        </div>
        <div class="actions"><button type="submit" ?disabled=${searching}>${searching ? 'Searching…' : 'Search'}</button></div>
      </form>
      <error-banner .message=${search.error ?? ''}></error-banner>
      ${this.renderResults()}
      <p class="status" aria-live="polite">
        ${download.status === 'running' ? `Downloading ${download.label}…` : download.status === 'done' ? `Loaded ${download.label}${download.cached ? ' from this browser’s cache' : ''}.` : ''}
      </p>
      <error-banner .message=${download.error ?? ''}></error-banner>
      <p class="hint">${OPEN_METEO_ATTRIBUTION}</p>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-place': DataPlace;
  }
}
