import { describe, expect, it } from 'vitest';
import { CsvError, parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { readStamps } from '../../src/ml/data/dates.ts';
import { dayNumber, isoFromDayNumber } from '../../src/ml/data/table.ts';
import { decodeOverrides, encodeOverrides, parseMapArgument } from '../../src/ml/data/mapping.ts';
import { converterOf, modelUnitOf, unitsFor } from '../../src/ml/data/units.ts';

const errorOf = (fn: () => unknown): CsvError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('no error');
};

/** `n` consecutive days from 2012-01-01 as `format(y, m, d)`, with a temperature column. */
function days(n: number, format: (y: number, m: number, d: number) => string, header = 'Date,Max Temp'): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const t = new Date(Date.UTC(2012, 0, 1 + i));
    return `${format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())},${10 + (i % 5)}`;
  });
  return [header, ...rows].join('\n');
}

describe('units', () => {
  it('convert real values to °C, mm and m/s', () => {
    expect(converterOf('°F')!(32)).toBe(0);
    expect(converterOf('°F')!(212)).toBe(100);
    expect(converterOf('°F')!(-40)).toBe(-40);
    expect(converterOf('K')!(273.15)).toBe(0);
    expect(converterOf('in')!(1)).toBe(25.4);
    expect(converterOf('mph')!(1)).toBe(0.44704);
    expect(converterOf('km/h')!(36)).toBe(10);
    expect(converterOf('kn')!(1)).toBeCloseTo(0.514444, 6);
    expect(converterOf('°C')).toBeNull();
    expect(modelUnitOf('mph')).toBe('m/s');
    expect(unitsFor('temp_max')).toEqual(['°C', '°F', 'K']);
  });
});

