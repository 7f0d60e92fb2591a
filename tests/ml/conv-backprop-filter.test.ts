import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend.ts';

/** Deterministic pseudo-random values in [-1, 1) (mulberry32), so failures reproduce. */
function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Gradient of sum(conv(x, filter) · weights) with respect to the filter, on the current backend. */
function filterGradient(
  conv: (x: tf.Tensor, filter: tf.Tensor) => tf.Tensor,
  xShape: number[],
  filterShape: number[],
  seed: number,
): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor(randomValues(xShape.reduce((a, b) => a * b, 1), seed), xShape);
    const filter = tf.tensor(randomValues(filterShape.reduce((a, b) => a * b, 1), seed + 1), filterShape);
    // Weight the output so dy is not all ones (a plain sum would hide index mix-ups in dy).
    const loss = (f: tf.Tensor) => {
      const y = conv(x, f);
      const weights = tf.tensor(randomValues(y.size, seed + 2), y.shape);
      return tf.sum(tf.mul(y, weights));
    };
    return tf.grad(loss)(filter).dataSync() as Float32Array;
  });
}

async function onBothBackends(compute: () => Float32Array): Promise<{ cpu: Float32Array; wasm: Float32Array }> {
  await tf.setBackend('cpu');
  const cpu = compute();
  await initBackend('wasm');
  const wasm = compute();
  return { cpu, wasm };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

interface Conv1dCase {
  batch: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: 'same' | 'valid';
}

const conv1dCases: Conv1dCase[] = [
  { batch: 1, width: 8, inChannels: 1, outChannels: 1, kernel: 3, stride: 1, pad: 'same' },
  { batch: 4, width: 14, inChannels: 7, outChannels: 5, kernel: 3, stride: 1, pad: 'same' },
  { batch: 4, width: 14, inChannels: 7, outChannels: 5, kernel: 3, stride: 1, pad: 'valid' },
  { batch: 3, width: 15, inChannels: 4, outChannels: 6, kernel: 3, stride: 2, pad: 'same' },
  { batch: 3, width: 15, inChannels: 4, outChannels: 6, kernel: 3, stride: 2, pad: 'valid' },
  { batch: 32, width: 14, inChannels: 32, outChannels: 32, kernel: 3, stride: 1, pad: 'same' },
];

interface Conv2dCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
}

const conv2dCases: Conv2dCase[] = [
  { xShape: [2, 7, 9, 3], filterShape: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { xShape: [2, 7, 9, 3], filterShape: [2, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { xShape: [2, 7, 9, 3], filterShape: [3, 3, 3, 4], strides: [2, 3], pad: 'valid' },
  { xShape: [2, 8, 8, 2], filterShape: [2, 2, 2, 3], strides: [2, 2], pad: 'same' },
  { xShape: [2, 6, 5, 2], filterShape: [3, 3, 2, 3], strides: [1, 2], pad: [[0, 0], [1, 2], [2, 1], [0, 0]] },
];

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  afterAll(async () => {
    await initBackend('wasm');
  });

  it('initBackend("wasm") returns "wasm" in Node and is idempotent', async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    expect(await initBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it.each(conv1dCases)(
    'conv1d batch $batch width $width channels $inChannels→$outChannels kernel $kernel stride $stride $pad matches cpu',
    async ({ batch, width, inChannels, outChannels, kernel, stride, pad }) => {
      const { cpu, wasm } = await onBothBackends(() =>
        filterGradient(
          (x, f) => tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, stride, pad),
          [batch, width, inChannels],
          [kernel, inChannels, outChannels],
          batch * 1000 + width * 10 + stride,
        ),
      );
      expect(maxAbsDiff(cpu, wasm)).toBeLessThanOrEqual(1e-4);
    },
  );

  it.each(conv2dCases)('conv2d x $xShape filter $filterShape strides $strides pad $pad matches cpu', async (c) => {
    const { cpu, wasm } = await onBothBackends(() =>
      filterGradient(
        (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad),
        c.xShape,
        c.filterShape,
        c.xShape[1] * 100 + c.strides[1],
      ),
    );
    expect(maxAbsDiff(cpu, wasm)).toBeLessThanOrEqual(1e-4);
  });

  it('matches cpu when the input has exact zeros (post-relu activations)', async () => {
    const { cpu, wasm } = await onBothBackends(() =>
      filterGradient(
        (x, f) => tf.conv1d(tf.relu(x) as tf.Tensor3D, f as tf.Tensor3D, 1, 'same'),
        [8, 14, 16],
        [3, 16, 8],
        99,
      ),
    );
    expect(maxAbsDiff(cpu, wasm)).toBeLessThanOrEqual(1e-4);
  });

  it('rejects NCHW with a clear error', async () => {
    await initBackend('wasm');
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 3, 4, 4]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: 1,
        pad: 'same',
        dataFormat: 'NCHW',
        filterShape: [3, 3, 2, 3],
      }),
    ).toThrow(/NCHW/);
    tf.dispose([x, dy]);
  });

  it('leaks no tensors inside tf.tidy', async () => {
    await initBackend('wasm');
    const x = tf.tensor3d(randomValues(2 * 10 * 3, 7), [2, 10, 3]);
    const filter = tf.tensor3d(randomValues(3 * 3 * 4, 8), [3, 3, 4]);
    const before = tf.memory().numTensors;
    const sum = tf.tidy(() => {
      const grad = tf.grad((f: tf.Tensor) => tf.sum(tf.conv1d(x, f as tf.Tensor3D, 1, 'same')))(filter);
      return grad.sum().dataSync()[0];
    });
    expect(Number.isFinite(sum)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter]);
  });

  it('a conv1d → flatten → dense model trains on wasm and its loss falls', async () => {
    await initBackend('wasm');
    const samples = 64;
    const steps = 14;
    const features = 3;
    const xValues = randomValues(samples * steps * features, 42);
    // Target: a fixed linear function of the inputs, so a conv + dense model can fit it.
    const yValues = new Float32Array(samples);
    for (let s = 0; s < samples; s++) {
      let total = 0;
      for (let t = 0; t < steps; t++) total += xValues[(s * steps + t) * features] * (t / steps);
      yValues[s] = total;
    }
    const xs = tf.tensor3d(xValues, [samples, steps, features]);
    const ys = tf.tensor2d(yValues, [samples, 1]);

    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [steps, features], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const history = await model.fit(xs, ys, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];

    expect(tf.getBackend()).toBe('wasm');
    expect(losses).toHaveLength(3);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[2]).toBeLessThan(losses[0]);

    model.dispose();
    optimizer.dispose();
    tf.dispose([xs, ys]);
  });
});
