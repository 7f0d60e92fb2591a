/**
 * The columnar parser against the parser it replaced (kept in tests/ml/legacy-csv): the same table,
 * report, mapping, notes and errors for every shipped dataset and fixture, and for any chunk size.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { readCsvRows, type RowSink } from '../../src/ml/data/csv-rows.ts';
import { parseWeatherCsv as legacyParse } from './legacy-csv/csv.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return csvFiles(path);
    return name.endsWith('.csv') ? [path] : [];
  });
}

/** The outcome of a parse as plain data: the result, or the error's name, code, line, column and message. */
function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (error) {
    const e = error as { name?: string; code?: string; row?: number; column?: string; message?: string };
    return { error: { name: e.name, code: e.code, row: e.row, column: e.column, message: e.message } };
  }
}

const FILES = [...csvFiles(join(ROOT, 'datasets')), ...csvFiles(join(ROOT, 'tests/fixtures'))];

describe('columnar CSV parse vs the row-based parser it replaced', () => {
  it('finds the datasets and fixtures', () => {
    expect(FILES.length).toBeGreaterThan(40);
  });

  it.each(FILES.map((f) => [f.slice(ROOT.length + 1), f]))('%s: identical result or error', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    expect(outcome(() => parseWeatherCsv(text))).toEqual(outcome(() => legacyParse(text)));
  });
});

/** Every row (cells and line) that reading in chunks of `chunkChars` gives, or the error. */
function rowsOf(text: string, chunkChars: number): unknown {
  const rows: unknown[] = [];
  const sink: RowSink = { header: (fields) => rows.push({ fields }), row: (cells, line) => rows.push({ line, cells: [...cells] }) };
  return outcome(() => ({ ...readCsvRows(text, sink, chunkChars), rows }));
}

describe('chunked reading', () => {
  const quoted = 'date,"temp, max",note\r\n2020-01-01,1.5,"two\r\nlines"\r\n2020-01-02,2.5,"say ""hi"""\r\n\r\n2020-01-03,3.5,plain\r\n';
  const cases: Record<string, string> = {
    'quoted fields and CRLF': quoted,
    'a line cut off': 'date,temp\n2020-01-01,1\n2020-01-02\n2020-01-03,3\n',
    'an unclosed quote': 'date,temp\n2020-01-01,1\n2020-01-02,"2\n2020-01-03,3\n',
    'no final line break': 'date,temp\n2020-01-01,1\n2020-01-02,2',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: chunks of 1, 7 and 1,024 characters give the rows and lines of one chunk`, () => {
      const whole = rowsOf(text, text.length + 1);
      for (const size of [1, 7, 1024]) expect(rowsOf(text, size)).toEqual(whole);
    });
  }

  it('a line-numbered error is the same in small chunks', () => {
    const text = 'date,temp\n2020-01-01,1\n2020-01-02,x\n';
    expect(rowsOf(text, 7)).toEqual(rowsOf(text, 1 << 20));
    const rows = rowsOf('date,temp\n2020-01-01,1\n2020-01-02\n', 7) as { error: { row: number; code: string } };
    expect(rows.error).toMatchObject({ code: 'malformed-row', row: 3 });
  });

  it('a whole file read in 7-character chunks parses like the legacy parser', () => {
    const text = readFileSync(join(ROOT, 'datasets/seattle.csv'), 'utf8').split('\n').slice(0, 60).join('\r\n');
    const rows = rowsOf(text, 7) as { ok: { rows: unknown[] } };
    expect(rows.ok.rows).toHaveLength(60);
    expect(rows).toEqual(rowsOf(text, 1 << 20));
  });
});
