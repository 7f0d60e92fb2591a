import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARCHITECTURES,
  buildModel,
  countParameters,
  disposeModel,
  summarizeModel,
  validateArchitecture,
  type ArchitectureKind,
  type ArchitectureSpec,
} from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData } from '../../src/ml/data/prepare.ts';
import { train } from '../../src/ml/training/train.ts';
import { sineCity } from './helpers.ts';

const KINDS = Object.keys(ARCHITECTURES) as ArchitectureKind[];
const shape = { lookbackDays: 7, numFeatures: 4, horizonDays: 3 };

beforeAll(async () => {
  // initBackend registers the wasm Conv2DBackpropFilter kernel the CNN needs to train.
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('buildModel', () => {
  it('offers the five families', () => {
    expect(KINDS).toEqual(['linear', 'mlp', 'cnn', 'lstm', 'gru']);
  });

  for (const kind of KINDS) {
    for (const horizonDays of [1, 3]) {
      for (const layers of [1, 2]) {
        it(`${kind}: H=${horizonDays}, ${layers} layer(s), dropout 0.2 → [null, 7, 4] → [null, ${horizonDays}]`, () => {
          const model = buildModel({ kind, units: 4, layers, dropout: 0.2 }, { ...shape, horizonDays });
          try {
            expect(model.inputs[0].shape).toEqual([null, 7, 4]);
            expect(model.outputs[0].shape).toEqual([null, horizonDays]);
            expect(model.layers[model.layers.length - 1].name).toBe('output');
            const names = model.layers.map((l) => l.name);
            if (kind !== 'linear') {
              expect(names.filter((n) => n.startsWith('dropout_'))).toEqual(layers === 1 ? ['dropout_1'] : ['dropout_1', 'dropout_2']);
            }
            const y = tf.tidy(() => (model.predict(tf.zeros([2, 7, 4])) as tf.Tensor).shape);
            expect(y).toEqual([2, horizonDays]);
          } finally {
            model.dispose();
          }
        });
      }
    }
  }

  it('parameter counts, hand-checked (L=7, F=4, H=3, 8 units)', () => {
    const p = (kind: ArchitectureKind) => countParameters({ kind, units: 8, layers: 1, dropout: 0 }, shape);
    expect(p('linear')).toBe(7 * 4 * 3 + 3); // 87
    expect(p('mlp')).toBe(7 * 4 * 8 + 8 + (8 * 3 + 3)); // 259
    expect(p('cnn')).toBe(3 * 4 * 8 + 8 + (7 * 8 * 3 + 3)); // kernel 3, 'same' padding → 104 + 171 = 275
    expect(p('gru')).toBe(3 * (4 * 8 + 8 * 8 + 8) + (8 * 3 + 3)); // 339
    expect(p('lstm')).toBe(4 * (4 * 8 + 8 * 8 + 8) + (8 * 3 + 3)); // 443
    // linear ignores units/layers
    expect(countParameters({ kind: 'linear', units: 100, layers: 4, dropout: 0.5 }, shape)).toBe(87);
    // a second mlp layer adds 8·8 + 8
    expect(countParameters({ kind: 'mlp', units: 8, layers: 2, dropout: 0 }, shape)).toBe(259 + 72);
  });

  it('summarizeModel lists names, types, shapes and parameters', () => {
    const model = buildModel({ kind: 'mlp', units: 8, layers: 1, dropout: 0.2 }, shape);
    try {
      const s = summarizeModel(model);
      expect(s.layers).toEqual([
        { name: 'flatten', type: 'Flatten', outputShape: [28], params: 0, trainable: true },
        { name: 'dense_1', type: 'Dense', outputShape: [8], params: 232, trainable: true },
        { name: 'dropout_1', type: 'Dropout', outputShape: [8], params: 0, trainable: true },
        { name: 'output', type: 'Dense', outputShape: [3], params: 27, trainable: true },
      ]);
      expect(s.totalParams).toBe(259);
      expect(s.trainableParams).toBe(259);
      model.getLayer('dense_1').trainable = false;
      const frozen = summarizeModel(model);
      expect(frozen.trainableParams).toBe(27);
      expect(frozen.layers[1].trainable).toBe(false);
    } finally {
      model.dispose();
    }
  });

  it('summarizeModel of a 2-layer GRU', () => {
    const model = buildModel({ kind: 'gru', units: 5, layers: 2, dropout: 0 }, shape);
    try {
      const s = summarizeModel(model);
      expect(s.layers.map((l) => [l.name, l.type, l.outputShape, l.params])).toEqual([
        ['gru_1', 'GRU', [7, 5], 3 * (4 * 5 + 25 + 5)],
        ['gru_2', 'GRU', [5], 3 * (5 * 5 + 25 + 5)],
        ['output', 'Dense', [3], 5 * 3 + 3],
      ]);
      expect(s.totalParams).toBe(150 + 165 + 18);
    } finally {
      model.dispose();
    }
  });
});

describe('validateArchitecture', () => {
  const base: ArchitectureSpec = { kind: 'gru', units: 16, layers: 1, dropout: 0 };

  it('accepts defaults of every family', () => {
    for (const kind of KINDS) expect(validateArchitecture(ARCHITECTURES[kind].defaults)).toEqual([]);
  });

  it('names the bad setting and the allowed range', () => {
    expect(validateArchitecture({ ...base, units: 0 })).toEqual(['Units must be a whole number from 1 to 256 (got 0).']);
    expect(validateArchitecture({ ...base, units: 2.5 })).toEqual(['Units must be a whole number from 1 to 256 (got 2.5).']);
    expect(validateArchitecture({ ...base, units: 257 })).toEqual(['Units must be a whole number from 1 to 256 (got 257).']);
    expect(validateArchitecture({ ...base, layers: 5 })).toEqual(['Layers must be a whole number from 1 to 4 (got 5).']);
    expect(validateArchitecture({ ...base, layers: 0 })).toEqual(['Layers must be a whole number from 1 to 4 (got 0).']);
    expect(validateArchitecture({ ...base, dropout: 0.95 })).toEqual(['Dropout must be from 0 to 0.9 (got 0.95).']);
    expect(validateArchitecture({ ...base, dropout: -0.1 })).toEqual(['Dropout must be from 0 to 0.9 (got -0.1).']);
    expect(validateArchitecture({ ...base, dropout: Number.NaN })).toHaveLength(1);
    expect(validateArchitecture({ ...base, units: 0, layers: 9, dropout: 1 })).toHaveLength(3);
  });

  it('ignores hidden-layer settings of the linear model and rejects unknown kinds', () => {
    expect(validateArchitecture({ kind: 'linear', units: 0, layers: 0, dropout: 5 })).toEqual([]);
    expect(validateArchitecture({ ...base, kind: 'transformer' as ArchitectureKind })).toEqual([
      'Unknown architecture "transformer". Choose one of: linear, mlp, cnn, lstm, gru.',
    ]);
  });

  it('buildModel throws the validation messages', () => {
    expect(() => buildModel({ ...base, units: 0 }, shape)).toThrow('Units must be a whole number from 1 to 256 (got 0).');
  });
});

describe('seeded initialization', () => {
  const weightsOf = (kind: ArchitectureKind, seed: number) => {
    const model = buildModel({ kind, units: 4, layers: 2, dropout: 0.1 }, shape, seed);
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };

  for (const kind of KINDS) {
    it(`${kind}: same seed ⇒ identical weights, different seed ⇒ different`, () => {
      const a = weightsOf(kind, 7);
      expect(weightsOf(kind, 7)).toEqual(a);
      const b = weightsOf(kind, 8);
      // the first kernel differs (biases start at zero either way)
      expect(b[0]).not.toEqual(a[0]);
    });
  }
});

describe('every family learns a sine', () => {
  // 260 days of a 30-day sine + noise; lookback 7, horizon 1; last 20 % for testing.
  const data = prepareData(sineCity(260), {
    features: { target: 'temp', inputs: ['wind'] },
    window: { lookbackDays: 7, horizonDays: 1 },
    split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
  });

  for (const kind of KINDS) {
    it(`${kind}: final training MAE is well below the first epoch's`, async () => {
      const model = buildModel({ kind, units: 8, layers: 1, dropout: 0 }, data, 3);
      try {
        const run = await train(model, data, { epochs: 15, batchSize: 32, learningRate: 0.02, optimizer: 'adam', patience: 0, seed: 1 });
        expect(run.history).toHaveLength(15);
        const first = run.history[0].trainMae;
        const last = run.history[14].trainMae;
        // observed on wasm: first 2.9–5.8 °C, last 0.3–0.6 °C
        expect(last).toBeLessThan(0.3 * first);
        expect(last).toBeLessThan(1);
        // the noise is ±0.3 °C on an 8 °C sine: a learnt model is within 1 °C on held-out days
        expect(run.bestValMae).toBeLessThan(1);
      } finally {
        disposeModel(model);
      }
    });
  }
});
