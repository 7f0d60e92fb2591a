/**
 * The hostile-input corpus (tests/fixtures/hostile, see its README): every file gets a specific error
 * code, line and column where they apply, and a message that says what is wrong, where, and how to fix
 * it; the files that must load go through parse → prepareData → one epoch of a linear model.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipBundle } from '../../src/ml/export/zip.ts';
import { buildModel, disposeModel } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { CsvError, MAX_CSV_BYTES, parseWeatherCsv, type CsvParseOptions, type ParsedWeatherCsv } from '../../src/ml/data/csv.ts';
import { DataSpecError, prepareData, type DataSpec } from '../../src/ml/data/prepare.ts';
import { dayNumber, isoFromDayNumber } from '../../src/ml/data/table.ts';
import { BundleError, importBundle } from '../../src/ml/export/bundle.ts';
import { train } from '../../src/ml/training/train.ts';
import { CSV_REFUSALS, ZIP_REFUSALS } from '../fixtures/hostile/cases.ts';
import { BASE_ROWS } from '../fixtures/hostile/make-fixtures.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/hostile');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');
const bytes = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

/** What every refusal must say besides its specifics: a fix, as an imperative sentence at the end. */
const FIX = /\b(use|add|choose|export|keep|sort|trim|rename|leave|correct|close|convert)\b[^]*\.$/i;

