/**
 * Any city, from Open-Meteo: the place search (geocoding API) and the daily history (archive API, ERA5
 * reanalysis from 1940), as requests and as what their answers become. The history is written in the
 * layout of Open-Meteo's own CSV download (metadata block, then `time,temperature_2m_max (°C),…`), so it
 * is read, mapped and converted exactly like a file a learner downloads there.
 * Pure: no fetch here (that is the app's, only when the user asks).
 */

/** The two origins the app may contact, and only after the user asks (see csp.config.ts). */
export const OPEN_METEO_ORIGINS = { geocoding: 'https://geocoding-api.open-meteo.com', archive: 'https://archive-api.open-meteo.com' } as const;

/** The licence text Open-Meteo asks for, and what the data is. */
export const OPEN_METEO_ATTRIBUTION =
  'Weather data by Open-Meteo.com (CC BY 4.0), from the ERA5 reanalysis of the Copernicus Climate Change Service: a weather model fitted to observations on a grid of about 25 km, not a station record.';

/** A place the geocoding API found. */
export interface Place {
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly country: string;
  /** State, region or province. */
  readonly admin1: string;
  readonly elevation: number | null;
  readonly timezone: string;
}

/** The daily variables the download offers, in the archive API's names, with a label; the first four are on by default. */
export const DAILY_VARIABLES = [
  { name: 'temperature_2m_max', label: 'maximum temperature' },
  { name: 'temperature_2m_min', label: 'minimum temperature' },
  { name: 'precipitation_sum', label: 'precipitation' },
  { name: 'wind_speed_10m_max', label: 'maximum wind speed' },
  { name: 'temperature_2m_mean', label: 'mean temperature' },
  { name: 'wind_speed_10m_mean', label: 'mean wind speed' },
  { name: 'wind_direction_10m_dominant', label: 'dominant wind direction' },
  { name: 'pressure_msl_mean', label: 'mean sea-level pressure' },
  { name: 'relative_humidity_2m_mean', label: 'mean relative humidity' },
  { name: 'cloud_cover_mean', label: 'mean cloud cover' },
] as const;

export type DailyVariable = (typeof DAILY_VARIABLES)[number]['name'];
export const DEFAULT_VARIABLES: readonly DailyVariable[] = DAILY_VARIABLES.slice(0, 4).map((v) => v.name);

/** First year of the ERA5 archive. */
export const FIRST_ARCHIVE_YEAR = 1940;

/** An answer that is not what the API documents, or a refusal; the message says what to do. */
export class OpenMeteoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenMeteoError';
  }
}

/** The search request for a place name. */
export function geocodingUrl(query: string, base: string = OPEN_METEO_ORIGINS.geocoding): string {
  const params = new URLSearchParams({ name: query.trim(), count: '10', language: 'en', format: 'json' });
  return `${base}/v1/search?${params}`;
}

/** The history request: whole years, the chosen variables, days in the place's own time zone. */
export function archiveUrl(place: Place, years: { readonly from: number; readonly to: number }, variables: readonly DailyVariable[], base: string = OPEN_METEO_ORIGINS.archive): string {
  const params = new URLSearchParams({
    latitude: place.latitude.toFixed(4),
    longitude: place.longitude.toFixed(4),
    start_date: `${years.from}-01-01`,
    end_date: `${years.to}-12-31`,
    daily: variables.join(','),
    timezone: 'auto',
  });
  return `${base}/v1/archive?${params}`;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The API's own refusal (`{"error": true, "reason": "…"}`), or null. */
export function apiRefusal(json: unknown): string | null {
  return isRecord(json) && json.error === true ? String(json.reason ?? 'no reason given') : null;
}

/** The places in a geocoding answer; none when nothing matched (the API then leaves `results` out). */
export function readPlaces(json: unknown): Place[] {
  const refusal = apiRefusal(json);
  if (refusal) throw new OpenMeteoError(`Open-Meteo refused the search: ${refusal}.`);
  if (!isRecord(json)) throw new OpenMeteoError('Open-Meteo’s place search answered with something that is not a list of places. Try again later.');
  const results = json.results ?? [];
  if (!Array.isArray(results)) throw new OpenMeteoError('Open-Meteo’s place search answered without a list of places. Try again later.');
  return results
    .filter((r): r is Record<string, unknown> => isRecord(r) && typeof r.latitude === 'number' && typeof r.longitude === 'number' && typeof r.name === 'string')
    .map((r) => ({
      name: String(r.name),
      latitude: r.latitude as number,
      longitude: r.longitude as number,
      country: typeof r.country === 'string' ? r.country : '',
      admin1: typeof r.admin1 === 'string' ? r.admin1 : '',
      elevation: typeof r.elevation === 'number' ? r.elevation : null,
      timezone: typeof r.timezone === 'string' ? r.timezone : 'GMT',
    }));
}

/** "Paris, Île-de-France, France". */
export function placeLabel(place: Place): string {
  return [place.name, place.admin1, place.country].filter((p, i, all) => p !== '' && all.indexOf(p) === i).join(', ');
}

/**
 * The archive answer as Open-Meteo's CSV download writes it: the metadata block, a blank line, then one
 * row per day with the units in the header. Empty cells where the archive has no value.
 *
 * @throws {OpenMeteoError} for a refusal or an answer without the daily series asked for.
 */
export function archiveToCsv(json: unknown): string {
  const refusal = apiRefusal(json);
  if (refusal) throw new OpenMeteoError(`Open-Meteo refused the download: ${refusal}.`);
  if (!isRecord(json) || !isRecord(json.daily) || !Array.isArray(json.daily.time)) {
    throw new OpenMeteoError('Open-Meteo’s archive answered without daily values. Try again later, or with fewer years.');
  }
  const daily = json.daily as Record<string, unknown[]>;
  const units = isRecord(json.daily_units) ? (json.daily_units as Record<string, string>) : {};
  const names = Object.keys(daily).filter((k) => k !== 'time' && Array.isArray(daily[k]));
  if (names.length === 0) throw new OpenMeteoError('Open-Meteo’s archive answered with dates but no variables. Choose at least one variable.');
  const meta = ['latitude', 'longitude', 'elevation', 'utc_offset_seconds', 'timezone', 'timezone_abbreviation'];
  const header = ['time', ...names.map((n) => (units[n] ? `${n} (${units[n]})` : n))];
  const rows = (daily.time as unknown[]).map((t, i) => [String(t), ...names.map((n) => (typeof daily[n][i] === 'number' ? String(daily[n][i]) : ''))].join(','));
  return `${meta.join(',')}\n${meta.map((k) => String(json[k] ?? '')).join(',')}\n\n${header.join(',')}\n${rows.join('\n')}\n`;
}
