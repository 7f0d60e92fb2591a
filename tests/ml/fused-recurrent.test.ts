import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { FusedGRU, gruLayer } from '../../src/ml/kernels/fused-gru.ts';
import { FusedLSTM, lstmLayer } from '../../src/ml/kernels/fused-lstm.ts';
import { matKernels, setPreferSimd, simdSupported } from '../../src/ml/kernels/gemm.ts';
import { maxAbsDiff, seededNoise } from './helpers.ts';

function random(shape: number[], seed: number, scale = 1): tf.Tensor {
  const noise = seededNoise(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => noise() * scale), shape);
}

interface Case {
  batch: number;
  steps: number;
  features: number;
  units: number;
  returnSequences: boolean;
  recurrentActivation?: 'hardSigmoid' | 'sigmoid';
  unitForgetBias?: boolean;
}

/** Shapes both layers are checked on. */
const SHARED_CASES: readonly Case[] = [
  // (The stock layer itself fails on a single time step.)
  { batch: 1, steps: 2, features: 1, units: 1, returnSequences: false },
  { batch: 5, steps: 14, features: 7, units: 32, returnSequences: false },
  { batch: 4, steps: 6, features: 3, units: 8, returnSequences: true },
  { batch: 3, steps: 9, features: 5, units: 6, returnSequences: false, recurrentActivation: 'sigmoid' },
  // The app's gate, with units a multiple of 4: the GRU's elementwise SIMD kernels (their exp polynomial).
  { batch: 6, steps: 7, features: 4, units: 16, returnSequences: true, recurrentActivation: 'sigmoid' },
];
/** Units that are not a multiple of 4 or 16 exercise every column tail of the SIMD kernel. */
const TAIL_CASE: Case = { batch: 2, steps: 5, features: 4, units: 19, returnSequences: true };

type LayerArgs = Parameters<typeof tf.layers.gru>[0] & Parameters<typeof tf.layers.lstm>[0];

/** One fused layer under test, with the stock layer it must match. */
interface Kind {
  readonly className: 'GRU' | 'LSTM';
  readonly kind: 'gru' | 'lstm';
  readonly Fused: (new (args: LayerArgs) => tf.layers.Layer) & tf.serialization.SerializableConstructor<tf.layers.Layer>;
  readonly stock: (args: LayerArgs) => tf.layers.Layer;
  readonly layer: (args: LayerArgs) => tf.layers.Layer;
  readonly cases: readonly Case[];
  /** How the save test's model is made: its depth, and how many batches it trains before saving. */
  readonly saved: { readonly layers: number; readonly trainBatches: number };
}

const KINDS: readonly Kind[] = [
  {
    className: 'GRU',
    kind: 'gru',
    Fused: FusedGRU,
    stock: tf.layers.gru,
    layer: gruLayer,
    cases: [...SHARED_CASES, TAIL_CASE],
    saved: { layers: 1, trainBatches: 0 },
  },
  {
    className: 'LSTM',
    kind: 'lstm',
    Fused: FusedLSTM,
    stock: tf.layers.lstm,
    layer: lstmLayer,
    // unitForgetBias initializes the bias in three parts.
    cases: [...SHARED_CASES, { ...TAIL_CASE, unitForgetBias: true }],
    saved: { layers: 2, trainBatches: 5 },
  },
];

/** Output and gradients (input, kernel, recurrent kernel, bias) of sum(layer(x) · w) for one layer. */
function outputAndGradients(layer: tf.layers.Layer, x: tf.Tensor, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const y = layer.apply(x) as tf.Tensor;
    // Weight the output so that dy is not all ones (a plain sum hides index mix-ups).
    const w = random(y.shape, seed + 7);
    const f = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, w)) as tf.Scalar;
    const dx = tf.grad(f)(x);
    const variables = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => f(x), variables);
    return [y, dx, ...variables.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
  });
}

