/**
 * Reading a CSV's text into rows: the checks on the text as a whole (size, empty, binary), the header
 * names, and each data row's cells with the file line it starts on. papaparse only splits cells; what the
 * cells mean is decided in `csv-cells.ts` and `csv.ts`.
 */
import Papa from 'papaparse';
import { MAX_CSV_BYTES } from './limits.ts';
import { quoteUserText as quote } from './user-text.ts';
import { CsvError, csvTooLargeError } from './csv-error.ts';

/** Share of control characters in the sample above which a file is treated as binary. */
const MAX_CONTROL_CHAR_SHARE = 0.1;
const BINARY_SAMPLE_CHARS = 8192;
/** How often reading reports progress, in characters. */
const PROGRESS_CHARS = 1 << 20;
/** What papaparse reads to guess the line break (it looks at the first MiB only). */
const GUESS_CHARS = 1024 * 1024;
/** Text parsed at a time. */
export const DEFAULT_CHUNK_CHARS = 256 * 1024;

/**
 * Receives the file's rows as they are read: the header once, then each data row. Rows are not kept,
 * so a 50 MB file never holds millions of cell strings at once.
 */
export interface RowSink {
  /** Trimmed, de-duplicated header names. */
  header(fields: string[]): void;
  /** Cells in header order, and the 1-based file line where the row starts. */
  row(cells: readonly string[], line: number): void;
}

/** The file's header names and what reading it found, after its rows went to a {@link RowSink}. */
export interface CsvRows {
  /** Trimmed, de-duplicated header names. */
  readonly fields: string[];
  readonly warnings: string[];
  /** The file's UTC offset when a metadata block states one (Open-Meteo's `utc_offset_seconds`), else null. */
  readonly utcOffsetSeconds: number | null;
  /** How the text was read (a metadata block skipped): not a problem, so not among the warnings. */
  readonly notes: string[];
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, BINARY_SAMPLE_CHARS);
  // eslint-disable-next-line no-control-regex
  const control = sample.match(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return control / sample.length > MAX_CONTROL_CHAR_SHARE;
}

/**
 * Runs papaparse row by row (arrays, not one object per row: a 50 MB file has millions of cells) and
 * attaches to each row the line it starts on. `fields` are the trimmed, de-duplicated header names.
 */
function readRows(text: string, sink: RowSink, chunkChars: number, onProgress?: (done: number, total: number) => void): Omit<CsvRows, 'utcOffsetSeconds' | 'notes'> {
  let reported = 0;
  const warnings: string[] = [];
  let fields: string[] | undefined;
  // papaparse reports where each row ends (`meta.cursor`); the row starts on the line where it ends minus
  // the line breaks inside its quoted cells.
  const lineBreak = text.includes('\n') ? '\n' : '\r';
  const lineBreakCode = lineBreak.charCodeAt(0);
  const hasQuotes = text.includes('"');
  let scanned = 0;
  let breaksBeforeCursor = 0;

  // papaparse guesses the delimiter and line break from its first chunk; guessed here on what it would
  // see of the whole text (its first MiB), chunks of any size split the rows the same way.
  const { delimiter, linebreak: newline } = Papa.parse<string[]>(text.slice(0, GUESS_CHARS), { preview: 1, skipEmptyLines: 'greedy' }).meta;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimiter,
    newline: newline as '\n' | '\r' | '\r\n',
    // Chunks, not the whole text at once: papaparse splits a chunk's lines in one go.
    chunkSize: chunkChars,
    step: (result, parser) => {
      const cursor = Math.min(result.meta.cursor, text.length);
      if (onProgress && cursor - reported >= PROGRESS_CHARS) {
        reported = cursor;
        onProgress(cursor, text.length);
      }
      for (; scanned < cursor; scanned += 1) if (text.charCodeAt(scanned) === lineBreakCode) breaksBeforeCursor += 1;
      const cells = result.data;
      let breaksInside = 0;
      if (hasQuotes) for (const value of cells) breaksInside += value.split(lineBreak).length - 1;
      // The cursor is past the row's own line break, except on a last line without one.
      const ownBreak = text[cursor - 1] === lineBreak ? 1 : 0;
      const line = 1 + breaksBeforeCursor - ownBreak - breaksInside;
      const unclosed = result.errors.some((e) => e.code === 'MissingQuotes');
      const tooMany = fields !== undefined && cells.length > fields.length;
      // A row with fewer cells than the header is damaged (cut off), not a day with missing values:
      // an empty cell says "missing", a missing cell says the line was truncated.
      const tooFew = fields !== undefined && cells.length < fields.length;
      if (unclosed || tooMany || tooFew) {
        parser.abort();
        throw new CsvError({
          code: 'malformed-row',
          row: line,
          problem: tooMany
            ? `Line ${line} has more cells than the header (${fields!.length}).`
            : tooFew
              ? `Line ${line} has ${cells.length} cell${cells.length === 1 ? '' : 's'}, but the header has ${fields!.length}: the line looks cut off.`
              : `Line ${line} opens a quote (") that is never closed.`,
          hint: tooMany
            ? 'Use a dot as decimal separator, quote cells that contain the delimiter, and give every row as many cells as the header.'
            : tooFew
              ? 'Repair or delete that line; leave a value empty (two commas in a row) when it is missing.'
              : 'Close the quote or remove it.',
        });
      }
      if (fields === undefined) {
        const seen = new Map<string, number>();
        fields = cells.map((header) => {
          const name = header.trim();
          const count = seen.get(name) ?? 0;
          seen.set(name, count + 1);
          if (count === 0) return name;
          warnings.push(`The header has the column name ${quote(name)} twice; the copy was renamed to ${quote(`${name}_${count}`)}.`);
          return `${name}_${count}`;
        });
        sink.header(fields);
        return;
      }
      sink.row(cells, line);
    },
  });
  return { fields: fields ?? [], warnings };
}

