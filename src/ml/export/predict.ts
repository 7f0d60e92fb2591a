/**
 * Forecasting with a loaded TensorFlow.js model by the bundle's recipe (raw rows in, target units
 * out), and replaying test vectors through it. Loads TensorFlow.js: worker, CLI and tests only.
 */
import * as tf from '@tensorflow/tfjs';
import { hasIntervalHead } from '../architectures/architectures.ts';
import type { ForecastRecipe, RawRow, TestVector } from './metadata.ts';
import { forecastFromOutput, modelInputFromRows, type RowForecast } from './recipe.ts';
import { scoreTestVectors, type TestVectorCheck } from './verify.ts';

/**
 * Forecasts the `horizonDays` days after the last of `rows` (exactly `lookbackDays`
 * consecutive raw daily rows), in the target's units. An interval model's three quantiles are
 * sorted per day, so lower ≤ value ≤ upper.
 */
export function forecastFromRows(model: tf.LayersModel, metadata: ForecastRecipe, rows: readonly RawRow[]): RowForecast {
  const input = modelInputFromRows(metadata, rows);
  const normalized = tf.tidy(() => (model.predict(tf.tensor3d([input])) as tf.Tensor).dataSync());
  const intervals = hasIntervalHead(model, metadata.window.horizonDays);
  return forecastFromOutput(metadata, rows[rows.length - 1].date, normalized, intervals);
}

/** Replays test vectors through the raw-rows → forecast recipe (the band too, for an interval model). */
export function checkTestVectors(model: tf.LayersModel, metadata: ForecastRecipe, vectors: readonly TestVector[]): TestVectorCheck {
  return scoreTestVectors(vectors, (rows) => forecastFromRows(model, metadata, rows));
}
