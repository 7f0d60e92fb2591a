/**
 * `npx tsx bench/profile-gru.ts [epochs]`: where the milliseconds of one GRU-32 training epoch go
 * (Node, wasm backend; Seattle, batch 32, Adam 0.003 — the loop of `train()`), measured with
 * performance.now() around each part; medians over the epochs after the first.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARCHITECTURES, buildModel, disposeModel } from '../src/ml/architectures/architectures.ts';
import { initBackend } from '../src/ml/backend.ts';
import { fusedGruProfile } from '../src/ml/kernels/fused-gru.ts';
import { matKernels } from '../src/ml/kernels/gemm.ts';
import { prepareSeattle } from './measure.ts';

const epochs = Number(process.argv[2] ?? 6);
const data = prepareSeattle(readFileSync(join(resolve(import.meta.dirname, '..'), 'datasets/seattle.csv'), 'utf8'));
await initBackend('wasm');
const model = buildModel(ARCHITECTURES.gru.defaults, data, 42);
model.compile({ optimizer: tf.train.adam(0.003), loss: 'meanSquaredError', metrics: ['mae'] });
const optimizer = model.optimizer;
let optimizerMs = 0;
const apply = optimizer.applyGradients.bind(optimizer);
optimizer.applyGradients = (grads) => {
  const t = performance.now();
  apply(grads);
  optimizerMs += performance.now() - t;
};
const { lookbackDays: L, numFeatures: F } = data;
const tx = tf.tensor3d(data.train.x, [data.train.count, L, F]);
const ty = tf.tensor2d(data.train.y, [data.train.count, data.horizonDays]);
const vx = tf.tensor3d(data.validation.x, [data.validation.count, L, F]);
const vy = tf.tensor2d(data.validation.y, [data.validation.count, data.horizonDays]);
const n = data.train.count;
const rows: Record<string, number>[] = [];
for (let e = 0; e < epochs; e++) {
  fusedGruProfile.forwardMs = fusedGruProfile.backwardMs = 0;
  optimizerMs = 0;
  let gatherMs = 0;
  let stepMs = 0;
  const e0 = performance.now();
  const order = tf.util.createShuffledIndices(n);
  for (let b = 0; b < n; b += 32) {
    const t0 = performance.now();
    const idx = order.subarray(b, Math.min(n, b + 32));
    const [xb, yb] = tf.tidy(() => {
      const i = tf.tensor1d(Int32Array.from(idx), 'int32');
      return [tf.gather(tx, i), tf.gather(ty, i)];
    });
    const t1 = performance.now();
    await model.trainOnBatch(xb, yb);
    const t2 = performance.now();
    tf.dispose([xb, yb]);
    gatherMs += t1 - t0;
    stepMs += t2 - t1;
  }
  const trainFused = { f: fusedGruProfile.forwardMs, b: fusedGruProfile.backwardMs };
  const v0 = performance.now();
  tf.tidy(() => {
    const d = (model.predict(vx, { batchSize: 256 }) as tf.Tensor).sub(vy);
    d.square().mean().dataSync();
    d.abs().mean().dataSync();
  });
  const validationMs = performance.now() - v0;
  rows.push({
    total: performance.now() - e0,
    gatherBatching: gatherMs,
    fusedForward: trainFused.f,
    fusedBackward: trainFused.b,
    optimizerAdam: optimizerMs,
    denseLossMetricAutodiff: stepMs - trainFused.f - trainFused.b - optimizerMs,
    validation: validationMs,
  });
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const out: Record<string, number> = {};
for (const key of Object.keys(rows[0])) out[key] = Math.round(median(rows.slice(1).map((r) => r[key])) * 10) / 10;
console.log(JSON.stringify({ simd: matKernels().simd, batches: Math.ceil(n / 32), ...out }));
disposeModel(model);
