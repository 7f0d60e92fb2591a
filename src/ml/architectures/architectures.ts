import * as tf from '@tensorflow/tfjs';
import { gruLayer } from '../kernels/fused-gru.ts';
import { lstmLayer } from '../kernels/fused-lstm.ts';
import { outputUnits } from '../evaluation/intervals.ts';
import { validateArchitecture } from '../settings/check.ts';
import type { ArchitectureSpec, LayerSummary, ModelShape } from './specs.ts';

export * from './specs.ts';
export { validateArchitecture } from '../settings/check.ts';

/**
 * Builds an uncompiled model: input `[batch, lookbackDays, numFeatures]` (normalized),
 * output `[batch, horizonDays]` (normalized target, all horizon days at once), or with
 * `options.intervals` `[batch, 3 × horizonDays]`: the 10th, 50th and 90th percentiles in the
 * quantile-major layout of `evaluation/intervals.ts` (`[q10 day 1…H, q50 day 1…H, q90 day 1…H]`).
 * Layer names are stable (`gru_1`, `gru_2`, `output`, …) so layers can be frozen by name.
 * The only place in the project that calls `tf.layers`.
 * @param seed makes weight initialization and dropout reproducible.
 * @param options.fusedRecurrent (default true) builds GRU and LSTM layers as `FusedGRU` / `FusedLSTM`
 *   (`kernels/fused-gru.ts`, `kernels/fused-lstm.ts`): the same weights, outputs and gradients as
 *   `tf.layers.gru` / `tf.layers.lstm` and the same saved format, several times faster to train;
 *   false builds the stock layers.
 * @param options.intervals (default false) sizes the output head for three quantiles per horizon day.
 * @param options.namePrefix (default none) prefixes every layer name (`seed43_gru_1`), so that several
 *   models can live in one ensemble (`buildAveragingModel`), whose layer names must be unique.
 */
export function buildModel(spec: ArchitectureSpec, shape: ModelShape, seed = 42, options: { fusedRecurrent?: boolean; intervals?: boolean; namePrefix?: string } = {}): tf.Sequential {
  const { fusedRecurrent = true, intervals = false, namePrefix = '' } = options;
  const errors = validateArchitecture(spec);
  if (errors.length > 0) throw new Error(errors.join(' '));
  const { lookbackDays, numFeatures, horizonDays } = shape;
  const inputShape = [lookbackDays, numFeatures];
  const model = tf.sequential({ name: `${namePrefix}${spec.kind}_forecaster` });
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const dropout = (i: number) => {
    if (spec.dropout > 0) model.add(tf.layers.dropout({ rate: spec.dropout, seed: s++, name: `${namePrefix}dropout_${i}` }));
  };
  switch (spec.kind) {
    case 'linear':
      model.add(tf.layers.flatten({ inputShape, name: `${namePrefix}flatten` }));
      break;
    case 'mlp':
      model.add(tf.layers.flatten({ inputShape, name: `${namePrefix}flatten` }));
      for (let i = 1; i <= spec.layers; i++) {
        model.add(tf.layers.dense({ units: spec.units, activation: 'relu', kernelInitializer: init(), name: `${namePrefix}dense_${i}` }));
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
            name: `${namePrefix}conv1d_${i}`,
          }),
        );
        dropout(i);
      }
      model.add(tf.layers.flatten({ name: `${namePrefix}flatten` }));
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
          // The standard gate of Keras 3, PyTorch and ONNX. tfjs' default hard_sigmoid (0.2·x + 0.5)
          // means x/6 + 0.5 to Keras 3, so a converted model would silently change its gates.
          // Bundles saved with hard_sigmoid still load: the layer config says which gate it uses.
          recurrentActivation: 'sigmoid' as const,
          name: `${namePrefix}${spec.kind}_${i}`,
        };
        if (spec.kind === 'lstm') model.add(fusedRecurrent ? lstmLayer(config) : tf.layers.lstm(config));
        else model.add(fusedRecurrent ? gruLayer(config) : tf.layers.gru(config));
        dropout(i);
      }
      break;
  }
  model.add(tf.layers.dense({ units: outputUnits(horizonDays, intervals), kernelInitializer: init(), name: `${namePrefix}output` }));
  return model;
}

/**
 * One model whose output is the mean of its members' outputs: a functional model with one input
 * `[batch, lookbackDays, numFeatures]`, each member's layers applied to it, and an `average` layer.
 * It shares the members' layers (and so their weights): dispose the members' optimizers, and the
 * members themselves or this model, both free the weights only once nothing uses them. Members
 * need unique layer names (`buildModel(…, { namePrefix })`). Uses only stock layer classes, so
 * its model.json loads with plain `tf.loadLayersModel`.
 */
export function buildAveragingModel(members: readonly tf.LayersModel[], name = 'ensemble'): tf.LayersModel {
  if (members.length < 2) throw new Error(`An ensemble averages at least 2 models, got ${members.length}.`);
  const input = tf.input({ shape: members[0].inputs[0].shape.slice(1) as number[], name: 'window' });
  const outputs = members.map((member) => member.layers.reduce<tf.SymbolicTensor>((h, layer) => layer.apply(h) as tf.SymbolicTensor, input));
  const mean = tf.layers.average({ name: 'average' }).apply(outputs) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: mean, name });
}

/**
 * Whether a model forecasts quantiles (3 × horizonDays outputs) rather than one value per day.
 * @throws Error when its output fits neither for `horizonDays`.
 */
export function hasIntervalHead(model: tf.LayersModel, horizonDays: number): boolean {
  const units = model.outputs[0].shape[1];
  if (units === outputUnits(horizonDays, false)) return false;
  if (units === outputUnits(horizonDays, true)) return true;
  throw new Error(`The model gives ${units} outputs per forecast, but ${horizonDays} horizon day(s) need ${horizonDays} (one per day) or ${3 * horizonDays} (10th, 50th and 90th percentile per day).`);
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
export function countParameters(spec: ArchitectureSpec, shape: ModelShape, options: { intervals?: boolean } = {}): number {
  const model = buildModel(spec, shape, 42, options);
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
