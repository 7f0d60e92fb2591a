/**
 * What the CLI commands share: option parsing with human errors, loading data and bundles
 * from disk, and the one error path (message on stderr, exit code 2, no stack trace).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { unzipBundle } from '../ml/export/zip.ts';
import { CsvError, csvTooLargeError, MAX_CSV_BYTES, parseWeatherCsv, type CsvParseOptions, type ParsedWeatherCsv } from '../ml/data/csv.ts';
import { DataSpecError } from '../ml/data/prepare.ts';
import { datasetInfo, isDatasetId, LONG_RECORDS, SHIPPED_DATASETS, type LongRecord, type ShippedDataset } from '../ml/datasets.ts';
import { BundleError, type BundleFiles } from '../ml/export/format.ts';
import { TrainingDivergedError } from '../ml/training/config.ts';
import { expectation, parseNumber } from '../ml/settings/check.ts';
import { SETTINGS, type Setting, type SettingName } from '../ml/settings/table.ts';

/** Bad options or bad input: reported in one paragraph, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Parses argv strictly; unknown or malformed options become a UsageError naming them. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, command: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "npm run ${command} -- --help" to see every option.`);
  }
}

/** The table's settings that are CLI options. */
export function cliSettings(): [SettingName, Setting & { flag: string }][] {
  return (Object.entries(SETTINGS) as [SettingName, Setting][]).filter((e): e is [SettingName, Setting & { flag: string }] => e[1].flag !== undefined);
}

/** `parseArgs` options for every CLI setting of the table. */
export function settingOptions(): Record<string, { type: 'string' | 'boolean' }> {
  return Object.fromEntries(cliSettings().map(([, s]) => [s.flag, { type: s.kind === 'flag' ? 'boolean' : 'string' }]));
}

/** Lays out one `--help` entry: the option in a `gutter`-column margin, its text wrapped at 100 columns. */
export function helpEntry(option: string, text: string, gutter = 24): string {
  const lines: string[] = [];
  let line = option.length >= gutter - 1 ? `${option} ` : option.padEnd(gutter);
  for (const word of text.split(' ')) {
    if (line.length + word.length > 100 && line.trim() !== option.trim()) {
      lines.push(line.trimEnd());
      line = ' '.repeat(gutter);
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

/** One `--help` entry of a table setting: flag, value, help, range and default. */
export function helpLine(name: SettingName, defaultText?: string, gutter = 24): string {
  const s: Setting = SETTINGS[name];
  const value = s.kind === 'choice' || s.kind === 'number' ? ` ${s.cliValue ?? 'VALUE'}` : '';
  let text: string;
  if (s.kind === 'flag') text = s.cliTurnsOff ? `do not add ${s.label.toLowerCase()}` : s.help;
  else if (s.kind === 'choice') text = `${(s.cliOptions ?? s.options).join(' | ')} (default: ${s.default})`;
  else if (s.kind === 'number') text = `${s.help.replace(/\.$/, '')}; ${s.min}-${s.max} (default: ${defaultText ?? s.format(s.default)})`;
  else text = s.help;
  return helpEntry(`  --${s.flag}${value}`, text, gutter);
}

/** A table setting's value from parsed CLI options, checked as the page and links check it; `fallback` when absent. */
export function settingOption<T>(values: Record<string, unknown>, name: SettingName, fallback: T): T {
  const s: Setting = SETTINGS[name];
  const raw = s.flag === undefined ? undefined : values[s.flag];
  if (raw === undefined) return fallback;
  if (s.kind === 'flag') return (s.cliTurnsOff ? raw !== true : raw === true) as T;
  const text = String(raw);
  if (s.kind === 'number') {
    const v = parseNumber(s, text);
    if (v === null) throw new UsageError(`--${s.flag} must be ${expectation(s)}; got "${text}".`);
    return v as T;
  }
  if (s.kind === 'choice') {
    const options = s.cliOptions ?? s.options;
    if (!(options as readonly string[]).includes(text)) throw new UsageError(`--${s.flag} must be ${expectation(s, options)}; got "${text}".`);
    return text as T;
  }
  return fallback;
}

/** Reads a CSV as text; refuses a file above {@link MAX_CSV_BYTES} from its size, before reading it (as the app does). */
export function readCsvText(file: string, what = 'CSV file'): string {
  if (!existsSync(file)) throw new UsageError(`${what} "${file}" does not exist. Check the path.`);
  const stats = statSync(file);
  if (stats.isDirectory()) throw new UsageError(`${what} "${file}" is a folder, not a file.`);
  if (stats.size > MAX_CSV_BYTES) throw csvTooLargeError(stats.size);
  return readFileSync(file, 'utf8');
}

export interface LoadedData {
  readonly parsed: ParsedWeatherCsv;
  readonly name: string;
  readonly source: string;
  /** Set for shipped datasets (the cities and the 50-year records). */
  readonly shipped?: ShippedDataset | LongRecord;
}

/**
 * Loads a shipped dataset by id or a CSV file by path (exactly one). `requiredColumns` (the target and
 * inputs named on the command line) make a CSV without them fail with the parser's message, naming line 1.
 */
export function loadData(datasetId: string | undefined, csvPath: string | undefined, options: CsvParseOptions = {}): LoadedData {
  if (datasetId !== undefined && csvPath !== undefined) throw new UsageError('Give either --dataset or --csv, not both.');
  if (csvPath !== undefined) {
    const parsed = parseWeatherCsv(readCsvText(csvPath), options);
    return { parsed, name: csvPath.split(/[\\/]/).pop() ?? csvPath, source: `user file ${csvPath}` };
  }
  const id = datasetId ?? 'seattle';
  if (!isDatasetId(id)) {
    throw new UsageError(`--dataset must be one of ${Object.keys(SHIPPED_DATASETS).join(', ')} or a 50-year record (${Object.keys(LONG_RECORDS).join(', ')}); got "${id}". To use your own data, pass --csv FILE.`);
  }
  const shipped = datasetInfo(id);
  const parsed = parseWeatherCsv(readCsvText(join(REPO_ROOT, 'datasets', shipped.file), 'Dataset file'));
  return { parsed, name: shipped.label, source: shipped.source, shipped };
}

/** Reads every file of a bundle folder, or the files of a bundle zip downloaded from the app. */
export function readBundle(dir: string): BundleFiles {
  if (existsSync(dir) && statSync(dir).isFile()) return unzipBundle(new Uint8Array(readFileSync(dir)));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--model "${dir}" does not exist. Pass the folder that "npm run train -- --out DIR" wrote, or a zip from the app's Export step.`);
  }
  const files: BundleFiles = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files[name] = new Uint8Array(readFileSync(path));
  }
  return files;
}

const KNOWN_ERRORS = [UsageError, CsvError, DataSpecError, BundleError, TrainingDivergedError];

/** Runs a command; known errors print one paragraph to stderr and exit 2, never a stack trace. */
export async function runCommand(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const known = KNOWN_ERRORS.some((E) => error instanceof E);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\nError: ${message}\n`);
    if (!known && process.env.DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = known ? 2 : 1;
  }
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, one line per epoch otherwise). */
export function progressLine(done: number, total: number, text: string): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`;
}

/** Formats rows as an aligned text table. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
