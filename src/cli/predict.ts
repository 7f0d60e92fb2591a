/**
 * `npm run predict -- --model DIR --csv FILE`: loads an exported bundle, checks its test vectors,
 * and forecasts the days after the last row of the CSV.
 */
import { parseWeatherCsv } from '../ml/data/csv.ts';
import type { RawRow } from '../ml/export/bundle.ts';
import { helpLine, parseOptions, settingOption, readBundle, readCsvText, runCommand, textTable, UsageError } from './cli-support.ts';
import { existsSync } from 'node:fs';

const HELP = `Forecast with an exported model bundle.

Usage: npm run predict -- --model DIR|ZIP --csv FILE [--json]

  --model DIR|ZIP   folder written by "npm run train -- --out DIR" (model.json, weights.bin,
                    metadata.json, test-vectors.json; manifest.json checked when present), or
                    the zip the app's Export step downloads
  --csv FILE        daily data with a date column and the model's input columns; the last
                    lookback-days rows (consecutive days) are used
${helpLine('backend', undefined, 20)}
  --json            print one JSON object: {"dates": [...], "values": [...], "units": "..."}, plus
                    "lower" and "upper" (the 80 % band) for a model trained with --intervals
  --help            show this help

The bundle's test vectors are replayed first; a bundle that does not reproduce them is refused.
`;

const OPTIONS = {
  model: { type: 'string' },
  csv: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

async function main(argv: string[]): Promise<void> {
  const o = parseOptions(argv, OPTIONS, 'predict');
  if (o.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!o.model) throw new UsageError('--model DIR is required: the folder that "npm run train -- --out DIR" wrote.');
  if (!o.csv) throw new UsageError('--csv FILE is required: daily data whose last rows the forecast starts from.');
  if (!existsSync(o.csv)) throw new UsageError(`CSV file "${o.csv}" does not exist. Check the path.`);
  const backend = settingOption<'wasm' | 'cpu'>(o, 'backend', 'wasm');
  const files = readBundle(o.model);
  // TensorFlow.js loads only now: --help and bad options answer without waiting for it.
  const [{ initBackend }, { forecastFromRows, importBundle }] = await Promise.all([import('../ml/backend.ts'), import('../ml/export/bundle.ts')]);
  await initBackend(backend);
  const bundle = await importBundle(files);
  try {
    const { metadata } = bundle;
    const { table } = parseWeatherCsv(readCsvText(o.csv));
    const needed = metadata.features.filter((f) => f.source === 'column').map((f) => f.name);
    const missing = needed.filter((c) => !table.columns[c]);
    if (missing.length > 0) {
      throw new UsageError(
        `The CSV has no column ${missing.map((c) => `"${c}"`).join(', ')}, which the model needs (it uses ${needed.join(', ')}). Add the column(s) or use a model trained on these columns.`,
      );
    }
    const L = metadata.window.lookbackDays;
    if (table.dates.length < L) {
      throw new UsageError(`The CSV has ${table.dates.length} days; the model needs the last ${L} consecutive days. Add more rows.`);
    }
    const rows: RawRow[] = [];
    for (let i = table.dates.length - L; i < table.dates.length; i++) {
      rows.push({ date: table.dates[i], values: Object.fromEntries(needed.map((c) => [c, table.columns[c][i]])) });
    }
    const forecast = forecastFromRows(bundle.model, metadata, rows);
    const units = metadata.target.units;
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ target: metadata.target.name, units, fromRows: { start: rows[0].date, end: rows[L - 1].date }, ...forecast, testVectors: bundle.check })}\n`);
      return;
    }
    process.stderr.write(`Test vectors reproduced: ${bundle.check.count} windows, largest difference ${bundle.check.maxAbsDiff.toExponential(1)} ${units}.\n`);
    process.stdout.write(`Forecast of ${metadata.target.name} from ${rows[0].date} … ${rows[L - 1].date}:\n\n`);
    const { lower, upper } = forecast;
    if (lower && upper) {
      process.stdout.write(
        `${textTable(
          ['date', `${metadata.target.name} (${units}, median)`, '80 % band: 10th', '90th percentile'],
          forecast.dates.map((d, j) => [d, forecast.values[j].toFixed(1), lower[j].toFixed(1), upper[j].toFixed(1)]),
        )}\n`,
      );
      return;
    }
    process.stdout.write(`${textTable(['date', `${metadata.target.name} (${units})`], forecast.dates.map((d, j) => [d, forecast.values[j].toFixed(1)]))}\n`);
  } finally {
    bundle.model.dispose();
  }
}

await runCommand(() => main(process.argv.slice(2)));
