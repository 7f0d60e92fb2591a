/**
 * Z-score normalization statistics per feature, fitted on the training split only so
 * that nothing about validation or test data leaks into the model.
 */
export interface Normalizer {
  /** Feature names, in model order. */
  readonly features: readonly string[];
  /** Mean per feature, in the feature's own units. */
  readonly mean: readonly number[];
  /** Standard deviation per feature (population), in the feature's own units; never 0. */
  readonly std: readonly number[];
}

/** Features that are already in [-1, 1] and are passed through unchanged. */
const PASS_THROUGH = new Set(['doy_sin', 'doy_cos']);

/**
 * Fits mean and standard deviation per feature over `rows` rows of a row-major matrix.
 * @param values row-major `[rows, features]`
 * @param rowRange `[start, end)` rows to fit on: the training split
 * @throws Error when a feature has zero spread on the training rows (it carries no information).
 */
export function fitNormalizer(
  values: Float32Array,
  features: readonly string[],
  rowRange: readonly [number, number],
): Normalizer {
  const f = features.length;
  const [start, end] = rowRange;
  const n = end - start;
  const mean = new Array<number>(f).fill(0);
  const std = new Array<number>(f).fill(1);
  features.forEach((name, j) => {
    if (PASS_THROUGH.has(name)) return;
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i * f + j];
    const mu = sum / n;
    let sq = 0;
    for (let i = start; i < end; i++) sq += (values[i * f + j] - mu) ** 2;
    const sigma = Math.sqrt(sq / n);
    if (!(sigma > 1e-9)) {
      throw new Error(
        `Input "${name}" is constant over the training period (every value is ${mu}), so it carries no information and cannot be normalized. Remove it from the inputs.`,
      );
    }
    mean[j] = mu;
    std[j] = sigma;
  });
  return { features: [...features], mean, std };
}

/** Returns a normalized copy of a row-major `[rows, features]` matrix. */
export function normalizeMatrix(values: Float32Array, normalizer: Normalizer): Float32Array {
  const f = normalizer.features.length;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const j = i % f;
    out[i] = (values[i] - normalizer.mean[j]) / normalizer.std[j];
  }
  return out;
}

/** Converts normalized values of feature `featureIndex` back to its units. */
export function denormalize(values: Float32Array, normalizer: Normalizer, featureIndex: number): Float32Array {
  const mu = normalizer.mean[featureIndex];
  const sigma = normalizer.std[featureIndex];
  return values.map((v) => v * sigma + mu);
}
