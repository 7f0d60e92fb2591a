import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMATS, type FormatFile } from '../fixtures/formats/make-formats.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const FIXTURES = join(ROOT, 'tests/ml/fixtures/csv');
const FORMATS_DIR = join(ROOT, 'tests/fixtures/formats');
const out = mkdtempSync(join(tmpdir(), 'cli-test-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

async function cli(script: 'train' | 'predict', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [join(ROOT, `src/cli/${script}.ts`), ...args], { cwd: ROOT, maxBuffer: 10_000_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectUsageError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('npm run train', () => {
  it('documents every option in --help', async () => {
    const { code, stdout } = await cli('train', ['--help']);
    expect(code).toBe(0);
    for (const option of ['--dataset', '--csv', '--arch', '--epochs', '--batch-size', '--learning-rate', '--lookback', '--horizon', '--seed', '--out', '--json', '--intervals']) {
      expect(stdout).toContain(option);
    }
  });

  it('rejects bad options with a one-paragraph message and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--arch', 'transformer'], /--arch must be one of linear, mlp, cnn, lstm, gru; got "transformer"/],
      [['--epochs', 'ten'], /--epochs must be a whole number from 1 to 500; got "ten"/],
      [['--horizon', '9'], /--horizon must be a whole number from 1 to 7/],
      [['--frobnicate'], /Unknown option '--frobnicate'.*--help/],
      [['--dataset', 'paris'], /--dataset must be one of seattle, new-york or a 50-year record \(USW00023050, .*\); got "paris"/],
      [['--dataset', 'seattle', '--csv', 'x.csv'], /either --dataset or --csv, not both/],
      [['--csv', join(out, 'missing.csv')], /does not exist/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli('train', args)));
    results.forEach((result, i) => expectUsageError(result, cases[i][1]));
  });

  it('reports a bad CSV with its line and column', async () => {
    expectUsageError(await cli('train', ['--csv', join(FIXTURES, 'non-numeric.csv')]), /Line \d+, column "[a-z_]+": .* is not a number/);
    expectUsageError(await cli('train', ['--csv', join(FIXTURES, 'unsorted.csv')]), /Sort the rows by date/);
  });

  it('trains, prints JSON metrics beside both baselines, and writes a bundle that predict and stock tfjs load', async () => {
    const dir = join(out, 'seattle-linear');
    const { code, stdout } = await cli('train', ['--dataset', 'seattle', '--arch', 'linear', '--epochs', '3', '--json', '--out', dir]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.test.mae).toBeGreaterThan(0.5);
    expect(r.test.mae).toBeLessThan(10);
    expect(r.test.rmse).toBeGreaterThanOrEqual(r.test.mae);
    // Persistence on Seattle 2015 temp_max is a fixed property of the data: 2.24 °C.
    expect(r.baselines.persistence.mae).toBeCloseTo(2.24, 1);
    expect(r.baselines.climatology.mae).toBeGreaterThan(r.baselines.persistence.mae);
    expect(r.timing.epochs).toBe(3);
    expect(r.timing.msPerEpoch).toBeGreaterThan(0);

    const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(metadata.metrics.model.mae).toBeCloseTo(r.test.mae, 6);

    const predicted = await cli('predict', ['--model', dir, '--csv', join(ROOT, 'datasets/seattle.csv'), '--json']);
    expect(predicted.code).toBe(0);
    const forecast = JSON.parse(predicted.stdout);
    expect(forecast.dates).toEqual(['2016-01-01']);
    expect(forecast.values[0]).toBeGreaterThan(-10);
    expect(forecast.values[0]).toBeLessThan(25);
    expect(forecast.testVectors.passed).toBe(true);

    // A separate Node script with stock tf.loadLayersModel reproduces the test vectors.
    const stock = await run('node', [join(ROOT, 'examples/load-model-node.mjs'), dir], { cwd: ROOT });
    const loaded = JSON.parse(stock.stdout.trim().split('\n').pop()!);
    expect(loaded.passed).toBe(true);
    expect(loaded.maxAbsDiff).toBeLessThan(1e-3);
    expect(loaded.inputShape).toEqual([null, 14, 6]);
  });

  it('--intervals trains the 10th/50th/90th percentiles: JSON reports coverage per horizon day, predict and stock tfjs give the band', async () => {
    const dir = join(out, 'seattle-linear-intervals');
    const { code, stdout } = await cli('train', ['--dataset', 'seattle', '--arch', 'linear', '--epochs', '3', '--horizon', '2', '--intervals', '--json', '--out', dir]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.training.intervals).toBe(true);
    expect(r.test.intervals.nominalCoverage).toBe(0.8);
    expect(r.test.intervals.coveragePerHorizon).toHaveLength(2);
    for (const c of r.test.intervals.coveragePerHorizon) {
      expect(c).toBeGreaterThan(0.3);
      expect(c).toBeLessThan(1);
    }
    expect(r.test.intervals.meanWidthPerHorizon[0]).toBeGreaterThan(0);
    expect(r.test.intervals.pinballLoss).toBeGreaterThan(0);
    const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(metadata.output.kind).toBe('quantiles');
    expect(metadata.metrics.intervals.coverage).toBeCloseTo(r.test.intervals.coverage, 9);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('## Prediction interval');

    const predicted = await cli('predict', ['--model', dir, '--csv', join(ROOT, 'datasets/seattle.csv'), '--json']);
    expect(predicted.code).toBe(0);
    const forecast = JSON.parse(predicted.stdout);
    expect(forecast.dates).toEqual(['2016-01-01', '2016-01-02']);
    for (let j = 0; j < 2; j++) {
      expect(forecast.lower[j]).toBeLessThanOrEqual(forecast.values[j]);
      expect(forecast.values[j]).toBeLessThanOrEqual(forecast.upper[j]);
    }
    expect(forecast.testVectors.passed).toBe(true);
    const table = await cli('predict', ['--model', dir, '--csv', join(ROOT, 'datasets/seattle.csv')]);
    expect(table.stdout).toContain('80 % band');

    const stock = await run('node', [join(ROOT, 'examples/load-model-node.mjs'), dir], { cwd: ROOT });
    const loaded = JSON.parse(stock.stdout.trim().split('\n').pop()!);
    expect(loaded.passed).toBe(true);
    expect(loaded.intervals).toBe(true);
    expect(loaded.outputShape).toEqual([null, 6]);
    expect(loaded.example.forecast.lower).toHaveLength(2);
  });

  it('--seeds N trains N seeds and reports each with the median and range; the bundle is the median-validation seed', async () => {
    const dir = join(out, 'seeds');
    const { code, stdout } = await cli('train', ['--arch', 'linear', '--epochs', '3', '--seed', '7', '--seeds', '3', '--json', '--out', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.seeds.map((s: { seed: number }) => s.seed)).toEqual([7, 8, 9]);
    const maes: number[] = report.seeds.map((s: { test: { mae: number } }) => s.test.mae);
    const sorted = [...maes].sort((a, b) => a - b);
    expect(report.spread.testMae).toEqual({ median: sorted[1], min: sorted[0], max: sorted[2] });
    const vals: number[] = report.seeds.map((s: { validation: { mae: number } }) => s.validation.mae);
    const chosen = report.seeds.find((s: { seed: number }) => s.seed === report.training.seed);
    expect(chosen.validation.mae).toBe([...vals].sort((a, b) => a - b)[1]);
    expect(report.test.mae).toBe(chosen.test.mae);
    expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).seed).toBe(report.training.seed);
    const text = await cli('train', ['--arch', 'linear', '--epochs', '2', '--seeds', '2']);
    expect(text.stdout).toMatch(/2 seeds:/);
    expect(text.stdout).toMatch(/median \(range\)\s+\d\.\d\d \(\d\.\d\d to \d\.\d\d\)/);
    expectUsageError(await cli('train', ['--seeds', '0']), /--seeds must be a whole number from 1 to 20; got "0"/);
  });

  it('prints the same diagnosis as the page: an MLP at learning rate 5 is called diverged', async () => {
    const text = await cli('train', ['--arch', 'mlp', '--learning-rate', '5', '--epochs', '6']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Diagnosis:\n- Diverged: Validation MAE is [\d,.]+ °C at its best, [\d,]+× climatology's 3\.14 °C/);
    expect(text.stdout).toContain('→ Lower the learning rate from 5 to 0.5 or less');
    const json = JSON.parse((await cli('train', ['--arch', 'mlp', '--learning-rate', '5', '--epochs', '6', '--json'])).stdout);
    expect(json.diagnosis[0]).toMatchObject({ kind: 'diverged', severity: 'problem' });
  });

  it('--ensemble 3 writes ONE bundle whose model averages 3 GRU seeds; stock tf.loadLayersModel (only @tensorflow/tfjs) reproduces its test vectors', async () => {
    const dir = join(out, 'ensemble');
    const { code, stdout } = await cli('train', ['--arch', 'gru', '--units', '8', '--epochs', '2', '--seed', '7', '--ensemble', '3', '--json', '--out', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.seeds.map((s: { seed: number }) => s.seed)).toEqual([7, 8, 9]);
    expect(report.ensemble.seeds).toEqual([7, 8, 9]);
    const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(metadata.ensemble.members).toBe(3);
    expect(metadata.ensemble.seeds).toEqual([7, 8, 9]);
    expect(metadata.ensemble.memberMetrics.map((m: { testMae: number }) => m.testMae)).toEqual(report.seeds.map((s: { test: { mae: number } }) => s.test.mae));
    expect(metadata.metrics.model.mae).toBeCloseTo(report.ensemble.test.mae, 6);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/- Ensemble: the mean forecast of 3 copies of this model trained with seeds 7, 8, 9/);
    const topology = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology;
    const classes = topology.config.layers.map((l: { class_name: string }) => l.class_name);
    expect(classes.filter((c: string) => c === 'GRU')).toHaveLength(3);
    expect(classes.at(-1)).toBe('Average');

    const stock = await run('node', [join(ROOT, 'examples/load-model-node.mjs'), dir], { cwd: ROOT });
    const loaded = JSON.parse(stock.stdout.trim().split('\n').pop()!);
    expect(loaded.passed).toBe(true);
    expect(loaded.maxAbsDiff).toBeLessThan(1e-3);
    expect(loaded.outputShape).toEqual([null, 1]);
    expectUsageError(await cli('train', ['--ensemble', '1']), /--ensemble must be a whole number from 2 to 8; got "1"/);
    expectUsageError(await cli('train', ['--ensemble', '3', '--seeds', '2']), /either --seeds .* or --ensemble/);
  });

  it('weather files as NOAA, Open-Meteo (daily, hourly), Meteostat and spreadsheets write them need no flags: the target is the daily maximum in °C', async () => {
    const files = Object.keys(FORMATS) as FormatFile[];
    const results = await Promise.all(files.map((f) => cli('train', ['--csv', join(FORMATS_DIR, f), '--arch', 'linear', '--epochs', '1', '--json'])));
    results.forEach((result, i) => {
      expect(result.code, `${files[i]}: ${result.stderr}`).toBe(0);
      const r = JSON.parse(result.stdout);
      expect([r.target, r.units]).toEqual([FORMATS[files[i]].target, '°C']);
      // Persistence on the test period: the same in every layout of the Seattle record (hourly: 2013–2015, its own test period).
      expect(r.baselines.persistence.mae).toBeGreaterThan(1.5);
      expect(r.baselines.persistence.mae).toBeLessThan(3);
    });
    const mae = (name: FormatFile) => JSON.parse(results[files.indexOf(name)].stdout).baselines.persistence.mae;
    expect(mae('noaa-cdo-metric.csv')).toBeCloseTo(mae('meteostat-daily.csv'), 9);
    expect(mae('noaa-cdo-metric.csv')).toBeCloseTo(mae('open-meteo-daily.csv'), 9);
    // Whole °F rounded: within a tenth of a degree of the °C record.
    expect(Math.abs(mae('noaa-cdo-standard.csv') - mae('noaa-cdo-metric.csv'))).toBeLessThan(0.1);
  });

  it('--map COLUMN=ROLE[:UNIT] overrides the detection; a bad one exits 2 with the accepted form', async () => {
    const file = join(FORMATS_DIR, 'noaa-cdo-standard.csv');
    const [detected, asCelsius, bad] = await Promise.all([
      cli('train', ['--csv', file, '--arch', 'linear', '--epochs', '1', '--json']),
      cli('train', ['--csv', file, '--arch', 'linear', '--epochs', '1', '--json', '--map', 'TMAX=:C', '--map', 'AWND=ignore']),
      cli('train', ['--csv', file, '--map', 'TMAX=hot']),
    ]);
    const a = JSON.parse(detected.stdout);
    const b = JSON.parse(asCelsius.stdout);
    // Read as °C, the whole-°F numbers' day-to-day changes are exactly 9/5 as large.
    expect(b.baselines.persistence.mae / a.baselines.persistence.mae).toBeCloseTo(9 / 5, 6);
    expectUsageError(bad, /--map "TMAX=hot": "hot" is not a role; use one of temp_max, temp_min/);
    expectUsageError(await cli('train', ['--csv', file, '--map', 'TMAXX=ignore']), /The mapping names the column "TMAXX", which the file does not have/);
  });

  it('refuses a bundle whose weights were tampered with', async () => {
    const dir = join(out, 'seattle-linear');
    const { writeFileSync } = await import('node:fs');
    const weights = readFileSync(join(dir, 'weights.bin'));
    const floats = new Float32Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
    floats[0] += 1;
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(floats.buffer));
    // The manifest names the changed file; without it, the test vectors catch the change.
    expectUsageError(await cli('predict', ['--model', dir, '--csv', join(ROOT, 'datasets/seattle.csv')]), /"weights\.bin" was changed after export/);
    rmSync(join(dir, 'manifest.json'));
    expectUsageError(await cli('predict', ['--model', dir, '--csv', join(ROOT, 'datasets/seattle.csv')]), /does not reproduce its test vectors/);
  });

  it('predict names missing options', async () => {
    expectUsageError(await cli('predict', ['--csv', 'x.csv']), /--model DIR is required/);
  });
});
