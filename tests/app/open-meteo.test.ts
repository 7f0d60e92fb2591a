/**
 * The place search and the history download against a local fake server that answers as Open-Meteo's
 * APIs do (tests/fixtures/open-meteo/responses.ts); never the real network.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadHistory, searchPlaces, type Endpoints } from '../../src/app/open-meteo.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { DEFAULT_VARIABLES, placeLabel } from '../../src/ml/data/open-meteo.ts';
import { answer } from '../fixtures/open-meteo/responses.ts';

let server: Server;
let endpoints: Endpoints;
const requested: string[] = [];
let delayMs = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requested.push(url.pathname + url.search);
    const { status, body } = answer(url);
    setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoints = { geocoding: base, archive: base };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Open-Meteo, against a fake server', () => {
  it('finds places and names them with region and country', async () => {
    const places = await searchPlaces('Seattle', undefined, endpoints);
    expect(places.map(placeLabel)).toEqual(['Seattle, Washington, United States', 'Seattle, Missouri, United States']);
    expect(requested.at(-1)).toBe('/v1/search?name=Seattle&count=10&language=en&format=json');
    expect(await searchPlaces('Atlantis', undefined, endpoints)).toEqual([]);
    await expect(searchPlaces('x', undefined, endpoints)).rejects.toThrow('Type at least two letters');
  });

  it('downloads the daily history as Open-Meteo’s CSV layout, which loads with roles and units like an uploaded file', async () => {
    const [seattle] = await searchPlaces('Seattle', undefined, endpoints);
    const { csv, cached } = await downloadHistory(seattle, { from: 2012, to: 2015 }, [...DEFAULT_VARIABLES, 'pressure_msl_mean', 'relative_humidity_2m_mean'], undefined, endpoints);
    expect(cached).toBe(false);
    expect(requested.at(-1)).toMatch(/^\/v1\/archive\?latitude=47\.6062&longitude=-122\.3321&start_date=2012-01-01&end_date=2015-12-31&daily=temperature_2m_max%2Ctemperature_2m_min%2Cprecipitation_sum%2Cwind_speed_10m_max%2Cpressure_msl_mean%2Crelative_humidity_2m_mean&timezone=auto$/);
    const parsed = parseWeatherCsv(csv);
    expect(parsed.table.dates).toHaveLength(1461);
    expect(parsed.mapping.map((m) => [m.column, m.role, m.unit])).toEqual([
      ['temperature_2m_max (°C)', 'temp_max', '°C'],
      ['temperature_2m_min (°C)', 'temp_min', '°C'],
      ['precipitation_sum (mm)', 'precipitation', 'mm'],
      ['wind_speed_10m_max (km/h)', 'wind_max', 'm/s'],
      ['pressure_msl_mean (hPa)', 'pressure', 'hPa'],
      ['relative_humidity_2m_mean (%)', 'humidity', '%'],
    ]);
    expect(parsed.notes[0]).toBe('Lines 1–2 are a metadata block (location 47.595562, −122.32443, elevation 56 m, time zone America/Los_Angeles), skipped; the header is on line 4.');
  });

  it('says what went wrong for a refusal, an unreachable server and a slow one', async () => {
    const [seattle] = await searchPlaces('Seattle', undefined, endpoints);
    await expect(downloadHistory(seattle, { from: 1930, to: 2015 }, DEFAULT_VARIABLES, undefined, endpoints)).rejects.toThrow(
      /Open-Meteo refused the download \(HTTP 400: Parameter 'start_date' is out of allowed range.*\)\. Check the place and years/,
    );
    await expect(searchPlaces('Seattle', undefined, { geocoding: 'http://127.0.0.1:9', archive: 'http://127.0.0.1:9' })).rejects.toThrow(
      /The place search could not reach Open-Meteo \(.*\)\. Check the connection and try again; the data already loaded stays\./,
    );
    delayMs = 2_000;
    await expect(searchPlaces('Seattle', undefined, { ...endpoints, timeoutMs: 300 })).rejects.toThrow(
      'Open-Meteo did not answer the place search within 0.3 s. Try again later; the data already loaded stays.',
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(searchPlaces('Seattle', controller.signal, endpoints)).rejects.toThrow(/abort/i);
    delayMs = 0;
  });
});
