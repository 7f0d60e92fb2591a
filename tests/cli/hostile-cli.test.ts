/**
 * The hostile-input corpus through the command line: every refused file exits with code 2 and prints
 * the same message as the ML core, with no stack trace; the files that load train for one epoch.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipBundle } from '../../src/ml/export/zip.ts';
import { MAX_CSV_BYTES, parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { CSV_REFUSALS, ZIP_REFUSALS } from '../fixtures/hostile/cases.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const DIR = join(ROOT, 'tests/fixtures/hostile');
const tmp = mkdtempSync(join(tmpdir(), 'hostile-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(script: 'train' | 'predict', args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(TSX, [join(ROOT, `src/cli/${script}.ts`), ...args], { cwd: tmp, maxBuffer: 10_000_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as Result;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs all commands at once, at most `limit` at a time (each loads TensorFlow.js). */
async function all(commands: readonly (() => Promise<Result>)[], limit = 6): Promise<Result[]> {
  const results: Result[] = new Array(commands.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < commands.length) {
        const i = next++;
        results[i] = await commands[i]();
      }
    }),
  );
  return results;
}

/** The message the ML core gives for a refused file, as the CLI must print it. */
function coreMessage(file: string, requiredColumns?: readonly string[]): string {
  try {
    parseWeatherCsv(readFileSync(join(DIR, file), 'utf8'), { requiredColumns });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} parsed`);
}

function expectRefusal(result: Result, message: string | RegExp): void {
  expect(result.code).toBe(2);
  if (typeof message === 'string') expect(result.stderr).toBe(`\nError: ${message}\n`);
  else expect(result.stderr.trim()).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

const QUICK = ['--arch', 'linear', '--epochs', '1', '--lookback', '7', '--backend', 'cpu', '--json'];

describe('npm run train -- --csv HOSTILE', () => {
  it('refuses every broken CSV with the core message and exit code 2', { timeout: 240_000 }, async () => {
    const cases = CSV_REFUSALS.map((c) => ({
      file: c.file,
      // A column required by the command line: --target names it.
      args: ['--csv', join(DIR, c.file), ...(c.options?.requiredColumns ? ['--target', c.options.requiredColumns[0]] : []), ...QUICK],
      message: coreMessage(c.file, c.options?.requiredColumns),
    }));
    const results = await all(cases.map((c) => () => cli('train', c.args)));
    results.forEach((result, i) => expectRefusal(result, cases[i].message));
  });

  it('trains one epoch on every CSV that loads, and refuses too-few-rows.csv for the default lookback', { timeout: 240_000 }, async () => {
    const loads = ['valid.csv', 'bom.csv', 'semicolon.csv', 'quoted.csv', 'extra-columns.csv', 'gap-1-day.csv', 'outliers.csv', 'fahrenheit.csv', 'unknown-unit.csv', 'constant-column.csv'];
    const [tooFew, ...results] = await all([
      () => cli('train', ['--csv', join(DIR, 'too-few-rows.csv'), '--arch', 'linear', '--epochs', '1']),
      ...loads.map((file) => () => cli('train', ['--csv', join(DIR, file), ...QUICK])),
    ]);
    expectRefusal(tooFew, /^Error: The data has 10 rows, but a lookback of 14 days and a horizon of 1 days need at least 15 rows for a single window\. Use a shorter lookback or horizon, or load more days\.$/);
    results.forEach((result, i) => {
      expect(result.stderr, loads[i]).not.toMatch(/Error/);
      expect(result.code, loads[i]).toBe(0);
      expect(Number.isFinite(JSON.parse(result.stdout).test.mae), loads[i]).toBe(true);
    });
  });

  it('refuses a CSV above 50 MB from its size, before reading it', async () => {
    const file = join(tmp, 'huge.csv');
    writeFileSync(file, Buffer.alloc(60 * 1024 * 1024, 'a'));
    const started = performance.now();
    const result = await cli('train', ['--csv', file]);
    expect(performance.now() - started).toBeLessThan(30_000);
    expectRefusal(result, `The file is 60.0 MB; files up to ${MAX_CSV_BYTES / 1024 / 1024} MB can be loaded. Use a smaller file, e.g. only the years and columns you need.`);
    rmSync(file);
  });
});

describe('npm run predict -- --model HOSTILE.zip', () => {
  it('refuses every broken bundle with the core message and exit code 2; loads path-traversal.zip without writing', { timeout: 240_000 }, async () => {
    const csv = join(DIR, 'valid.csv');
    const results = await all([...ZIP_REFUSALS.map((c) => c.file), 'path-traversal.zip'].map((file) => () => cli('predict', ['--model', join(DIR, file), '--csv', csv, '--json'])));
    ZIP_REFUSALS.forEach((c, i) => expectRefusal(results[i], new RegExp(`^Error: ${c.message.source.slice(1)}`)));
    const traversal = results[ZIP_REFUSALS.length];
    expect(traversal.code).toBe(0);
    expect(JSON.parse(traversal.stdout).testVectors.passed).toBe(true);
    expect(readdirSync(tmp)).not.toContain('evil.json');
    expect(existsSync(resolve(tmp, '../../evil.json'))).toBe(false);
    expect(Object.keys(unzipBundle(new Uint8Array(readFileSync(join(DIR, 'path-traversal.zip')))))).not.toContain('evil.json');
  });
});