describe('dates', () => {
  it('name a day number as Date does, from year 1000 to 9999, without a Date per day', () => {
    for (let day = dayNumber('1000-01-01'); day <= dayNumber('9999-12-31'); day += 7) {
      if (isoFromDayNumber(day) !== new Date(day * 86_400_000).toISOString().slice(0, 10)) expect.fail(`day ${day}`);
    }
    expect(['1970-01-01', '2000-02-29', '2100-02-28', '2024-12-31'].map((d) => isoFromDayNumber(dayNumber(d)))).toEqual(['1970-01-01', '2000-02-29', '2100-02-28', '2024-12-31']);
  });

  it('read US and day-first dates when the data tells the order', () => {
    const us = parseWeatherCsv(days(20, (y, m, d) => `${m}/${d}/${y}`));
    expect(us.table.dates.slice(0, 2)).toEqual(['2012-01-01', '2012-01-02']);
    expect(us.notes[0]).toMatch(/month\/day\/year \(a second number above 12/);
    const eu = parseWeatherCsv(days(20, (y, m, d) => `${d}.${m}.${y}`));
    expect(eu.table.dates[19]).toBe('2012-01-20');
    expect(eu.notes[0]).toMatch(/day\/month\/year \(a first number above 12/);
  });

  it('decide the order from consecutive days when no number is above 12, and ask when nothing tells', () => {
    // 1/1 … 1/12: one day apart read month-first, one month apart read day-first.
    const twelve = parseWeatherCsv(days(12, (y, m, d) => `${m}/${d}/${y}`));
    expect(twelve.table.dates[11]).toBe('2012-01-12');
    expect(twelve.notes[0]).toMatch(/consecutive rows are one day apart/);
    const ambiguous = errorOf(() => parseWeatherCsv('Date,Max Temp\n1/1/2012,10\n'));
    expect(ambiguous.code).toBe('ambiguous-date-order');
    expect(ambiguous.message).toMatch(/--date-order mdy or dmy/);
    // The user's choice settles it.
    expect(parseWeatherCsv('Date,Max Temp\n2/1/2012,10\n3/1/2012,11\n', { dateOrder: 'dmy' }).table.dates).toEqual(['2012-01-02', '2012-01-03']);
  });

  it('read ISO date-times with offsets and shift them to the file’s UTC offset', () => {
    const { stamps } = readStamps(['2015-01-01T23:00Z', '2015-01-02 06:30:00+01:00', '2015-01-02T07:00'], [2, 3, 4], 'time');
    expect(stamps).toEqual([
      { day: 16436, minutes: 1380, offset: 0 },
      { day: 16437, minutes: 390, offset: 60 },
      { day: 16437, minutes: 420, offset: null },
    ]);
    // UTC hours of a file whose metadata says UTC−8: 06:00 UTC on the 2nd is 22:00 on the 1st.
    const hours = Array.from({ length: 72 }, (_, h) => `${new Date(Date.UTC(2015, 0, 1, h)).toISOString().slice(0, 16)}Z,${h < 32 ? 1 : 2}`);
    const text = `latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n47.6,-122.3,40,-28800,America/Los_Angeles,PST\n\ntime,temperature_2m (°C)\n${hours.join('\n')}\n`;
    const parsed = parseWeatherCsv(text);
    // Local days: 2014-12-31 has 8 hours and 2015-01-03 16 (short, dropped at the edges); -01 and -02 are whole.
    expect(parsed.table.dates).toEqual(['2015-01-01', '2015-01-02']);
    expect(parsed.table.columns.temperature_2m_max[0]).toBe(1);
    expect(parsed.table.columns.temperature_2m_min[1]).toBe(2);
  });

  it('refuse a date that does not match the column’s format, naming the line', () => {
    const e = errorOf(() => parseWeatherCsv(days(20, (y, m, d) => `${m}/${d}/${y}`).replace('1/5/2012', '2012-01-05')));
    expect(e.code).toBe('bad-date');
    expect(e.row).toBe(6);
    expect(e.message).toMatch(/Line 6, column "Date": "2012-01-05" is not a date\..*e\.g\. 1\/31\/2012/);
  });
});

describe('the column mapping', () => {
  const noaa = '"DATE","TMAX","TMIN","AWND"\n"2012-01-01","55","41","10.0"\n"2012-01-02","45","30","5.0"\n"2012-01-03","48","32","6.0"\n';

  it('can be changed: a role, a unit, or a column ignored', () => {
    const detected = parseWeatherCsv(noaa);
    expect(detected.table.columns.TMAX[0]).toBeCloseTo(((55 - 32) * 5) / 9, 12); // 55 °F: NOAA standard units
    const asCelsius = parseWeatherCsv(noaa, { mapping: { TMAX: { unit: '°C' }, TMIN: { unit: '°C' }, AWND: { role: 'ignore' } } });
    expect(asCelsius.table.columns.TMAX[0]).toBe(55);
    expect(Object.keys(asCelsius.table.columns)).toEqual(['TMAX', 'TMIN']);
    expect(asCelsius.mapping.find((m) => m.column === 'AWND')).toMatchObject({ role: 'ignore', note: 'ignored in the mapping', changed: true });
    expect(asCelsius.mapping.find((m) => m.column === 'TMAX')).toMatchObject({ unitSource: 'user', changed: true });
  });

  it('says why a NOAA file without a temperature above 50 is read as metric, and what to choose if it is not', () => {
    const winter = '"DATE","TMAX","TMIN"\n"2012-01-01","41","28"\n"2012-01-02","45","30"\n"2012-01-03","38","25"\n';
    const read = parseWeatherCsv(winter);
    expect(read.table.columns.TMAX[0]).toBe(41);
    expect(read.mapping.find((m) => m.column === 'TMAX')).toMatchObject({ unit: '°C', unitSource: 'source' });
    expect(read.mapping.find((m) => m.column === 'TMAX')!.note).toMatch(/no temperature above 50: if the file is in standard units, choose °F, in and mph/);
    expect(parseWeatherCsv(winter, { mapping: { TMAX: { unit: '°F' }, TMIN: { unit: '°F' } } }).table.columns.TMAX[0]).toBeCloseTo(5, 12);
  });

  it('refuses a change that does not fit the file, naming it', () => {
    expect(errorOf(() => parseWeatherCsv(noaa, { mapping: { TMAXX: { role: 'temp_max' } } })).message).toMatch(/names the column "TMAXX", which the file does not have/);
    expect(errorOf(() => parseWeatherCsv(noaa, { mapping: { TMAX: { unit: 'mm' } } })).message).toMatch(/"TMAX" is a daily maximum temperature, which cannot be in mm\. Use one of °C, °F, K/);
  });

  it('reads --map COLUMN=ROLE[:UNIT] and travels in a link', () => {
    expect(parseMapArgument('TMAX=temp_max:F')).toEqual(['TMAX', { role: 'temp_max', unit: '°F' }]);
    expect(parseMapArgument('Wind=:mph')).toEqual(['Wind', { unit: 'mph' }]);
    expect(parseMapArgument('AWND=ignore')).toEqual(['AWND', { role: 'ignore' }]);
    expect(() => parseMapArgument('TMAX')).toThrow(/not COLUMN=ROLE\[:UNIT\]/);
    expect(() => parseMapArgument('TMAX=hot')).toThrow(/"hot" is not a role/);
    expect(() => parseMapArgument('TMAX=temp_max:furlongs')).toThrow(/"furlongs" is not a unit/);
    const overrides = { 'Max Temp': { role: 'temp_max' as const, unit: '°F' }, 'a;b:c': { role: 'ignore' as const } };
    expect(decodeOverrides(encodeOverrides(overrides))).toEqual(overrides);
    expect(decodeOverrides('x:hot:;y::parsec;z:wind:mph')).toEqual({ z: { role: 'wind', unit: 'mph' } });
  });
});