describe.each(KINDS)('Fused$className', ({ className, kind, Fused, stock: stockLayer, layer, cases, saved }) => {
  const fusedName = `Fused${className}`;

  describe.each([
    { path: 'WebAssembly SIMD', simd: true },
    { path: 'JavaScript', simd: false },
  ])('$path', ({ simd }) => {
    beforeAll(async () => {
      expect(await initBackend('wasm')).toBe('wasm');
      setPreferSimd(simd);
      if (simd) expect(simdSupported()).toBe(true);
      expect(matKernels().simd).toBe(simd);
    });
    afterAll(() => setPreferSimd(true));

    it.each(cases)(
      `batch $batch × steps $steps × features $features, $units units, sequences $returnSequences, $recurrentActivation, unitForgetBias $unitForgetBias: matches tf.layers.${kind}`,
      (c) => {
        const args = {
          units: c.units,
          returnSequences: c.returnSequences,
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
          recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }),
          // A non-zero bias, so that the bias path is checked too.
          biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 3 }),
          ...(c.recurrentActivation ? { recurrentActivation: c.recurrentActivation } : {}),
          ...(c.unitForgetBias ? { unitForgetBias: true } : {}),
        };
        // Inputs scaled so that some hard-sigmoid gates saturate.
        const x = random([c.batch, c.steps, c.features], c.batch * 100 + c.units, 3);
        const stock = stockLayer(args);
        const fused = new Fused(args);
        const a = outputAndGradients(stock, x, 5);
        const b = outputAndGradients(fused, x, 5);
        expect(fused.getWeights().map((w) => w.shape)).toEqual(stock.getWeights().map((w) => w.shape));
        // Same initial weights (the forget-gate ones of unitForgetBias included).
        fused.getWeights().forEach((w, i) => expect(maxAbsDiff(w.dataSync(), stock.getWeights()[i].dataSync())).toBe(0));
        expect(maxAbsDiff(a[0], b[0])).toBeLessThanOrEqual(1e-5);
        for (let i = 1; i < a.length; i++) expect(maxAbsDiff(a[i], b[i])).toBeLessThanOrEqual(1e-4);
        stock.dispose();
        fused.dispose();
        x.dispose();
      },
    );

    it(`buildModel uses it for ${className}, with the stock class name, weight names and initial weights`, () => {
      const shape = { lookbackDays: 14, numFeatures: 7, horizonDays: 2 };
      const spec = { kind, units: 16, layers: 2, dropout: 0 };
      const fused = buildModel(spec, shape, 7);
      const stock = buildModel(spec, shape, 7, { fusedRecurrent: false });
      expect(fused.layers[0]).toBeInstanceOf(Fused);
      expect(fused.layers.map((l) => l.getClassName())).toEqual(stock.layers.map((l) => l.getClassName()));
      // tfjs makes variable names unique per process by appending _1, _2, …
      const names = (m: tf.LayersModel) => m.weights.map((w) => w.name.replace(/_\d+$/, ''));
      expect(names(fused)).toEqual(names(stock));
      expect(names(fused)).toContain(`${kind}_1/recurrent_kernel`);
      fused.getWeights().forEach((w, i) => expect(maxAbsDiff(w.dataSync(), stock.getWeights()[i].dataSync())).toBe(0));
      const x = random([3, 14, 7], 11);
      expect(maxAbsDiff((fused.predict(x) as tf.Tensor).dataSync(), (stock.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-5);
      disposeModel(fused);
      disposeModel(stock);
      x.dispose();
    });

    it(`saves as a stock ${className} that stock tfjs loads (without ${fusedName} registered) and that reproduces the predictions`, async () => {
      const model = buildModel({ kind, units: 8, layers: saved.layers, dropout: 0 }, { lookbackDays: 5, numFeatures: 3, horizonDays: 1 }, 3);
      const xs = random([32, 5, 3], 8);
      const ys = tf.tidy(() => xs.sum([1, 2]).reshape([32, 1]).mul(0.2));
      if (saved.trainBatches > 0) {
        // Trained weights, so that the reload is not just the seeded initial state.
        model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
        for (let i = 0; i < saved.trainBatches; i++) await model.trainOnBatch(xs, ys);
      }
      let artifacts: tf.io.ModelArtifacts | null = null;
      await model.save(tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      const topology = JSON.stringify(artifacts!.modelTopology);
      expect(topology).toContain(`"class_name":"${className}"`);
      expect(topology).not.toContain('Fused');
      const x = random([4, 5, 3], 21);
      const expected = (model.predict(x) as tf.Tensor).dataSync();

      // Our registration: the reload is fused again.
      const ours = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
      expect(ours.layers[0]).toBeInstanceOf(Fused);
      expect(maxAbsDiff((ours.predict(x) as tf.Tensor).dataSync(), expected)).toBeLessThanOrEqual(1e-6);

      // Stock tfjs: put the stock layer back in the registry, as in a program without our code.
      const stockClass = stockLayer({ units: 1 }).constructor as tf.serialization.SerializableConstructor<tf.layers.Layer>;
      tf.serialization.registerClass(stockClass);
      try {
        const stock = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
        expect(stock.layers[0]).not.toBeInstanceOf(Fused);
        expect(stock.layers[0].getClassName()).toBe(className);
        expect(maxAbsDiff((stock.predict(x) as tf.Tensor).dataSync(), expected)).toBeLessThanOrEqual(1e-5);
        stock.dispose();
      } finally {
        tf.serialization.registerClass(Fused);
      }
      ours.dispose();
      disposeModel(model);
      tf.dispose([x, xs, ys]);
    });

    it('falls back to the stock layer for options it does not implement', () => {
      expect(layer({ units: 4 })).toBeInstanceOf(Fused);
      expect(layer({ units: 4, dropout: 0.2 })).not.toBeInstanceOf(Fused);
      expect(layer({ units: 4, goBackwards: true })).not.toBeInstanceOf(Fused);
      expect(() => new Fused({ units: 4, recurrentDropout: 0.1 })).toThrow(/recurrentDropout/);
    });

    it('trains inside a model and leaks no tensors', async () => {
      const model = buildModel({ kind, units: 8, layers: 1, dropout: 0 }, { lookbackDays: 6, numFeatures: 2, horizonDays: 1 }, 5);
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
      const x = random([32, 6, 2], 8);
      const y = tf.tidy(() => x.sum([1, 2]).reshape([32, 1]).mul(0.2));
      await model.trainOnBatch(x, y);
      const before = tf.memory().numTensors;
      const first = (await model.trainOnBatch(x, y)) as number;
      let last = first;
      for (let i = 0; i < 30; i++) last = (await model.trainOnBatch(x, y)) as number;
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first);
      disposeModel(model);
      tf.dispose([x, y]);
    });
  });
});

