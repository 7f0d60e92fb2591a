/**
 * Talking to Open-Meteo, only when the user asks: the place search and the history download, with a
 * time limit, plain messages for offline, slow and failed requests, and downloaded history cached in
 * IndexedDB by request (a second download of the same place and years needs no network).
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { archiveToCsv, archiveUrl, geocodingUrl, OPEN_METEO_ORIGINS, OpenMeteoError, readPlaces, apiRefusal, type DailyVariable, type Place } from '../ml/data/open-meteo.ts';

/** How long a request may take before the user is told. */
const TIMEOUT_MS = 30_000;

/** Where the requests go: Open-Meteo, or a local fake server in tests (with a shorter time limit). */
export interface Endpoints {
  readonly geocoding: string;
  readonly archive: string;
  readonly timeoutMs?: number;
}

let cacheStore: UseStore | null | undefined;

/** The download cache, or null where IndexedDB is unavailable (Node, private modes that refuse it). */
function cache(): UseStore | null {
  if (cacheStore === undefined) cacheStore = typeof indexedDB === 'undefined' ? null : createStore('weather-forecast-open-meteo', 'responses');
  return cacheStore;
}

async function fetchJson(url: string, what: string, signal: AbortSignal | undefined, timeoutMs = TIMEOUT_MS): Promise<unknown> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    throw new OpenMeteoError(`This browser is offline, so the ${what} cannot reach Open-Meteo. Connect and try again; the data already loaded stays.`);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw new OpenMeteoError(`Open-Meteo did not answer the ${what} within ${timeoutMs / 1000} s. Try again later${what === 'download' ? ', or fewer years' : ''}; the data already loaded stays.`);
    throw new OpenMeteoError(`The ${what} could not reach Open-Meteo (${error instanceof Error ? error.message : String(error)}). Check the connection and try again; the data already loaded stays.`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new OpenMeteoError(`Open-Meteo answered the ${what} with HTTP ${response.status} and no readable data. Try again later; the data already loaded stays.`);
  }
  if (!response.ok) {
    const reason = apiRefusal(json);
    throw new OpenMeteoError(`Open-Meteo refused the ${what} (HTTP ${response.status}${reason ? `: ${reason}` : ''}). ${response.status === 429 ? 'Too many requests: wait a minute and try again.' : 'Check the place and years and try again.'}`);
  }
  return json;
}

/** Places matching a name, best first. */
export async function searchPlaces(query: string, signal?: AbortSignal, endpoints: Endpoints = OPEN_METEO_ORIGINS): Promise<Place[]> {
  if (query.trim().length < 2) throw new OpenMeteoError('Type at least two letters of the place name.');
  return readPlaces(await fetchJson(geocodingUrl(query, endpoints.geocoding), 'place search', signal, endpoints.timeoutMs));
}

/** The daily history of a place as Open-Meteo's CSV layout, from the cache when it was downloaded before. */
export async function downloadHistory(
  place: Place,
  years: { readonly from: number; readonly to: number },
  variables: readonly DailyVariable[],
  signal?: AbortSignal,
  endpoints: Endpoints = OPEN_METEO_ORIGINS,
): Promise<{ readonly csv: string; readonly cached: boolean }> {
  const url = archiveUrl(place, years, variables, endpoints.archive);
  const store = cache();
  const saved = store ? await get<string>(url, store).catch(() => undefined) : undefined;
  if (typeof saved === 'string') return { csv: saved, cached: true };
  const csv = archiveToCsv(await fetchJson(url, 'download', signal, endpoints.timeoutMs));
  if (store) await set(url, csv, store).catch(() => undefined); // a full disk only costs the cache
  return { csv, cached: false };
}
