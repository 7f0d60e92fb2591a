/**
 * What a second worker can gain on this machine at best: the app's 12-trial search (GRU on Seattle,
 * learning rate {0.001, 0.003, 0.01} × units {16, 32} × batch size {32, 64}) in Node, once in one
 * process and once split over two processes running at the same time, with no page, no rendering and
 * no messages. Each trial's own time is measured after a one-epoch warm-up trial, so the ratio of the
 * two sums is the slowdown two busy cores impose on each other (shared caches, memory bandwidth, the
 * VM's scheduling); 2 / slowdown is the most a two-worker pool can be faster than one worker.
 *
 * `npx tsx bench/pool-ceiling.ts` prints it; bench/run.ts reports it next to the app's pool target.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const TRIALS = 12;

export interface PoolCeiling {
  /** Per round: the 12 trials' summed ms in one process, and in two processes at once. */
  rounds: { oneMs: number; twoMs: number }[];
  /** Median of twoMs / oneMs: how much slower each trial runs when both cores are busy. */
  slowdown: number;
  /** 2 / slowdown: the most two workers can be faster than one on this machine. */
  ceiling: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

async function trialTimes(only: number[], epochs: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', only.join(','), String(epochs)], { cwd: ROOT, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.slice(stdout.lastIndexOf('['))) as number[];
}

export async function poolCeiling(rounds = 3, epochs = 5): Promise<PoolCeiling> {
  const all = Array.from({ length: TRIALS }, (_, i) => i);
  const out: PoolCeiling['rounds'] = [];
  for (let r = 0; r < rounds; r++) {
    const one = await trialTimes(all, epochs);
    const two = await Promise.all([trialTimes(all.filter((i) => i % 2 === 0), epochs), trialTimes(all.filter((i) => i % 2 === 1), epochs)]);
    out.push({ oneMs: sum(one), twoMs: sum(two.flat()) });
  }
  const slowdown = median(out.map((r) => r.twoMs / r.oneMs));
  return { rounds: out, slowdown, ceiling: 2 / slowdown };
}

async function child(only: number[], epochs: number): Promise<void> {
  const { initBackend } = await import('../src/ml/backend.ts');
  const { prepareSeattle } = await import('./measure.ts');
  const { hyperparameterSearch } = await import('../src/ml/fine-tuning/fine-tuning.ts');
  const { ARCHITECTURES } = await import('../src/ml/architectures/architectures.ts');
  const { DEFAULT_TRAINING } = await import('../src/ml/training/train.ts');
  await initBackend('wasm');
  const data = prepareSeattle(readFileSync(join(ROOT, 'datasets/seattle.csv'), 'utf8'));
  const spec = {
    data,
    architecture: ARCHITECTURES.gru.defaults,
    training: { ...DEFAULT_TRAINING, epochs },
    space: { learningRate: [0.001, 0.003, 0.01], units: [16, 32], batchSize: [32, 64] },
    mode: 'grid' as const,
  };
  // As the app's helpers do: one short trial first, so that V8 has compiled the training code.
  await hyperparameterSearch({ ...spec, training: { ...spec.training, epochs: 1 }, space: {} }, {});
  const times: number[] = [];
  for (const index of only) {
    const t0 = performance.now();
    await hyperparameterSearch(spec, { only: [index] });
    times.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify(times));
}

if (process.argv[1] === import.meta.filename) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') await child(argv[1].split(',').map(Number), Number(argv[2]));
  else {
    const c = await poolCeiling();
    console.log(`one process vs two at once: each trial ${c.slowdown.toFixed(2)}× slower (${c.rounds.map((r) => `${Math.round(r.oneMs)} → ${Math.round(r.twoMs)} ms`).join('; ')}); two workers at best ${c.ceiling.toFixed(2)}× one`);
  }
}
