/**
 * One training step of the walkthrough's models — linear, MLP, a one-layer CNN, or a fused GRU or
 * LSTM layer (last state only), then the dense layers; mean squared error; Adam — on plain float32
 * arrays, with no TensorFlow.js op per batch. `model.trainOnBatch` spends more time on its own
 * bookkeeping (the tape, the dense head, the loss and metric, Adam's ~10 small ops per weight) than
 * the model spends on its arithmetic when there are thousands of batches per epoch (issue 18): this
 * does the same maths in one pass. The weights live here during an epoch; `sync()` writes them back to the model's
 * variables (validation, best-epoch snapshots and saving read the model as before).
 *
 * Same order of operations as `trainOnBatch`: the batch's loss and MAE from the weights before the
 * update, gradients of the mean squared error over batch × horizon, then tfjs' Adam update
 * (β₁ 0.9, β₂ 0.999, the backend's ε, bias correction by the running products β₁ᵗ, β₂ᵗ).
 */
import * as tf from '@tensorflow/tfjs';
import type { WindowSet } from '../data/windows.ts';
import { FusedRecurrentLayer } from '../kernels/fused-recurrent.ts';
import { matKernels } from '../kernels/gemm.ts';
import { layout, recurrentBackward, recurrentForward, type RecurrentCell } from '../kernels/recurrent-math.ts';
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
  readonly kind: 'recurrent';
  readonly cell: RecurrentCell;
  readonly activation: GateActivation;
  readonly units: number;
  readonly params: readonly [Param, Param, Param];
}

/**
 * A 1-D convolution body ('same' padding, stride 1, then flatten), computed as a dense layer on the
 * K·F-wide patches of each of the B·L time steps (im2col): tfjs' kernel [K, F, C] is that dense
 * layer's [K·F, C] matrix.
 */
interface ConvBody {
  readonly kind: 'conv';
  readonly kernelSize: number;
  readonly padLeft: number;
  readonly layer: DenseLayer;
}

type Shape = { lookbackDays: number; numFeatures: number; horizonDays: number };

/** No regularizer or constraint: the loss is the mean squared error alone and the update is Adam's alone. */
function unconstrained(c: tf.serialization.ConfigDict): boolean {
  return ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'].every((k) => c[k] == null);
}

/** The convolution body of a `[Conv1D, Flatten, …]` model, or null when its config is not the one implemented. */
function convBody(conv: tf.layers.Layer, flatten: tf.layers.Layer | undefined, shape: Shape): ConvBody | null {
  const c = conv.getConfig();
  const weights = conv.trainableWeights;
  const K = (c.kernelSize as number[])[0];
  const ok =
    flatten?.getClassName() === 'Flatten' &&
    c.padding === 'same' && (c.strides as number[])[0] === 1 && (c.dilationRate as number[])[0] === 1 &&
    (c.dataFormat ?? 'channelsLast') === 'channelsLast' && c.useBias === true && unconstrained(c) && (c.activation === 'relu' || c.activation === 'linear') &&
    weights.length === 2 && weights[0].shape.join() === `${K},${shape.numFeatures},${c.filters as number}`;
  if (!ok) return null;
  const layer: DenseLayer = { kernel: param(weights[0]), bias: param(weights[1]), inputs: K * shape.numFeatures, units: c.filters as number, relu: c.activation === 'relu' };
  return { kind: 'conv', kernelSize: K, padLeft: Math.floor((K - 1) / 2), layer };
}

/**
 * The fused step for `model` under `config`, or null when the model or the settings are not the
 * shape it implements (then `trainOnBatch` trains it): a flatten layer, one 'same'-padded Conv1D and
 * a flatten, or one fused recurrent layer without sequences out; then dense layers (ReLU or linear,
 * with bias, the last one linear); every layer trainable, no dropout; Adam; no intervals. That is the
 * walkthrough's linear, MLP, CNN (one layer), GRU and LSTM.
 */
