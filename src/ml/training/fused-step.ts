/**
 * One training step of the default recurrent model — a fused GRU or LSTM layer (last state only)
 * followed by the dense output layer, mean squared error, Adam — on plain float32 arrays, with no
 * TensorFlow.js op per batch. `model.trainOnBatch` spends more time on its own bookkeeping (the tape,
 * the dense head, the loss and metric, Adam's ~10 small ops per weight) than the fused layer spends on
 * its arithmetic when there are thousands of batches per epoch (issue 18): this does the same maths
 * in one pass. The weights live here during an epoch; `sync()` writes them back to the model's
 * variables (validation, best-epoch snapshots and saving read the model as before).
 *
 * Same order of operations as `trainOnBatch`: the batch's loss and MAE from the weights before the
 * update, gradients of the mean squared error over batch × horizon, then tfjs' Adam update
 * (β₁ 0.9, β₂ 0.999, the backend's ε, bias correction by the running products β₁ᵗ, β₂ᵗ).
 */
import * as tf from '@tensorflow/tfjs';
import type { WindowSet } from '../data/windows.ts';
import { FusedRecurrentLayer } from '../kernels/fused-recurrent.ts';
import { recurrentBackward, recurrentForward, type RecurrentCell } from '../kernels/recurrent-math.ts';
import type { GateActivation } from '../kernels/gates.ts';
import type { TrainingConfig } from './config.ts';

/** A training step on the batch of rows `idx`: the batch's normalized loss and MAE before the update. */
export interface BatchStep {
  step(idx: Int32Array): { loss: number; mae: number };
  /** Writes the current weights into the model's variables. */
  sync(): void;
}

/** `FUSED_TRAINING=0` in Node, or {@link setFusedTraining}(false), keeps every step in `trainOnBatch` (A/B). */
let enabled = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.FUSED_TRAINING !== '0';

/** Turns the fused training step on or off (benchmarks and tests compare both). */
export function setFusedTraining(on: boolean): void {
  enabled = on;
}

interface Param {
  readonly variable: tf.LayerVariable;
  readonly value: Float32Array;
  readonly grad: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
}

function param(variable: tf.LayerVariable): Param {
  const value = Float32Array.from(variable.read().dataSync() as Float32Array);
  const n = value.length;
  return { variable, value, grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
}

/**
 * The fused step for `model` under `config`, or null when the model or the settings are not the
 * shape it implements (then `trainOnBatch` trains it): exactly a trainable fused recurrent layer
 * without sequences out and a trainable linear dense layer with bias; Adam; no intervals.
 */
export function fusedBatchStep(model: tf.LayersModel, train: WindowSet, shape: { lookbackDays: number; numFeatures: number; horizonDays: number }, config: TrainingConfig): BatchStep | null {
  if (!enabled || config.optimizer !== 'adam' || config.intervals) return null;
  const layers = model.layers;
  if (layers.length !== 2) return null;
  const [recurrent, dense] = layers;
  if (!(recurrent instanceof FusedRecurrentLayer) || recurrent.returnSequences || !recurrent.trainable || !dense.trainable) return null;
  const denseConfig = dense.getConfig();
  if (dense.getClassName() !== 'Dense' || denseConfig.activation !== 'linear' || denseConfig.useBias !== true) return null;
  const parts = recurrent.fusedParts();
  const denseWeights = dense.trainableWeights;
  if (!parts || denseWeights.length !== 2) return null;
  const units = recurrent.units;
  const H = shape.horizonDays;
  if (denseWeights[0].shape.join() !== `${units},${H}`) return null;
  return new FusedStep(parts.cell, parts.activation, [...parts.weights, ...denseWeights].map(param), train, shape, units, config.learningRate);
}

class FusedStep implements BatchStep {
  private readonly beta1 = 0.9;
  private readonly beta2 = 0.999;
  private readonly epsilon = tf.backend().epsilon();
  private accBeta1 = 0.9;
  private accBeta2 = 0.999;
  private readonly L: number;
  private readonly F: number;
  private readonly H: number;

  constructor(
    private readonly cell: RecurrentCell,
    private readonly activation: GateActivation,
    private readonly params: Param[],
    private readonly train: WindowSet,
    shape: { lookbackDays: number; numFeatures: number; horizonDays: number },
    private readonly units: number,
    private readonly learningRate: number,
  ) {
    this.L = shape.lookbackDays;
    this.F = shape.numFeatures;
    this.H = shape.horizonDays;
  }

  step(idx: Int32Array): { loss: number; mae: number } {
    const { L, F, H, units: U } = this;
    const B = idx.length;
    const LF = L * F;
    const x = new Float32Array(B * LF);
    const y = new Float32Array(B * H);
    for (let r = 0; r < B; r++) {
      const i = idx[r];
      x.set(this.train.x.subarray(i * LF, (i + 1) * LF), r * LF);
      y.set(this.train.y.subarray(i * H, (i + 1) * H), r * H);
    }
    const [kernel, rec, bias, denseKernel, denseBias] = this.params;
    const dims = { batch: B, steps: L, features: F, units: U };
    const { output: last, cache } = recurrentForward(this.cell, dims, x, kernel.value, rec.value, bias.value, this.activation, false);
    // Dense head, loss, metric and the loss gradient with respect to the prediction.
    const Wd = denseKernel.value;
    const bd = denseBias.value;
    const dPred = new Float64Array(B * H);
    let loss = 0;
    let mae = 0;
    const scale = 2 / (B * H);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        let p = bd[j];
        for (let u = 0; u < U; u++) p += last[b * U + u] * Wd[u * H + j];
        const d = Math.fround(p) - y[b * H + j];
        loss += d * d;
        mae += Math.abs(d);
        dPred[b * H + j] = d * scale;
      }
    }
    loss /= B * H;
    mae /= B * H;
    const dWd = denseKernel.grad.fill(0);
    const dbd = denseBias.grad.fill(0);
    const dLast = new Float32Array(B * U);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const g = dPred[b * H + j];
        dbd[j] += g;
        for (let u = 0; u < U; u++) {
          dWd[u * H + j] += last[b * U + u] * g;
          dLast[b * U + u] += g * Wd[u * H + j];
        }
      }
    }
    const grads = recurrentBackward(this.cell, cache, dLast, false);
    kernel.grad.set(grads.dKernel);
    rec.grad.set(grads.dRecurrentKernel);
    bias.grad.set(grads.dBias);
    this.adam();
    return { loss, mae };
  }

  /** tfjs' Adam, on every weight. */
  private adam(): void {
    const { beta1, beta2, epsilon, learningRate } = this;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    for (const { value, grad, m, v } of this.params) {
      for (let i = 0; i < value.length; i++) {
        const g = grad[i];
        const mi = beta1 * m[i] + (1 - beta1) * g;
        const vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        value[i] -= (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
      }
    }
    this.accBeta1 *= beta1;
    this.accBeta2 *= beta2;
  }

  sync(): void {
    tf.tidy(() => {
      for (const { variable, value } of this.params) variable.write(tf.tensor(value, variable.shape as number[], 'float32'));
    });
  }
}