function csvErrorOf(name: string, options?: CsvParseOptions): CsvError {
  try {
    parseWeatherCsv(text(name), options);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error(`${name} parsed, but should have been refused`);
}

const spec = (parsed: ParsedWeatherCsv, lookbackDays = 7): DataSpec => {
  const columns = Object.keys(parsed.table.columns);
  return {
    features: { target: 'temp_max', inputs: columns.filter((c) => !parsed.report.constantColumns.includes(c)), seasonal: true },
    window: { lookbackDays, horizonDays: 1 },
    split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
  };
};

/** parse → prepareData → one epoch of a linear model: nothing may throw, the loss must be finite. */
async function trainOneEpoch(parsed: ParsedWeatherCsv): Promise<number> {
  const data = prepareData(parsed.table, spec(parsed));
  const model = buildModel({ kind: 'linear', units: 1, layers: 0, dropout: 0 }, data, 1);
  try {
    const run = await train(model, data, { epochs: 1, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 1 });
    return run.history[0].trainLoss;
  } finally {
    disposeModel(model);
  }
}

beforeAll(async () => {
  expect(await initBackend('cpu')).toBe('cpu');
});

describe('hostile CSVs that are refused', () => {
  for (const c of CSV_REFUSALS) {
    it(`${c.file}: ${c.code}${c.row ? ` at line ${c.row}` : ''}`, () => {
      const error = csvErrorOf(c.file, c.options);
      expect(error.code).toBe(c.code);
      expect(error.row).toBe(c.row);
      expect(error.column).toBe(c.column);
      expect(error.message).toMatch(c.message);
      expect(error.message).toMatch(FIX);
      if (c.row !== undefined) expect(error.message).toMatch(new RegExp(`\\bLines? (\\d+ and )?${c.row}\\b`, 'i'));
    });
  }

  it('never evaluates a formula: the cell is quoted as text and nothing else happens', () => {
    // Evaluating `=cmd|…` would need a spreadsheet; here the proof is that the message holds the cell
    // JSON-quoted, and that a header like it never reaches a table (so never metadata, model card or CLI).
    expect(csvErrorOf('formula-equals.csv').message).toContain(`"=cmd|' /C calc'!A0"`);
    expect(csvErrorOf('formula-header.csv').code).toBe('bad-column-name');
  });

  it('shows HTML as text: the literal markup, JSON-quoted and cut to 40 characters', () => {
    expect(csvErrorOf('html-cell.csv').message).toContain('"<script>alert(1)</script>"');
    expect(csvErrorOf('html-header.csv').message).toContain('"<img src=x onerror=alert(1)>"');
    const long = `date,t\n2012-01-01,1\n2012-01-02,<img src=x onerror=alert(document.cookie)>${'x'.repeat(50)}\n`;
    const message = (() => {
      try {
        parseWeatherCsv(long);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('"<img src=x onerror=alert(document.cookie…"');
  });

  it('too-few-rows.csv parses, then prepareData refuses it with a DataSpecError naming lookback and horizon', () => {
    const parsed = parseWeatherCsv(text('too-few-rows.csv'));
    expect(parsed.report.rows).toBe(10);
    let error: unknown;
    try {
      prepareData(parsed.table, spec(parsed, 14));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataSpecError);
    expect((error as DataSpecError).message).toMatch(/^The data has 10 rows, but a lookback of 14 days and a horizon of 1 days need at least 15 rows.* Use a shorter lookback or horizon, or load more days\.$/);
  });
});

describe('hostile CSVs that load', () => {
  it('bom.csv: the BOM is stripped (first column is "date") and CRLF lines parse', async () => {
    expect(text('bom.csv').charCodeAt(0)).toBe(0xfeff);
    const parsed = parseWeatherCsv(text('bom.csv'));
    expect(parsed.table.dates[0]).toBe('2012-01-01');
    expect(Object.keys(parsed.table.columns)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('semicolon.csv: the delimiter is detected and every value matches valid.csv', async () => {
    const parsed = parseWeatherCsv(text('semicolon.csv'));
    const valid = parseWeatherCsv(text('valid.csv'));
    expect(parsed.table.dates).toEqual(valid.table.dates);
    expect(parsed.table.columns).toEqual(valid.table.columns);
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('quoted.csv: quoted names and numbers, a quoted delimiter, quote and line break inside a text cell', async () => {
    const parsed = parseWeatherCsv(text('quoted.csv'));
    expect(parsed.report.rows).toBe(BASE_ROWS);
    expect(parsed.ignoredColumns).toEqual([{ name: 'station', reason: 'text, not numbers' }]);
    expect(parsed.table.columns.temp_max[0]).toBe(parseWeatherCsv(text('valid.csv')).table.columns.temp_max[0]);
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('extra-columns.csv: a numeric extra column is kept, text and empty ones are listed as ignored', async () => {
    const parsed = parseWeatherCsv(text('extra-columns.csv'));
    expect(Object.keys(parsed.table.columns)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind', 'humidity']);
    expect(parsed.ignoredColumns).toEqual([
      { name: 'station', reason: 'text, not numbers' },
      { name: 'notes', reason: 'every cell is empty' },
    ]);
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('gap-1-day.csv: the missing day is interpolated and reported', async () => {
    const parsed = parseWeatherCsv(text('gap-1-day.csv'));
    expect(parsed.report.rows).toBe(BASE_ROWS);
    expect(parsed.report.gaps).toEqual([{ from: '2012-01-11', to: '2012-01-11', days: 1, repaired: true }]);
    expect(parsed.report.columns.temp_max.repaired).toBe(1);
    expect(parsed.report.warnings).toContain('4 missing value(s) were filled in by linear interpolation between neighbouring days.');
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('outliers.csv: 999999 and -9999 are kept, counted as outliers and named in a warning', async () => {
    const parsed = parseWeatherCsv(text('outliers.csv'));
    expect(parsed.report.columns.temp_max.outliers.examples[0]).toEqual({ date: '2012-02-10', value: 999999 });
    expect(parsed.report.columns.wind.outliers.examples[0]).toEqual({ date: '2012-02-10', value: -9999 });
    expect(parsed.report.warnings).toContain(
      'Column "temp_max" has extreme values far from the rest (median 12.8): 999999 on 2012-02-10. If they are error codes (e.g. -9999) or typos, correct them or leave those cells empty; they are kept as they are and will distort training.',
    );
    expect(Number.isFinite(await trainOneEpoch(parsed))).toBe(true);
  });

  it('fahrenheit.csv: °F from the header, converted to °C, the conversion in the mapping', async () => {
    const parsed = parseWeatherCsv(text('fahrenheit.csv'));
    expect(parsed.table.units).toMatchObject({ temp_max: '°C', temp_min: '°C' });
    expect(parsed.mapping.filter((m) => m.note.startsWith('°F → °C')).map((m) => m.names[0])).toEqual(['temp_max', 'temp_min']);
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('unknown-unit.csv: an unknown unit is named in a warning and the column has no unit', async () => {
    const parsed = parseWeatherCsv(text('unknown-unit.csv'));
    expect(parsed.table.units.wind).toBe('');
    expect(parsed.report.warnings).toEqual([
      'Column "wind (furlongs/fortnight)": the unit "furlongs/fortnight" is not one the app knows (°C, °F, K, mm, cm, in, m/s, km/h, mph, kn, hPa, kPa, inHg, %, °); its values are used as they are, shown without a unit.',
    ]);
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });

  it('constant-column.csv: flagged, left out of the inputs, training runs', async () => {
    const parsed = parseWeatherCsv(text('constant-column.csv'));
    expect(parsed.report.constantColumns).toEqual(['snow_depth']);
    expect(parsed.report.warnings[0]).toMatch(/^Column "snow_depth" has the same value \(0\) on every day.*will not be used as a model input\.$/);
    expect(spec(parsed).features.inputs).not.toContain('snow_depth');
    expect(await trainOneEpoch(parsed)).toBeGreaterThan(0);
  });
});

describe('50 MB CSV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-big-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses text above 50 MB at once, before parsing', () => {
    const started = performance.now();
    expect(() => parseWeatherCsv('a'.repeat(MAX_CSV_BYTES + 1))).toThrow(/^The file is 50\.0 MB; files up to 50 MB can be loaded\. Use a smaller file/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('parses a valid 50 MB file (1.1 million days × 7 columns)', { timeout: 180_000 }, () => {
    const file = join(dir, 'big.csv');
    writeFileSync(file, bigCsv(50_000_000));
    const started = performance.now();
    const parsed = parseWeatherCsv(readFileSync(file, 'utf8'));
    const seconds = (performance.now() - started) / 1000;
    expect(parsed.report.rows).toBeGreaterThan(1_100_000);
    expect(parsed.report.warnings).toEqual([]);
    expect(seconds).toBeLessThan(120);
    rmSync(file);
  });
});

/** A valid CSV of about `targetBytes` bytes, starting 1000-01-01. */
function bigCsv(targetBytes: number): string {
  const header = 'date,precipitation,temp_max,temp_min,wind,humidity,pressure,snow\n';
  const parts = [header];
  let size = header.length;
  const first = dayNumber('1000-01-01');
  for (let i = 0; ; i++) {
    const s = Math.sin(i / 58);
    const line = `${isoFromDayNumber(first + i)},${((i % 7) * 0.3).toFixed(1)},${(10 + 8 * s).toFixed(1)},${(3 + 6 * s).toFixed(1)},${(3 + (i % 5) * 0.4).toFixed(1)},${60 + (i % 30)},${1000 + (i % 25)}.5,${i % 11}\n`;
    if (size + line.length > targetBytes) break;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

async function bundleErrorOf(file: string): Promise<BundleError> {
  try {
    const imported = await importBundle(unzipBundle(bytes(file)));
    imported.model.dispose();
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error(`${file} was imported, but should have been refused`);
}

describe('hostile model zips', () => {
  for (const c of ZIP_REFUSALS) {
    it(`${c.file}: ${c.code}`, async () => {
      const tensorsBefore = tf.memory().numTensors;
      const error = await bundleErrorOf(c.file);
      expect(error.code).toBe(c.code);
      expect(error.message).toMatch(c.message);
      expect(error.message).toMatch(FIX);
      expect(tf.memory().numTensors).toBe(tensorsBefore); // a refused model is disposed
    });
  }

  it('path-traversal.zip: entries named ../../evil.json, /etc/evil.json and bundle/../../evil.bin are skipped, the bundle loads', async () => {
    const files = unzipBundle(bytes('path-traversal.zip'));
    expect(Object.keys(files).sort()).toEqual(['README.md', 'metadata.json', 'model.json', 'test-vectors.json', 'weights.bin']);
    const imported = await importBundle(files);
    expect(imported.check.passed).toBe(true);
    imported.model.dispose();
    // Nothing is ever written from a zip: no evil.json appeared next to the fixtures or above them.
    for (const where of [DIR, dirname(DIR), resolve(DIR, '../..')]) expect(readdirSync(where)).not.toContain('evil.json');
  });
});
