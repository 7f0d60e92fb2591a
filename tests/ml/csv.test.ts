import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CsvError, parseWeatherCsv, type CsvErrorCode, type CsvParseOptions } from '../../src/ml/data/csv.ts';
import { summaryStatistics } from '../../src/ml/data/quality.ts';
import { dateOfRow, dayRangeOf, rowOfDate } from '../../src/ml/data/table.ts';
import { defaultTarget } from '../../src/ml/data/roles.ts';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./fixtures/csv/${name}`, import.meta.url)), 'utf8');
const dataset = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../datasets/${name}`, import.meta.url)), 'utf8');

/** Parses and returns the CsvError it must throw. */
function csvErrorOf(text: string, options?: CsvParseOptions): CsvError {
  try {
    parseWeatherCsv(text, options);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

interface ErrorCase {
  readonly name: string;
  readonly text: () => string;
  readonly options?: CsvParseOptions;
  readonly code: CsvErrorCode;
  readonly row: number | undefined;
  readonly column: string | undefined;
}

const errorCases: readonly ErrorCase[] = [
  { name: 'an empty file', text: () => fixture('empty.csv'), code: 'empty', row: undefined, column: undefined },
  { name: 'a whitespace-only file', text: () => fixture('whitespace.csv'), code: 'empty', row: undefined, column: undefined },
  { name: 'a header without rows', text: () => fixture('header-only.csv'), code: 'too-few-rows', row: undefined, column: undefined },
  { name: 'text with NUL bytes', text: () => 'PK\u0003\u0004\u0000\u0000date,temp\n', code: 'binary', row: undefined, column: undefined },
  { name: 'mostly control characters', text: () => '\u0001\u0002\u0003\u0004\u0005a,b\n\u0006\u0007,\u0008\n', code: 'binary', row: undefined, column: undefined },
  { name: 'data on line 1', text: () => fixture('no-header.csv'), code: 'no-header', row: 1, column: undefined },
  { name: 'no date column', text: () => fixture('no-date-column.csv'), code: 'no-date-column', row: 1, column: undefined },
  { name: 'a named date column that is absent', text: () => fixture('valid-small.csv'), options: { dateColumn: 'day' }, code: 'no-date-column', row: 1, column: 'day' },
  { name: 'a required column that is absent', text: () => fixture('valid-small.csv'), options: { requiredColumns: ['humidity'] }, code: 'missing-column', row: 1, column: 'humidity' },
  { name: 'a selected column that is absent', text: () => fixture('valid-small.csv'), options: { columns: ['pressure'] }, code: 'missing-column', row: 1, column: 'pressure' },
  { name: 'only text columns', text: () => fixture('no-numeric-columns.csv'), code: 'no-numeric-columns', row: 1, column: undefined },
  { name: 'text in a numeric column', text: () => fixture('non-numeric.csv'), code: 'non-numeric', row: 4, column: 'temp_max' },
  { name: 'decimal commas', text: () => fixture('decimal-comma.csv'), code: 'non-numeric', row: 2, column: 'temp_max' },
  { name: 'a required column holding text', text: () => fixture('text-columns.csv'), options: { requiredColumns: ['weather'] }, code: 'non-numeric', row: 2, column: 'weather' },
  { name: 'a formula cell', text: () => fixture('formula.csv'), code: 'non-numeric', row: 3, column: 'temp_max' },
  { name: 'NaN', text: () => fixture('non-finite.csv'), code: 'non-finite', row: 3, column: 'temp_min' },
  { name: 'a date that is not ISO', text: () => fixture('bad-date.csv'), code: 'bad-date', row: 3, column: 'date' },
  { name: 'an impossible date', text: () => 'date,t\n2013-02-29,1\n2013-03-01,2\n', code: 'bad-date', row: 2, column: 'date' },
  { name: 'a repeated date (after a blank line)', text: () => fixture('duplicate-date.csv'), code: 'duplicate-date', row: 5, column: 'date' },
  { name: 'dates out of order', text: () => fixture('unsorted.csv'), code: 'unsorted', row: 4, column: 'date' },
  { name: 'five missing days', text: () => fixture('gap-too-long.csv'), code: 'gap-too-long', row: 4, column: 'date' },
  { name: 'four empty cells in a row', text: () => fixture('empty-run-too-long.csv'), code: 'gap-too-long', row: 3, column: 'wind' },
  { name: 'a row with too many cells', text: () => fixture('malformed-row.csv'), code: 'malformed-row', row: 3, column: undefined },
  {
    name: 'a truncated row (fewer cells than the header)',
    text: () => 'date,precipitation,temp_max,temp_min,wind,weather\n2012-10-25,0,12.2,6.1,2.1,sun\n2012-10-26,1.5,11.1\n2012-10-27,0,13.3,7.2,3.0,sun\n',
    code: 'malformed-row',
    row: 3,
    column: undefined,
  },
];

describe('parseWeatherCsv errors', () => {
  for (const c of errorCases) {
    it(`rejects ${c.name} with '${c.code}'`, () => {
      const error = csvErrorOf(c.text(), c.options);
      expect(error.code).toBe(c.code);
      expect(error.row).toBe(c.row);
      expect(error.column).toBe(c.column);
      expect(error.hint.length).toBeGreaterThan(0);
      expect(error.message.endsWith(error.hint)).toBe(true);
    });
  }

  it('refuses a truncated row with its line number instead of filling it in', () => {
    const error = csvErrorOf('date,precipitation,temp_max,temp_min,wind,weather\n2012-10-25,0,12.2,6.1,2.1,sun\n2012-10-26,1.5,11.1\n');
    expect(error.message).toBe(
      'Line 3 has 3 cells, but the header has 6: the line looks cut off. Repair or delete that line; leave a value empty (two commas in a row) when it is missing.',
    );
  });

  it('names line and column and says how to fix a non-number', () => {
    expect(csvErrorOf(fixture('non-numeric.csv')).message).toBe(
      'Line 4, column "temp_max": "abc" is not a number. Use a dot as decimal separator and leave missing values empty.',
    );
  });

  it('names both lines of a duplicate date', () => {
    expect(csvErrorOf(fixture('duplicate-date.csv')).message).toContain('Lines 3 and 5 both have the date 2012-01-02');
  });

  it('lists the columns found when the date column is missing', () => {
    expect(csvErrorOf(fixture('no-date-column.csv')).message).toContain('"when", "temp_max"');
  });

  it('tells to sort an unsorted file', () => {
    expect(csvErrorOf(fixture('unsorted.csv')).hint).toMatch(/sort/i);
  });

  it('names the dates of a gap that is too long and suggests trimming', () => {
    const error = csvErrorOf(fixture('gap-too-long.csv'));
    expect(error.message).toContain('5 days are missing between 2012-01-02 and 2012-01-08');
    expect(error.hint).toMatch(/continuous period/);
  });

  it('accepts a 5-day gap when maxRepairGapDays allows it', () => {
    const { table } = parseWeatherCsv(fixture('gap-too-long.csv'), { maxRepairGapDays: 5 });
    expect(table.dates).toHaveLength(9);
  });

  it('never evaluates a formula and quotes it escaped and truncated to 40 characters', () => {
    const error = csvErrorOf(fixture('formula.csv'));
    expect(error.message).toContain('"=HYPERLINK(\\"http://example.com\\")" looks like a spreadsheet formula');
    const long = `date,t\n2012-01-01,${'x'.repeat(100)}<b>\n2012-01-02,1\n`;
    const longMessage = csvErrorOf(long).message;
    expect(longMessage).toContain(`"${'x'.repeat(40)}…"`);
    expect(longMessage).not.toContain('<b>');
  });
});

describe('parseWeatherCsv on the shipped datasets', () => {
  for (const file of ['seattle.csv', 'new-york.csv']) {
    it(`parses ${file}: 1461 days, none missing, 2012-01-01..2015-12-31`, () => {
      const { table, report, ignoredColumns } = parseWeatherCsv(dataset(file), {
        requiredColumns: ['precipitation', 'temp_max', 'temp_min', 'wind'],
      });
      expect(table.dates).toHaveLength(1461);
      expect(report.rows).toBe(1461);
      expect(report.period).toEqual({ start: '2012-01-01', end: '2015-12-31' });
      expect(Object.keys(table.columns)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
      expect(table.units).toEqual({ precipitation: 'mm', temp_max: '°C', temp_min: '°C', wind: 'm/s' });
      for (const column of Object.values(report.columns)) {
        expect(column.missing).toBe(0);
        expect(column.repaired).toBe(0);
      }
      expect(report.gaps).toEqual([]);
      expect(report.repairs).toEqual([]);
      expect(report.trimmed.leading + report.trimmed.trailing).toBe(0);
      expect(report.constantColumns).toEqual([]);
      expect(ignoredColumns).toEqual([]);
    });
  }

  it("tells the page its days as a range that gives back every date and row (a gap repaired, a leap day, 1900 not leap)", () => {
    const { table } = parseWeatherCsv(dataset('seattle.csv'));
    const range = dayRangeOf(table.dates);
    expect(range).toEqual({ first: '2012-01-01', count: 1461 });
    const dateAt = dateOfRow(range);
    table.dates.forEach((date, row) => {
      expect(dateAt(row)).toBe(date);
      expect(rowOfDate(range, date)).toBe(row);
    });
    expect(rowOfDate(range, '2011-12-31')).toBe(-1);
    expect(rowOfDate(range, '2016-01-01')).toBe(-1);
    expect(rowOfDate(range, 'not a date')).toBe(-1);
    const repaired = parseWeatherCsv('date,temp_max\n1900-02-27,1\n1900-02-28,2\n1900-03-02,4\n1900-03-03,5\n1900-03-04,6\n');
    const days = dayRangeOf(repaired.table.dates);
    expect(repaired.table.dates).toEqual(['1900-02-27', '1900-02-28', '1900-03-01', '1900-03-02', '1900-03-03', '1900-03-04']);
    expect(repaired.table.dates.map((_, row) => dateOfRow(days)(row))).toEqual(repaired.table.dates);
  });
});

describe('parseWeatherCsv repairs', () => {
  it('interpolates a missing day between its neighbours', () => {
    const { table, report } = parseWeatherCsv(fixture('gap-one-day.csv'));
    expect(table.dates).toEqual(['2012-01-01', '2012-01-02', '2012-01-03', '2012-01-04', '2012-01-05']);
    // 2012-01-03 lies halfway between 2012-01-02 and 2012-01-04.
    expect(table.columns.temp_max[2]).toBeCloseTo((10.6 + 12.2) / 2, 12); // 11.4
    expect(table.columns.precipitation[2]).toBeCloseTo((10.9 + 20.3) / 2, 12); // 15.6
    expect(table.columns.wind[2]).toBeCloseTo(4.6, 12);
    expect(report.gaps).toEqual([{ from: '2012-01-03', to: '2012-01-03', days: 1, repaired: true }]);
    expect(report.repairs).toContainEqual({ column: 'temp_max', dates: ['2012-01-03'], method: 'linear-interpolation' });
    expect(report.columns.temp_max.missing).toBe(1);
    expect(report.columns.temp_max.repaired).toBe(1);
  });

  it('interpolates two consecutive empty cells', () => {
    const { table, report } = parseWeatherCsv(fixture('empty-cells.csv'));
    // 10 → 13 over three steps: 11 and 12.
    expect(Array.from(table.columns.temp_max)).toEqual([10, 11, 12, 13]);
    expect(report.columns.temp_max.missing).toBe(2);
    expect(report.columns.wind.missing).toBe(0);
  });

  it('drops days at the edges that cannot be interpolated and reports them', () => {
    const { table, report } = parseWeatherCsv(fixture('edge-missing.csv'));
    expect(table.dates).toEqual(['2012-01-02', '2012-01-03']);
    expect(report.trimmed).toEqual({ leading: 1, trailing: 1, dates: ['2012-01-01', '2012-01-04'] });
    expect(report.warnings.some((w) => w.includes('dropped'))).toBe(true);
  });
});

describe('parseWeatherCsv formats', () => {
  it("loads Open-Meteo's CSV download: its metadata block is skipped and named, line numbers stay the file's", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2015, 0, 1 + i)).toISOString().slice(0, 10)},${(8 + (i % 5)).toFixed(1)},${(2 + (i % 3)).toFixed(1)},${(i % 4) * 1.2},${10 + (i % 6)}`);
    const head = 'latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n47.6,-122.3,40.0,-28800,America/Los_Angeles,PST\n\ntime,temperature_2m_max (°C),temperature_2m_min (°C),precipitation_sum (mm),wind_speed_10m_max (km/h)\n';
    const parsed = parseWeatherCsv(`${head}${rows.join('\n')}\n`);
    const columns = Object.keys(parsed.table.columns);
    expect(columns).toEqual(['temperature_2m_max', 'temperature_2m_min', 'precipitation_sum', 'wind_speed_10m_max']);
    expect(defaultTarget(columns)).toBe('temperature_2m_max');
    expect(parsed.table.units.temperature_2m_max).toBe('°C');
    expect(parsed.notes).toContain('Lines 1–2 are a metadata block (location 47.6, −122.3, elevation 40.0 m, time zone America/Los_Angeles), skipped; the header is on line 4.');
    // The first data row is line 5 of the file: a bad cell there is reported on line 5.
    const broken = `${head}${['2015-01-01,abc,2.0,0,10', ...rows.slice(1)].join('\n')}\n`;
    expect(csvErrorOf(broken).row).toBe(5);
  });

  it('detects a semicolon delimiter', () => {
    const { table } = parseWeatherCsv(fixture('semicolon.csv'));
    expect(table.dates).toHaveLength(3);
    expect(table.columns.temp_max[1]).toBe(10.6);
  });

  it('strips a UTF-8 BOM and handles CRLF line ends', () => {
    const text = fixture('bom-crlf.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const { table } = parseWeatherCsv(text);
    expect(Object.keys(table.columns)).toEqual(['temp_max', 'temp_min']);
    expect(table.columns.temp_min[2]).toBe(7.2);
  });

  it('reports CRLF line numbers correctly', () => {
    expect(csvErrorOf('date,t\r\n2012-01-01,1\r\n2012-01-02,x\r\n').row).toBe(3);
  });

  it('parses quoted fields, including a delimiter inside quotes', () => {
    const { table, ignoredColumns } = parseWeatherCsv(fixture('quoted.csv'));
    expect(table.columns.temp_max[0]).toBe(12.8);
    expect(ignoredColumns).toEqual([{ name: 'station', reason: 'text, not numbers' }]);
  });

  it('counts lines of quoted cells that span lines', () => {
    const text = 'date,note,t\n2012-01-01,"two\nlines",1\n2012-01-02,,x\n';
    expect(csvErrorOf(text).row).toBe(4);
  });

  it('ignores text columns and lists them', () => {
    const { table, ignoredColumns } = parseWeatherCsv(fixture('text-columns.csv'));
    expect(Object.keys(table.columns)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect(ignoredColumns.map((c) => c.name)).toEqual(['location', 'weather']);
  });

  it('keeps only the selected columns', () => {
    const { table, ignoredColumns } = parseWeatherCsv(fixture('valid-small.csv'), { columns: ['temp_max'] });
    expect(Object.keys(table.columns)).toEqual(['temp_max']);
    expect(ignoredColumns.map((c) => c.name)).toEqual(['precipitation', 'temp_min', 'wind']);
  });

  it('normalizes YYYY/MM/DD dates and finds a "Date" column', () => {
    const { table } = parseWeatherCsv(fixture('slash-dates.csv'));
    expect(table.dates).toEqual(['2012-01-01', '2012-01-02']);
  });
});

describe('units and warnings', () => {
  it('reads °F from the header and converts to °C, saying so in the mapping', () => {
    const { table, mapping } = parseWeatherCsv(fixture('fahrenheit-header.csv'));
    expect(table.units).toEqual({ temp_max: '°C', temp_min: '°C' });
    expect(table.columns.temp_max[0]).toBeCloseTo(((55 - 32) * 5) / 9, 12);
    expect(mapping.map((m) => [m.column, m.fileUnit, m.unit, m.note.split(';')[0]])).toEqual([
      ['temp_max (°F)', '°F', '°C', '°F → °C'],
      ['temp_min (°F)', '°F', '°C', '°F → °C'],
    ]);
  });

  it('reads unit suffixes like tmax_F and [degF]', () => {
    const { table } = parseWeatherCsv('date,tmax_F,temp [degC],wind (km/h),humidity\n2012-01-01,50,10,12,80\n2012-01-02,52,11,14,82\n');
    expect(table.units).toEqual({ tmax_F: '°C', temp: '°C', wind: 'm/s', humidity: '' });
    expect(table.columns.tmax_F[0]).toBeCloseTo(10, 12);
    expect(table.columns.wind[1]).toBeCloseTo(14 / 3.6, 12);
  });

  it('warns when a °C temperature column has a median above 45', () => {
    const { table, report } = parseWeatherCsv(fixture('fahrenheit-values.csv'));
    expect(table.units.temp_max).toBe('°C');
    expect(report.warnings.some((w) => w.includes('"temp_max"') && w.includes('looks like °F'))).toBe(true);
  });

  it('flags a constant column', () => {
    const { report } = parseWeatherCsv(fixture('constant-column.csv'));
    expect(report.constantColumns).toEqual(['snow_depth']);
    expect(report.warnings.some((w) => w.includes('"snow_depth"') && w.includes('divide by zero'))).toBe(true);
  });
});

describe('quality statistics', () => {
  it('computes summary statistics by hand', () => {
    const stats = summaryStatistics(new Float64Array([1, 2, 3, 4, 100]));
    expect(stats).toMatchObject({ count: 5, min: 1, max: 100, mean: 22, median: 3, mad: 1 });
    expect(stats.std).toBeCloseTo(Math.sqrt((21 ** 2 + 20 ** 2 + 19 ** 2 + 18 ** 2 + 78 ** 2) / 5), 12);
  });

  it('finds an outlier more than 4 robust SDs from the median', () => {
    const rows = ['date,wind', ...Array.from({ length: 10 }, (_, i) => `2012-01-${String(i + 1).padStart(2, '0')},${i === 6 ? 40 : 3 + (i % 3)}`)];
    const { report } = parseWeatherCsv(rows.join('\n'));
    expect(report.columns.wind.outliers).toEqual({ count: 1, examples: [{ date: '2012-01-07', value: 40 }] });
  });
});
