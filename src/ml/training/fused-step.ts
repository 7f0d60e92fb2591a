/**
 * One training step of the walkthrough's models — linear, MLP, or a fused GRU or LSTM layer (last
 * state only), then the dense layers; mean squared error; Adam — on plain float32 arrays, with no
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

/** One dense layer of the head: its weights and whether a ReLU follows it. */
interface DenseLayer {
  readonly kernel: Param;
  readonly bias: Param;
  readonly inputs: number;
  readonly units: number;
  readonly relu: boolean;
}

/** The recurrent body, when the model starts with one. */
interface RecurrentBody {
  readonly cell: RecurrentCell;
  readonly activation: GateActivation;
  readonly units: number;
  readonly params: readonly [Param, Param, Param];
}

type Shape = { lookbackDays: number; numFeatures: number; horizonDays: number };

/**
 * The fused step for `model` under `config`, or null when the model or the settings are not the
 * shape it implements (then `trainOnBatch` trains it): a flatten layer or one fused recurrent layer
 * without sequences out, then dense layers (ReLU or linear, with bias, the last one linear), every
 * layer trainable, no dropout; Adam; no intervals. That is the walkthrough's linear, MLP, GRU and LSTM.
 */
export function fusedBatchStep(model: tf.LayersModel, train: WindowSet, shape: Shape, config: TrainingConfig): BatchStep | null {
  if (!enabled || config.optimizer !== 'adam' || config.intervals) return null;
  const [first, ...rest] = model.layers;
  if (!first || rest.length === 0 || model.layers.some((l) => !l.trainable)) return null;
  let body: RecurrentBody | null = null;
  let width: number;
  if (first instanceof FusedRecurrentLayer) {
    const parts = first.fusedParts();
    if (!parts || first.returnSequences) return null;
    body = { cell: parts.cell, activation: parts.activation, units: first.units, params: parts.weights.map(param) as [Param, Param, Param] };
    width = first.units;
  } else if (first.getClassName() === 'Flatten') {
    width = shape.lookbackDays * shape.numFeatures;
  } else {
    return null;
  }
  const head: DenseLayer[] = [];
  for (const layer of rest) {
    const c = layer.getConfig();
    const weights = layer.trainableWeights;
    if (layer.getClassName() !== 'Dense' || c.useBias !== true || (c.activation !== 'linear' && c.activation !== 'relu') || weights.length !== 2) return null;
    const units = c.units as number;
    if (weights[0].shape.join() !== `${width},${units}`) return null;
    head.push({ kernel: param(weights[0]), bias: param(weights[1]), inputs: width, units, relu: c.activation === 'relu' });
    width = units;
  }
  if (head[head.length - 1].relu || width !== shape.horizonDays) return null;
  return new FusedStep(body, head, train, shape, config.learningRate);
}

class FusedStep implements BatchStep {
  private readonly beta1 = 0.9;
  private readonly beta2 = 0.999;
  private readonly epsilon = tf.backend().epsilon();
  private accBeta1 = 0.9;
  private accBeta2 = 0.999;
  private readonly params: Param[];

  constructor(
    private readonly body: RecurrentBody | null,
    private readonly head: readonly DenseLayer[],
    private readonly train: WindowSet,
    private readonly shape: Shape,
    private readonly learningRate: number,
  ) {
    this.params = [...(body?.params ?? []), ...head.flatMap((d) => [d.kernel, d.bias])];
  }

  step(idx: Int32Array): { loss: number; mae: number } {
    const { lookbackDays: L, numFeatures: F, horizonDays: H } = this.shape;
    const B = idx.length;
    const LF = L * F;
    const x = new Float32Array(B * LF);
    const y = new Float32Array(B * H);
    for (let r = 0; r < B; r++) {
      const i = idx[r];
      x.set(this.train.x.subarray(i * LF, (i + 1) * LF), r * LF);
      y.set(this.train.y.subarray(i * H, (i + 1) * H), r * H);
    }
    const body = this.body;
    const forward = body
      ? recurrentForward(body.cell, { batch: B, steps: L, features: F, units: body.units }, x, body.params[0].value, body.params[1].value, body.params[2].value, body.activation, false, true)
      : null;
    // acts[k] is the input of dense layer k; acts[head.length] the prediction.
    const acts: Float32Array[] = [forward ? forward.output : x];
    for (const d of this.head) acts.push(denseForward(acts[acts.length - 1], B, d));
    const pred = acts[acts.length - 1];
    let loss = 0;
    let mae = 0;
    const scale = 2 / (B * H);
    let delta: Float32Array = new Float32Array(B * H);
    for (let i = 0; i < B * H; i++) {
      const e = pred[i] - y[i];
      loss += e * e;
      mae += Math.abs(e);
      delta[i] = e * scale;
    }
    for (let k = this.head.length - 1; k >= 0; k--) {
      const needInput = k > 0 || body !== null;
      const dIn = denseBackward(acts[k], delta, B, this.head[k], needInput);
      if (dIn && k > 0 && this.head[k - 1].relu) for (let i = 0; i < dIn.length; i++) if (acts[k][i] <= 0) dIn[i] = 0;
      if (dIn) delta = dIn;
    }
    if (body && forward) {
      const grads = recurrentBackward(body.cell, forward.cache, delta, false);
      body.params[0].grad.set(grads.dKernel);
      body.params[1].grad.set(grads.dRecurrentKernel);
      body.params[2].grad.set(grads.dBias);
    }
    this.adam();
    return { loss: loss / (B * H), mae: mae / (B * H) };
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

/** out = act(input · W + b) for a batch of B rows. */
function denseForward(input: Float32Array, B: number, d: DenseLayer): Float32Array {
  const { inputs: I, units: O, relu } = d;
  const W = d.kernel.value;
  const bias = d.bias.value;
  const out = new Float32Array(B * O);
  const acc = new Float64Array(O);
  for (let b = 0; b < B; b++) {
    acc.set(bias);
    for (let i = 0; i < I; i++) {
      const a = input[b * I + i];
      if (a === 0) continue;
      const row = i * O;
      for (let o = 0; o < O; o++) acc[o] += a * W[row + o];
    }
    for (let o = 0; o < O; o++) out[b * O + o] = relu && acc[o] < 0 ? 0 : acc[o];
  }
  return out;
}

/** Fills the layer's gradients from dOut [B, units]; returns dInput [B, inputs] when asked. */
function denseBackward(input: Float32Array, dOut: Float32Array, B: number, d: DenseLayer, needInput: boolean): Float32Array | null {
  const { inputs: I, units: O } = d;
  const W = d.kernel.value;
  const dW = d.kernel.grad.fill(0);
  const db = d.bias.grad.fill(0);
  const dIn = needInput ? new Float32Array(B * I) : null;
  for (let b = 0; b < B; b++) {
    const g = dOut.subarray(b * O, (b + 1) * O);
    for (let o = 0; o < O; o++) db[o] += g[o];
    for (let i = 0; i < I; i++) {
      const a = input[b * I + i];
      const row = i * O;
      let s = 0;
      for (let o = 0; o < O; o++) {
        dW[row + o] += a * g[o];
        s += g[o] * W[row + o];
      }
      if (dIn) dIn[b * I + i] = s;
    }
  }
  return dIn;
}
