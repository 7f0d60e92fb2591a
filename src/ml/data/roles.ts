/**
 * What a weather column is, from the names the main public sources use — NOAA CDO / GHCN-Daily
 * (`TMAX`, `PRCP`, `AWND`), Open-Meteo (`temperature_2m_max (°C)`), Meteostat (`tmax`, `wspd`),
 * spreadsheets (`Max Temp`, `High`) and this app's own (`temp_max`). Case and units are ignored.
 * Pure; used to choose the default target (the daily maximum temperature wherever there is one).
 */

export type ColumnRole = 'temp_max' | 'temp_min' | 'temp_mean' | 'precipitation' | 'wind' | 'wind_max' | 'pressure' | 'humidity' | 'snow';

/** A column name without units, lower case, words joined by "_": "Max Temp (°F)" → "max_temp". */
export function normalizedName(column: string): string {
  return column
    .replace(/\s*[([].*?[)\]]\s*/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const ROLES: readonly [ColumnRole, RegExp][] = [
  ['temp_max', /^(tmax|tmaxi|t_max|high|temp_max|tempmax|max_temp|maxtemp|temperature_max|max_temperature|maximum_temperature|temperature_2m_max|daily_max_temp|max_air_temp(erature)?)$/],
  ['temp_min', /^(tmin|tmini|t_min|low|temp_min|tempmin|min_temp|mintemp|temperature_min|min_temperature|minimum_temperature|temperature_2m_min|daily_min_temp|min_air_temp(erature)?)$/],
  ['temp_mean', /^(tavg|tmean|t_avg|t_mean|temp|temp_avg|temp_mean|avg_temp|mean_temp|temperature|temperature_mean|mean_temperature|average_temperature|temperature_2m|temperature_2m_mean)$/],
  ['precipitation', /^(prcp|precip|precipitation|precipitation_sum|rain|rain_sum|rainfall|total_precipitation)$/],
  ['wind_max', /^(wspd_max|wind_max|max_wind|wind_speed_max|wind_speed_10m_max|wind_gusts_10m_max|wpgt|gust|wind_gust|wsf2|wsf5)$/],
  ['wind', /^(awnd|wspd|wind|wind_speed|windspeed|avg_wind|mean_wind|wind_speed_10m|wind_speed_mean|wind_speed_10m_mean)$/],
  ['pressure', /^(pres|pressure|pressure_msl|pressure_msl_mean|slp|sea_level_pressure|surface_pressure|surface_pressure_mean)$/],
  ['humidity', /^(rhum|humidity|relative_humidity|relative_humidity_2m|relative_humidity_2m_mean)$/],
  ['snow', /^(snow|snwd|snowfall|snowfall_sum|snow_depth)$/],
];

/** The role of a column, or `null` for a name none of the sources use. */
export function roleOf(column: string): ColumnRole | null {
  const name = normalizedName(column);
  return ROLES.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

/** The column to forecast by default: the daily maximum temperature, else the mean, else the minimum, else any temperature-like name. */
export function defaultTarget(columns: readonly string[], roleFor: (column: string) => ColumnRole | null = roleOf): string | undefined {
  for (const role of ['temp_max', 'temp_mean', 'temp_min'] as const) {
    const found = columns.find((c) => roleFor(c) === role);
    if (found) return found;
  }
  return columns.find((c) => /temp/i.test(c));
}
