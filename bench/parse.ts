/**
 * Large-file parse benchmark: a ≈ 50 MB hourly weather CSV (Seattle's daily values spread over the
 * hours of each day, repeated over as many years as fit; deterministic) parsed in a child Node process,
 * so that the peak memory is the parse's own. Prints PASS/FAIL against ≤ 10 s and ≤ 400 MB.
 *
 *   npx tsx bench/parse.ts            # the parser, 3 runs
 *   npx tsx bench/parse.ts --legacy   # also the row-based parser it replaced (tests/ml/legacy-csv)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const TARGET_BYTES = 50 * 1024 * 1024 - 4096;
export const PARSE_TARGETS = { seconds: 10, peakMb: 400 } as const;

/** One parse benchmark's medians over its runs. */
export interface ParseBench {
  /** File size in MiB. */
  readonly mb: number;
  readonly seconds: number;
  /** Peak resident memory of the parsing process (VmHWM / maxRSS), MiB. */
  readonly peakMb: number;
  readonly rows: number;
  readonly pass: boolean;
}

/** The hourly CSV: each Seattle day's values over its 24 hours (a daily temperature curve), years repeated until ≈ 50 MB. */
export function makeHourlyCsv(): string {
  const lines = readFileSync(join(ROOT, 'datasets/seattle.csv'), 'utf8').trim().split('\n').slice(1);
  const days = lines.map((l) => l.split(',').map(Number)); // date (NaN), precipitation, temp_max, temp_min, wind
  const out: string[] = ['time,temperature_2m (°C),precipitation (mm),wind_speed_10m (m/s),relative_humidity_2m (%)'];
  let bytes = out[0].length + 1;
  let t = Date.UTC(1950, 0, 1);
  for (let i = 0; bytes < TARGET_BYTES; i += 1) {
    const [, precipitation, tmax, tmin, wind] = days[i % days.length];
    const day = new Date(t).toISOString().slice(0, 11);
    for (let h = 0; h < 24 && bytes < TARGET_BYTES; h += 1) {
      const phase = Math.cos(((h - 15) / 24) * 2 * Math.PI);
      const temp = (tmin + tmax) / 2 + ((tmax - tmin) / 2) * phase;
      const line = `${day}${String(h).padStart(2, '0')}:00,${temp.toFixed(1)},${(precipitation / 24).toFixed(2)},${(wind * (0.8 + 0.4 * ((h * 7) % 5) / 4)).toFixed(1)},${Math.round(70 - 20 * phase)}`;
      out.push(line);
      bytes += line.length + 1;
    }
    t += 86_400_000;
  }
  return out.join('\n') + '\n';
}

/** In the child: parse the file once and print seconds, peak MiB and row count as JSON. */
async function child(path: string, legacy: boolean): Promise<void> {
  const { parseWeatherCsv } = legacy ? await import('../tests/ml/legacy-csv/csv.ts') : await import('../src/ml/data/csv.ts');
  const text = readFileSync(path, 'utf8');
  const start = performance.now();
  const parsed = parseWeatherCsv(text);
  const seconds = (performance.now() - start) / 1000;
  const status = readFileSync('/proc/self/status', 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  const peakKb = hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ seconds, peakMb: peakKb / 1024, rows: parsed.table.dates.length }));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Generates the file, parses it `runs` times in fresh child processes and returns the medians. */
export async function parseBench(options: { runs?: number; legacy?: boolean } = {}): Promise<ParseBench> {
  const dir = mkdtempSync(join(tmpdir(), 'parse-bench-'));
  try {
    const path = join(dir, 'hourly-50mb.csv');
    const text = makeHourlyCsv();
    writeFileSync(path, text);
    const mb = Buffer.byteLength(text) / 1024 / 1024;
    const runs: { seconds: number; peakMb: number; rows: number }[] = [];
    for (let i = 0; i < (options.runs ?? 3); i += 1) {
      const args = ['--import', 'tsx', import.meta.filename, '--child', path, ...(options.legacy ? ['--legacy'] : [])];
      const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
      runs.push(JSON.parse(out.slice(out.indexOf('{'))) as { seconds: number; peakMb: number; rows: number });
    }
    const seconds = median(runs.map((r) => r.seconds));
    const peakMb = median(runs.map((r) => r.peakMb));
    return { mb, seconds, peakMb, rows: runs[0].rows, pass: seconds <= PARSE_TARGETS.seconds && peakMb <= PARSE_TARGETS.peakMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per result: "parse 50.0 MB: 3.1 s, 380 MB peak (≤ 10 s, ≤ 400 MB) PASS". */
export function parseBenchLine(label: string, r: ParseBench): string {
  return `${label} ${r.mb.toFixed(1)} MB (${r.rows.toLocaleString('en-US')} days): ${r.seconds.toFixed(1)} s, ${Math.round(r.peakMb)} MB peak (≤ ${PARSE_TARGETS.seconds} s, ≤ ${PARSE_TARGETS.peakMb} MB) ${r.pass ? 'PASS' : 'FAIL'}`;
}

if (process.argv[1] === import.meta.filename) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') await child(argv[1], argv.includes('--legacy'));
  else {
    console.log(parseBenchLine('parse', await parseBench()));
    if (argv.includes('--legacy')) console.log(parseBenchLine('legacy parse', await parseBench({ legacy: true })));
  }
}
