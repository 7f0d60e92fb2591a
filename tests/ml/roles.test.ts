import { describe, expect, it } from 'vitest';
import { defaultTarget, normalizedName, roleOf } from '../../src/ml/data/roles.ts';

describe('column roles', () => {
  it('recognise the names of the main public sources, whatever the case and units', () => {
    // NOAA Climate Data Online daily summaries
    expect(['AWND', 'PRCP', 'SNOW', 'SNWD', 'TAVG', 'TMAX', 'TMIN'].map(roleOf)).toEqual(['wind', 'precipitation', 'snow', 'snow', 'temp_mean', 'temp_max', 'temp_min']);
    // Open-Meteo (units in brackets)
    expect(['temperature_2m_max (°C)', 'temperature_2m_min (°C)', 'precipitation_sum (mm)', 'wind_speed_10m_max (km/h)'].map(roleOf)).toEqual(['temp_max', 'temp_min', 'precipitation', 'wind_max']);
    // Meteostat
    expect(['tavg', 'tmin', 'tmax', 'prcp', 'wspd', 'wpgt', 'pres'].map(roleOf)).toEqual(['temp_mean', 'temp_min', 'temp_max', 'precipitation', 'wind', 'wind_max', 'pressure']);
    // Spreadsheet exports and this app's own names
    expect(['Max Temp', 'Min Temp', 'High', 'Precipitation', 'Wind', 'temp_max', 'wind'].map(roleOf)).toEqual(['temp_max', 'temp_min', 'temp_max', 'precipitation', 'wind', 'temp_max', 'wind']);
    expect(roleOf('STATION')).toBeNull();
    expect(normalizedName('Max Temp (°F)')).toBe('max_temp');
  });

  it('default the target to the daily maximum temperature wherever there is one', () => {
    expect(defaultTarget(['STATION', 'NAME', 'AWND', 'PRCP', 'SNOW', 'SNWD', 'TAVG', 'TMAX', 'TMIN'])).toBe('TMAX');
    expect(defaultTarget(['tavg', 'tmin', 'tmax', 'prcp', 'snow', 'wdir', 'wspd', 'wpgt', 'pres', 'tsun'])).toBe('tmax');
    expect(defaultTarget(['Precipitation', 'Max Temp', 'Min Temp', 'Wind'])).toBe('Max Temp');
    expect(defaultTarget(['precipitation', 'temp_max', 'temp_min', 'wind'])).toBe('temp_max');
    // Without a maximum: the mean, then the minimum.
    expect(defaultTarget(['prcp', 'tavg', 'tmin'])).toBe('tavg');
    expect(defaultTarget(['prcp', 'tmin'])).toBe('tmin');
    expect(defaultTarget(['prcp', 'wind'])).toBeUndefined();
  });
});