export function fusedBatchStep(model: tf.LayersModel, train: WindowSet, shape: Shape, config: TrainingConfig): BatchStep | null {
  if (!enabled || config.optimizer !== 'adam' || config.intervals) return null;
  const [first, ...rest] = model.layers;
  if (!first || rest.length === 0 || model.layers.some((l) => !l.trainable)) return null;
  let body: RecurrentBody | ConvBody | null = null;
  let width: number;
  if (first instanceof FusedRecurrentLayer) {
    const parts = first.fusedParts();
    if (!parts || first.returnSequences) return null;
    body = { kind: 'recurrent', cell: parts.cell, activation: parts.activation, units: first.units, params: parts.weights.map(param) as [Param, Param, Param] };
    width = first.units;
  } else if (first.getClassName() === 'Conv1D') {
    body = convBody(first, rest.shift(), shape);
    if (!body) return null;
    width = shape.lookbackDays * body.layer.units;
  } else if (first.getClassName() === 'Flatten') {
    width = shape.lookbackDays * shape.numFeatures;
  } else {
    return null;
  }
  const head: DenseLayer[] = [];
  for (const layer of rest) {
    const c = layer.getConfig();
    const weights = layer.trainableWeights;
    if (layer.getClassName() !== 'Dense' || c.useBias !== true || !unconstrained(c) || (c.activation !== 'linear' && c.activation !== 'relu') || weights.length !== 2) return null;
    const units = c.units as number;
    if (weights[0].shape.join() !== `${width},${units}`) return null;
    head.push({ kernel: param(weights[0]), bias: param(weights[1]), inputs: width, units, relu: c.activation === 'relu' });
    width = units;
  }
  if (head.length === 0 || head[head.length - 1].relu || width !== shape.horizonDays) return null;
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
    private readonly body: RecurrentBody | ConvBody | null,
    private readonly head: readonly DenseLayer[],
    private readonly train: WindowSet,
    private readonly shape: Shape,
    private readonly learningRate: number,
  ) {
    const bodyParams = body?.kind === 'recurrent' ? body.params : body?.kind === 'conv' ? [body.layer.kernel, body.layer.bias] : [];
    this.params = [...bodyParams, ...head.flatMap((d) => [d.kernel, d.bias])];
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
    const forward = body?.kind === 'recurrent'
      ? recurrentForward(body.cell, { batch: B, steps: L, features: F, units: body.units }, x, body.params[0].value, body.params[1].value, body.params[2].value, body.activation, false, true)
      : null;
    const patches = body?.kind === 'conv' ? im2col(x, B, L, F, body.kernelSize, body.padLeft) : null;
    const convOut = body?.kind === 'conv' && patches ? denseForward(patches, B * L, body.layer, 0) : null;
    // acts[k] is the input of dense layer k; acts[head.length] the prediction.
    const acts: Float32Array[] = [forward ? forward.output : convOut ?? x];
    const base = forward?.cache.savedLength ?? 0;
    for (const d of this.head) acts.push(denseForward(acts[acts.length - 1], B, d, base));
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
      const dIn = denseBackward(acts[k], delta, B, this.head[k], needInput, base);
      if (dIn && k > 0 && this.head[k - 1].relu) for (let i = 0; i < dIn.length; i++) if (acts[k][i] <= 0) dIn[i] = 0;
      if (dIn) delta = dIn;
    }
    if (body?.kind === 'conv' && patches && convOut) {
      if (body.layer.relu) for (let i = 0; i < delta.length; i++) if (convOut[i] <= 0) delta[i] = 0;
      denseBackward(patches, delta, B * L, body.layer, false, 0);
    }
    if (body?.kind === 'recurrent' && forward) {
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

/** The K·F-wide zero-padded patch of every time step: [B·L, K·F], step t's row holds x[t − padLeft … t − padLeft + K − 1]. */
function im2col(x: Float32Array, B: number, L: number, F: number, K: number, padLeft: number): Float32Array {
  const out = new Float32Array(B * L * K * F);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < L; t++) {
      const row = (b * L + t) * K * F;
      for (let k = 0; k < K; k++) {
        const src = t + k - padLeft;
        if (src >= 0 && src < L) out.set(x.subarray((b * L + src) * F, (b * L + src + 1) * F), row + k * F);
      }
    }
  }
  return out;
}

/**
 * out = act(input · W + b) for a batch of B rows, the product in the fused layers' kernel (`gemm.ts`)
 * on the heap from offset `base` (below it, a recurrent forward state may wait for its backward pass).
 */
function denseForward(input: Float32Array, B: number, d: DenseLayer, base: number): Float32Array {
  const { inputs: I, units: O, relu } = d;
  const k = matKernels();
  const { at, end } = layout(base, { x: B * I, w: I * O, out: B * O });
  const h = k.heap(end);
  h.set(input, at.x);
  h.set(d.kernel.value, at.w);
  for (let b = 0; b < B; b++) h.set(d.bias.value, at.out + b * O);
  k.gemm(B, O, I, at.x, I, 1, at.w, O, at.out, O);
  const out = h.slice(at.out, at.out + B * O);
  if (relu) for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
  return out;
}

/** Fills the layer's gradients from dOut [B, units]; returns dInput [B, inputs] when asked. Heap from `base`, as {@link denseForward}. */
function denseBackward(input: Float32Array, dOut: Float32Array, B: number, d: DenseLayer, needInput: boolean, base: number): Float32Array | null {
  const { inputs: I, units: O } = d;
  const k = matKernels();
  const { at, end } = layout(base, { x: B * I, g: B * O, dw: I * O, wt: needInput ? O * I : 0, dIn: needInput ? B * I : 0 });
  const h = k.heap(end);
  h.set(input, at.x);
  h.set(dOut, at.g);
  h.fill(0, at.dw, at.dw + I * O);
  k.gemm(I, O, B, at.x, 1, I, at.g, O, at.dw, O);
  d.kernel.grad.set(h.subarray(at.dw, at.dw + I * O));
  const db = d.bias.grad.fill(0);
  for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) db[o] += dOut[b * O + o];
  if (!needInput) return null;
  const W = d.kernel.value;
  for (let i = 0; i < I; i++) for (let o = 0; o < O; o++) h[at.wt + o * I + i] = W[i * O + o];
  h.fill(0, at.dIn, at.dIn + B * I);
  k.gemm(B, I, O, at.g, O, 1, at.wt, I, at.dIn, I);
  return h.slice(at.dIn, at.dIn + B * I);
}
