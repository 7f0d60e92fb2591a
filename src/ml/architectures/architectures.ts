import * as tf from '@tensorflow/tfjs';

/** The model families on offer. */
export type ArchitectureKind = 'linear' | 'mlp' | 'cnn' | 'lstm' | 'gru';

/** A model's shape and size, as plain serializable data. */
export interface ArchitectureSpec {
  readonly kind: ArchitectureKind;
  /** Hidden units per layer (filters for the CNN); ignored by `linear`. */
  readonly units: number;
  /** Number of hidden layers; ignored by `linear`. */
  readonly layers: number;
  /** Dropout rate after each hidden layer, 0 ≤ rate < 1; ignored by `linear`. */
  readonly dropout: number;
}

/** Input and output sizes a model is built for. */
export interface ModelShape {
  readonly lookbackDays: number;
  readonly numFeatures: number;
  readonly horizonDays: number;
}

/** What the learner reads about each family, and its sensible defaults. */
export interface ArchitectureInfo {
  readonly kind: ArchitectureKind;
  readonly label: string;
  /** Two sentences on when it fits. */
  readonly description: string;
  readonly defaults: ArchitectureSpec;
  /** Whether units/layers/dropout mean anything for this family. */
  readonly hasHiddenLayers: boolean;
}

export const ARCHITECTURE_LIMITS = {
  units: { min: 1, max: 256 },
  layers: { min: 1, max: 4 },
  dropout: { min: 0, max: 0.9 },
} as const;

/** Registry of architectures: adding one means one entry here and one case in `buildModel`. */
export const ARCHITECTURES: Readonly<Record<ArchitectureKind, ArchitectureInfo>> = {
  linear: {
    kind: 'linear',
    label: 'Linear',
    description:
      'A weighted sum of every input value in the window: fast, hard to overfit, and a strong baseline for smooth series like temperature. It cannot model interactions or thresholds.',
    defaults: { kind: 'linear', units: 1, layers: 1, dropout: 0 },
    hasHiddenLayers: false,
  },
  mlp: {
    kind: 'mlp',
    label: 'MLP (dense network)',
    description:
      'Fully connected layers over the flattened window learn non-linear combinations of days and variables. It ignores time order, so it needs more data than a linear model to generalize.',
    defaults: { kind: 'mlp', units: 32, layers: 1, dropout: 0 },
    hasHiddenLayers: true,
  },
  cnn: {
    kind: 'cnn',
    label: '1-D CNN',
    description:
      'Convolutions slide a 3-day filter along the window and detect local patterns such as warming trends or fronts. Good when short motifs matter more than long memory.',
    defaults: { kind: 'cnn', units: 32, layers: 1, dropout: 0 },
    hasHiddenLayers: true,
  },
  lstm: {
    kind: 'lstm',
    label: 'LSTM',
    description:
      'A recurrent network with gated memory that reads the window day by day and can keep information across many steps. It fits longer lookbacks but trains slower than the others.',
    defaults: { kind: 'lstm', units: 32, layers: 1, dropout: 0 },
    hasHiddenLayers: true,
  },
  gru: {
    kind: 'gru',
    label: 'GRU',
    description:
      'A lighter gated recurrent network with fewer parameters than an LSTM and often the same accuracy. A good default for sequences of daily weather.',
    defaults: { kind: 'gru', units: 32, layers: 1, dropout: 0 },
    hasHiddenLayers: true,
  },
};

/** Checks a spec against `ARCHITECTURE_LIMITS`; returns human messages, empty when valid. */
export function validateArchitecture(spec: ArchitectureSpec): string[] {
  const errors: string[] = [];
  if (!(spec.kind in ARCHITECTURES)) {
    errors.push(`Unknown architecture "${String(spec.kind)}". Choose one of: ${Object.keys(ARCHITECTURES).join(', ')}.`);
    return errors;
  }
  if (!ARCHITECTURES[spec.kind].hasHiddenLayers) return errors;
  const { units, layers, dropout } = ARCHITECTURE_LIMITS;
  if (!Number.isInteger(spec.units) || spec.units < units.min || spec.units > units.max) {
    errors.push(`Units must be a whole number from ${units.min} to ${units.max} (got ${spec.units}).`);
  }
  if (!Number.isInteger(spec.layers) || spec.layers < layers.min || spec.layers > layers.max) {
    errors.push(`Layers must be a whole number from ${layers.min} to ${layers.max} (got ${spec.layers}).`);
  }
  if (!(spec.dropout >= dropout.min && spec.dropout <= dropout.max)) {
    errors.push(`Dropout must be from ${dropout.min} to ${dropout.max} (got ${spec.dropout}).`);
  }
  return errors;
}