/**
 * Splits a CSV's text into header names and rows (handed to `sink` one by one), after refusing text that is too large, empty or
 * binary. A leading byte-order mark is dropped.
 *
 * @throws {CsvError} 'too-large', 'empty', 'binary' or 'malformed-row'.
 */
export function readCsvRows(text: string, sink: RowSink, chunkChars = DEFAULT_CHUNK_CHARS, onProgress?: (done: number, total: number) => void): CsvRows {
  if (text.length > MAX_CSV_BYTES) throw csvTooLargeError(text.length);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  if (body.trim() === '') {
    throw new CsvError({ code: 'empty', problem: 'The file is empty.', hint: 'Choose a CSV file with a header line and one row per day.' });
  }
  if (looksBinary(body)) {
    throw new CsvError({
      code: 'binary',
      problem: 'The file is not text (it contains binary data).',
      hint: 'Export the data as CSV (comma- or semicolon-separated text), not as a spreadsheet or archive.',
    });
  }
  const { text: data, note, utcOffsetSeconds } = blankPreamble(body);
  const result = readRows(data, sink, chunkChars, onProgress);
  onProgress?.(data.length, data.length);
  return { ...result, utcOffsetSeconds, notes: note ? [note] : [] };
}

/**
 * Open-Meteo's CSV download starts with a metadata block (`latitude,longitude,elevation,…`, a line of
 * values, then a blank line) before the header. The block's lines are blanked, not cut, so every
 * later line keeps its number; the note says where the place is and where the data starts.
 */
function blankPreamble(text: string): { text: string; note: string | null; utcOffsetSeconds: number | null } {
  const none = { text, note: null, utcOffsetSeconds: null };
  const firstBreak = text.indexOf('\n');
  const first = text.slice(0, firstBreak < 0 ? text.length : firstBreak).trim().toLowerCase();
  if (!first.startsWith('latitude,') || !first.includes('longitude')) return none;
  const lines = text.split('\n');
  const blank = lines.findIndex((l, i) => i > 0 && l.trim() === '');
  if (blank < 0) return none;
  const names = lines[0].trim().split(',');
  const values = (lines[1] ?? '').trim().split(',');
  const field = (name: string) => values[names.indexOf(name)];
  const place = [
    field('latitude') && field('longitude') ? `location ${field('latitude')}, ${field('longitude')}` : '',
    field('elevation') ? `elevation ${field('elevation')} m` : '',
    field('timezone') ? `time zone ${field('timezone')}` : '',
  ].filter(Boolean);
  const header = lines.findIndex((l, i) => i > blank && l.trim() !== '') + 1;
  const note = `Lines 1–${blank} are a metadata block (${place.join(', ') || 'no location'}), skipped; the header is on line ${header}.`;
  const offset = Number(field('utc_offset_seconds'));
  return {
    text: lines.map((l, i) => (i < blank ? '' : l)).join('\n'),
    note: note.replace(/-(\d)/g, '−$1'),
    utcOffsetSeconds: field('utc_offset_seconds') !== undefined && Number.isFinite(offset) ? offset : null,
  };
}
