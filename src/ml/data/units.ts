/**
 * Units of weather columns and their conversion to the units the model is trained in: °C, mm, m/s, hPa
 * and %. One table of conversions; the unit of a column comes from its header, from the conventions of
 * the source that wrote the file (NOAA's "standard" units are °F, inches and mph; Meteostat writes wind
 * in km/h), from the values where that is unambiguous, or from the user.
 * Pure.
 */
import type { ColumnRole } from './roles.ts';

/** What a unit measures. */
export type Dimension = 'temperature' | 'length' | 'speed' | 'pressure' | 'fraction' | 'angle';

interface UnitInfo {
  readonly dimension: Dimension;
  /** Value in the model unit of the dimension. */
  readonly toModel: (x: number) => number;
}

const UNITS: Readonly<Record<string, UnitInfo>> = {
  '°C': { dimension: 'temperature', toModel: (x) => x },
  '°F': { dimension: 'temperature', toModel: (x) => ((x - 32) * 5) / 9 },
  K: { dimension: 'temperature', toModel: (x) => x - 273.15 },
  mm: { dimension: 'length', toModel: (x) => x },
  cm: { dimension: 'length', toModel: (x) => x * 10 },
  in: { dimension: 'length', toModel: (x) => x * 25.4 },
  'm/s': { dimension: 'speed', toModel: (x) => x },
  'km/h': { dimension: 'speed', toModel: (x) => x / 3.6 },
  mph: { dimension: 'speed', toModel: (x) => x * 0.44704 },
  kn: { dimension: 'speed', toModel: (x) => (x * 1852) / 3600 },
  hPa: { dimension: 'pressure', toModel: (x) => x },
  kPa: { dimension: 'pressure', toModel: (x) => x * 10 },
  inHg: { dimension: 'pressure', toModel: (x) => x * 33.863889 },
  '%': { dimension: 'fraction', toModel: (x) => x },
  '°': { dimension: 'angle', toModel: (x) => x },
};

/** The unit the model is trained in, per dimension. */
export const MODEL_UNIT: Readonly<Record<Dimension, string>> = { temperature: '°C', length: 'mm', speed: 'm/s', pressure: 'hPa', fraction: '%', angle: '°' };

/** What each role measures; roles not listed have no fixed dimension. */
export const ROLE_DIMENSION: Readonly<Partial<Record<ColumnRole, Dimension>>> = {
  temp_max: 'temperature',
  temp_min: 'temperature',
  temp_mean: 'temperature',
  precipitation: 'length',
  snow: 'length',
  wind: 'speed',
  wind_max: 'speed',
  pressure: 'pressure',
  humidity: 'fraction',
};

/** Every unit the app converts, for messages and choices. */
export const KNOWN_UNIT_NAMES: readonly string[] = Object.keys(UNITS);

export function isKnownUnit(unit: string): boolean {
  return Object.hasOwn(UNITS, unit);
}

/** The units a column of `role` can be in (its dimension's), or every unit for a role without one. */
export function unitsFor(role: ColumnRole | null): string[] {
  const dimension = role ? ROLE_DIMENSION[role] : undefined;
  return KNOWN_UNIT_NAMES.filter((u) => dimension === undefined || UNITS[u].dimension === dimension);
}

/** The model unit of values written in `unit` (the unit itself when it is unknown or ''). */
export function modelUnitOf(unit: string): string {
  return isKnownUnit(unit) ? MODEL_UNIT[UNITS[unit].dimension] : unit;
}

/** The function that converts values in `unit` to its model unit; identity for a model or unknown unit. */
export function converterOf(unit: string): ((x: number) => number) | null {
  if (!isKnownUnit(unit) || modelUnitOf(unit) === unit) return null;
  return UNITS[unit].toModel;
}

/** Converts values in place; returns whether anything changed. */
export function convertValues(values: Float64Array, unit: string): boolean {
  const convert = converterOf(unit);
  if (!convert) return false;
  for (let i = 0; i < values.length; i += 1) if (!Number.isNaN(values[i])) values[i] = convert(values[i]);
  return true;
}

/** Sources whose files name units by convention rather than in the header. */
export type SourceConvention = 'noaa-metric' | 'noaa-standard' | 'meteostat' | null;

/** NOAA CDO / GHCN-Daily element codes. */
const NOAA_CODES = /^(tmax|tmin|tavg|tobs|prcp|snow|snwd|awnd|wsf2|wsf5|wdf2|wdf5|pgtm|tsun|evap|wesd)$/i;
/** Meteostat's daily bulk and JSON names. */
const METEOSTAT_NAMES = ['tavg', 'tmin', 'tmax', 'prcp', 'wspd', 'pres'];

/** Above this a daily temperature cannot be °C (the world record is 56.7 °C, and a file's single hot day is not the rule). */
const CELSIUS_CEILING = 50;

/**
 * The source a header comes from, when its names say so: NOAA writes upper-case element codes
 * (`STATION`, `TMAX`, `PRCP`) in metric or standard units, told apart by the temperatures; Meteostat
 * writes lower-case `tavg`, `wspd`, `pres`.
 */
export function sourceConvention(header: readonly string[], temperatures: readonly Float64Array[]): SourceConvention {
  const noaa = header.filter((h) => NOAA_CODES.test(h) && h === h.toUpperCase()).length;
  if (noaa >= 2 || (noaa >= 1 && header.includes('STATION'))) return looksFahrenheit(temperatures) ? 'noaa-standard' : 'noaa-metric';
  if (METEOSTAT_NAMES.filter((n) => header.includes(n)).length >= 3) return 'meteostat';
  return null;
}

/** Whether some temperature is above what °C allows. */
export function looksFahrenheit(temperatures: readonly Float64Array[]): boolean {
  return temperatures.some((values) => values.some((v) => v > CELSIUS_CEILING));
}

/** The unit a source's convention gives a column of `role`, or null. */
export function conventionUnit(convention: SourceConvention, column: string, role: ColumnRole | null): string | null {
  if (convention === null || role === null) return null;
  const dimension = ROLE_DIMENSION[role];
  if (dimension === undefined) return null;
  if (convention === 'noaa-standard') return { temperature: '°F', length: 'in', speed: 'mph', pressure: 'hPa', fraction: '%', angle: '°' }[dimension];
  if (convention === 'noaa-metric') return MODEL_UNIT[dimension];
  // Meteostat: °C, mm, hPa; wind speed and peak gust in km/h.
  return dimension === 'speed' ? 'km/h' : column === 'snow' ? 'mm' : MODEL_UNIT[dimension];
}

/** How a source convention reads in the mapping table. */
export const CONVENTION_LABEL: Readonly<Record<Exclude<SourceConvention, null>, string>> = {
  // A winter-only file in standard units has no temperature above 50 either: say how it was decided.
  'noaa-metric': 'NOAA metric units: °C, mm, m/s (no temperature above 50: if the file is in standard units, choose °F, in and mph)',
  'noaa-standard': 'NOAA standard units: °F, in, mph (a temperature is above 50)',
  meteostat: 'Meteostat units',
};