/**
 * Builds an uncompiled model: input `[batch, lookbackDays, numFeatures]` (normalized),
 * output `[batch, horizonDays]` (normalized target, all horizon days at once).
 * Layer names are stable (`gru_1`, `gru_2`, `output`, …) so layers can be frozen by name.
 * The only place in the project that calls `tf.layers`.
 * @param seed makes weight initialization and dropout reproducible.
 */
export function buildModel(spec: ArchitectureSpec, shape: ModelShape, seed = 42): tf.Sequential {
  const errors = validateArchitecture(spec);
  if (errors.length > 0) throw new Error(errors.join(' '));
  const { lookbackDays, numFeatures, horizonDays } = shape;
  const inputShape = [lookbackDays, numFeatures];
  const model = tf.sequential({ name: `${spec.kind}_forecaster` });
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const dropout = (i: number) => {
    if (spec.dropout > 0) model.add(tf.layers.dropout({ rate: spec.dropout, seed: s++, name: `dropout_${i}` }));
  };
  switch (spec.kind) {
    case 'linear':
      model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
      break;
    case 'mlp':
      model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
      for (let i = 1; i <= spec.layers; i++) {
        model.add(tf.layers.dense({ units: spec.units, activation: 'relu', kernelInitializer: init(), name: `dense_${i}` }));
        dropout(i);
      }
      break;
    case 'cnn':
      for (let i = 1; i <= spec.layers; i++) {
        model.add(
          tf.layers.conv1d({
            ...(i === 1 ? { inputShape } : {}),
            filters: spec.units,
            kernelSize: Math.min(3, lookbackDays),
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(),
            name: `conv1d_${i}`,
          }),
        );
        dropout(i);
      }
      model.add(tf.layers.flatten({ name: 'flatten' }));
      break;
    case 'lstm':
    case 'gru':
      for (let i = 1; i <= spec.layers; i++) {
        const config = {
          ...(i === 1 ? { inputShape } : {}),
          units: spec.units,
          returnSequences: i < spec.layers,
          kernelInitializer: init(),
          // Glorot instead of the default orthogonal: same accuracy here, no slow QR at build time.
          recurrentInitializer: init(),
          name: `${spec.kind}_${i}`,
        };
        model.add(spec.kind === 'lstm' ? tf.layers.lstm(config) : tf.layers.gru(config));
        dropout(i);
      }
      break;
  }
  model.add(tf.layers.dense({ units: horizonDays, kernelInitializer: init(), name: 'output' }));
  return model;
}

/** One row of a model summary. */
export interface LayerSummary {
  readonly name: string;
  readonly type: string;
  /** Output shape without the batch dimension, e.g. `[14, 32]`. */
  readonly outputShape: readonly number[];
  readonly params: number;
  readonly trainable: boolean;
}

/** Layer table of a model: names, types, output shapes and parameter counts. */
export function summarizeModel(model: tf.LayersModel): { layers: LayerSummary[]; totalParams: number; trainableParams: number } {
  const layers = model.layers.map((layer) => {
    const shape = layer.outputShape as (number | null)[];
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: shape.slice(1).map((d) => d ?? -1),
      params: layer.countParams(),
      trainable: layer.trainable,
    };
  });
  const totalParams = layers.reduce((sum, l) => sum + l.params, 0);
  const trainableParams = layers.filter((l) => l.trainable).reduce((sum, l) => sum + l.params, 0);
  return { layers, totalParams, trainableParams };
}

/** Parameter count of a spec without keeping a model around. */
export function countParameters(spec: ArchitectureSpec, shape: ModelShape): number {
  const model = buildModel(spec, shape);
  const n = model.countParams();
  model.dispose();
  return n;
}

/** Disposes a model and its optimizer (which `model.dispose()` leaves behind). */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = (model as { optimizer?: tf.Optimizer }).optimizer;
  model.dispose();
  optimizer?.dispose();
}
