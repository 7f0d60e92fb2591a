import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

async function cli(script: 'train' | 'learning-curve', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [join(ROOT, `src/cli/${script}.ts`), ...args], { cwd: ROOT, maxBuffer: 10_000_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the 50-year records on the command line', () => {
  it('trains on the chosen years of a station with no other flag: tmaxi from tmini and tmaxi, test 2008–2009', async () => {
    const { code, stdout } = await cli('train', ['--dataset', 'USW00094830', '--train-years', '4', '--arch', 'linear', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { target: string; units: string; periods: Record<string, { start: string; end: string }>; test: { mae: number }; baselines: { persistence: { mae: number } } };
    expect([report.target, report.units]).toEqual(['tmaxi', '°C']);
    expect(report.periods.train.start).toBe('2004-01-15');
    expect([report.periods.test.start, report.periods.test.end]).toEqual(['2008-01-01', '2009-12-31']);
    // The shared measurement (../shared/data/ghcn-long-record/README.md): Toledo, linear, 4 years, 3.12 °C; persistence 3.31 °C.
    expect(report.test.mae).toBeCloseTo(3.12, 1);
    expect(report.baselines.persistence.mae).toBeCloseTo(3.31, 2);
  });

  it('takes a CSV of a long record with --test-from and --train-years, the same as the dataset flag', async () => {
    const csv = await cli('train', ['--csv', join(ROOT, 'datasets/ghcn/USW00094830.csv'), '--test-from', '2008-01-01', '--train-years', '4', '--arch', 'linear', '--epochs', '2', '--json']);
    const named = await cli('train', ['--dataset', 'USW00094830', '--train-years', '4', '--arch', 'linear', '--epochs', '2', '--json']);
    expect(csv.code).toBe(0);
    expect((JSON.parse(csv.stdout) as { test: { mae: number } }).test.mae).toBe((JSON.parse(named.stdout) as { test: { mae: number } }).test.mae);
  });

  it('runs a short learning curve and refuses bad sizes in one paragraph', async () => {
    const { code, stdout } = await cli('learning-curve', ['--dataset', 'USW00023050', '--arch', 'linear', '--years', '1,4', '--epochs', '2', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { points: { trainYears: number; architecture: string; testMae: number }[]; gains: ({ percent: number } | null)[] };
    expect(report.points.map((p) => [p.architecture, p.trainYears])).toEqual([['linear', 1], ['linear', 4]]);
    expect(report.gains[0]?.percent).toBeCloseTo((100 * (report.points[0].testMae - report.points[1].testMae)) / report.points[0].testMae, 8);
    const bad = await cli('learning-curve', ['--years', '1,99']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--years must list values that are each a whole number from 1 to 48; got "99"/);
    const years = await cli('train', ['--dataset', 'USW00094830', '--train-years', '0']);
    expect(years.code).toBe(2);
    expect(years.stderr).toMatch(/--train-years must be a whole number from 1 to 48; got "0"/);
  });
});
