/**
 * `npx tsx bench/quick.ts <arch> <fused|stock> [epochs]`: one Node wasm measurement of `measure.ts`
 * (ms/epoch after the first epoch and test MAE) — a quicker A/B than `npm run bench`.
 * `FUSED_SIMD=0` forces the fused layers' JavaScript path.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '../src/ml/backend.ts';
import { measure, prepareSeattle } from './measure.ts';
import type { ArchitectureKind } from '../src/ml/architectures/architectures.ts';

const [arch = 'gru', mode = 'fused', epochs = '6'] = process.argv.slice(2);
const data = prepareSeattle(readFileSync(join(resolve(import.meta.dirname, '..'), 'datasets/seattle.csv'), 'utf8'));
await initBackend('wasm');
const m = await measure(data, { arch: arch as ArchitectureKind, epochs: Number(epochs), warmupEpochs: 1, stockRecurrent: mode === 'stock' });
const sorted = m.epochMs.slice(1).sort((a, b) => a - b);
console.log(JSON.stringify({ arch, mode, simd: process.env.FUSED_SIMD ?? 'default', msPerEpoch: Math.round(m.msPerEpoch), median: Math.round(sorted[sorted.length >> 1]), testMae: Number(m.testMae.toFixed(3)), epochs: m.epochs }));
