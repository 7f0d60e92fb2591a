/**
 * Architectures as plain data: what the UI, the CLI and validation need, without TensorFlow.js
 * (so the page can show them without loading it).
 */
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

/** One row of a model summary. */
export interface LayerSummary {
  readonly name: string;
  readonly type: string;
  /** Output shape without the batch dimension, e.g. `[14, 32]`. */
  readonly outputShape: readonly number[];
  readonly params: number;
  readonly trainable: boolean;
}