describe('the SIMD matrix product', () => {
  /** C += A·B on the current kernels' heap; A row-major (sai = kk) or transposed (sai = 1). */
  function product(m: number, n: number, kk: number, transposed: boolean, seed: number, rowByRow = false): Float32Array {
    const noise = seededNoise(seed);
    const k = matKernels();
    const [a, b, c] = [0, m * kk, m * kk + kk * n];
    const h = k.heap(c + m * n);
    for (let i = 0; i < c + m * n; i++) h[i] = noise();
    const [sai, sak] = transposed ? [1, m] : [kk, 1];
    if (rowByRow) for (let i = 0; i < m; i++) k.gemm(1, n, kk, a + i * sai, sai, sak, b, n, c + i * n, n);
    else k.gemm(m, n, kk, a, sai, sak, b, n, c, n);
    return k.heap(c + m * n).slice(c, c + m * n);
  }

  it.runIf(simdSupported())('matches the JavaScript product on every row and column tail, and computes two rows at a time bit for bit as one', () => {
    try {
      for (const m of [1, 2, 3, 5, 32, 33]) {
        for (const n of [1, 3, 4, 15, 16, 17, 33, 96]) {
          for (const kk of [1, 7, 32]) {
            for (const transposed of [false, true]) {
              const seed = m * 10_000 + n * 100 + kk + (transposed ? 1 : 0);
              setPreferSimd(true);
              const simd = product(m, n, kk, transposed, seed);
              expect(product(m, n, kk, transposed, seed, true)).toEqual(simd);
              setPreferSimd(false);
              const js = product(m, n, kk, transposed, seed);
              expect(maxAbsDiff(simd, js)).toBeLessThan(1e-5 * kk);
            }
          }
        }
      }
    } finally {
      setPreferSimd(true);
    }
  });
});
