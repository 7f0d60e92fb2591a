/**
 * The part of a fused recurrent layer's arithmetic that does not depend on the cell: one float32 heap
 * (`gemm.ts`) holding the inputs, weights and per-step buffers; all input projections in one matrix
 * product; the loop over time steps, forward and backward; the output and gradient read-out. A cell
 * (`gru-math.ts`, `lstm-math.ts`) supplies only its gate equations for one time step.
 *
 * tfjs 4.22 runs tens of small kernels per step and ~3× as many in the backward pass; at batch
 * 32 × 14 steps × 32 units that per-op overhead, not arithmetic, is the cost (issue 4). Here the matrix
 * products of all batch rows per time step are one call each (WebAssembly SIMD when available) and
 * the gates are elementwise JavaScript.
 *
 * Layouts (row-major): x [batch, steps, features]; kernel [features, gates·units];
 * recurrentKernel [units, gates·units]; bias [gates·units]. Per-step buffers are ordered (batch, step)
 * like x, so one step of a batch is a strided matrix. Zero initial state.
 */
import type { GateActivation } from './gates.ts';
import { matKernels, type MatKernels } from './gemm.ts';

/** Dimensions of a whole-sequence recurrent op. */
export interface RecurrentDims {
  readonly batch: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
}

/** Offsets (in floats) of named arrays laid out one after another from `start`. */
export function layout<K extends string>(start: number, sizes: Record<K, number>): { at: Record<K, number>; end: number } {
  let top = start;
  const at = {} as Record<K, number>;
  for (const key of Object.keys(sizes) as K[]) {
    at[key] = top;
    // Keep every array 16-byte aligned for the SIMD loads.
    top += Math.ceil(sizes[key] / 4) * 4;
  }
  return { at, end: top };
}

/** Forward arrays of every cell: inputs, weights, gate pre-activations `g`, hidden states h₀ … h_T per batch row. */
type SharedForward = 'x' | 'kernel' | 'rec' | 'bias' | 'g' | 'h';
/** Backward arrays of every cell: output and hidden-state gradients, gate gradients, transposed weights, results. */
type SharedBackward = 'dOut' | 'dH' | 'dG' | 'recT' | 'kernelT' | 'dKernel' | 'dRec' | 'dBias' | 'dx' | 'ones';

/** What a cell's forward step works on. `h` is the heap; `at` the offsets of the forward arrays in it. */
export interface ForwardHeap<F extends string> {
  readonly h: Float32Array;
  readonly k: MatKernels;
  readonly dims: RecurrentDims;
  readonly activation: GateActivation;
  readonly at: Readonly<Record<SharedForward | F, number>>;
}

/** What a cell's backward step works on: the forward heap plus the offsets `w` of the backward arrays. */
export interface BackwardHeap<F extends string, W extends string> extends ForwardHeap<F> {
  readonly w: Readonly<Record<SharedBackward | W, number>>;
}

/** A recurrent cell's own part: its arrays and its gate equations for one time step. */
export interface RecurrentCell<F extends string = string, W extends string = string> {
  /** Gates per unit: kernels are [features, gates·units], gate order as in tfjs. */
  readonly gates: number;
  /** Sizes in floats of the cell's forward arrays, laid out after the shared ones. */
  forwardArrays(dims: RecurrentDims): Record<F, number>;
  /** The first forward array that only the forward pass needs: it and the ones after it are not saved. */
  readonly scratchFrom?: F;
  /** Sizes in floats of the cell's backward arrays, laid out after the shared ones. */
  backwardArrays(dims: RecurrentDims): Record<W, number>;
  /**
   * Step `t`: `g` holds x·kernel + bias for every step; adds the recurrent products, applies the gates
   * and writes h_{t+1} (offset `at.h + (b·(T+1) + t + 1)·U` for batch row b).
   */
  forwardStep(heap: ForwardHeap<F>, t: number): void;
  /**
   * Step `t` backwards: `dH` holds dLoss/dh_{t+1} per batch row; writes the gate gradients of step t to
   * `dG`, accumulates `dRec`, and leaves dLoss/dh_t in `dH`.
   */
  backwardStep(heap: BackwardHeap<F, W>, t: number): void;
}

/** Where batch row `b` of step `t` sits in the heap's arrays, as offsets from each array's start. */
export interface RowSlots {
  /** Its gate block in `g` and `dG` (gates·units floats). */
  readonly gates: number;
  /** Its units in the per-step arrays (gate values and the like). */
  readonly step: number;
  /** Its state before the step in `h` (and an LSTM's `c`); the state after the step follows `units` later. */
  readonly state: number;
  /** Its units in the per-row arrays (`dH` and the like). */
  readonly row: number;
}

/** The slots of batch row `b` at step `t` for a cell with `gates` gates per unit. */
export function rowSlots({ steps: T, units: U }: RecurrentDims, gates: number, b: number, t: number): RowSlots {
  const row = b * T + t;
  return { gates: row * gates * U, step: row * U, state: (b * (T + 1) + t) * U, row: b * U };
}

/**
 * What the backward pass needs: the forward heap region, copied out — or left in the heap
 * (`saved` null, `savedLength` floats from offset 0) when the backward pass follows at once.
 */
export interface RecurrentCache {
  readonly dims: RecurrentDims;
  readonly activation: GateActivation;
  readonly saved: Float32Array | null;
  readonly savedLength: number;
}

/** Gradients with respect to x, kernel, recurrentKernel and bias, in their layouts. */
export interface RecurrentGradients {
  readonly dx: Float32Array;
  readonly dKernel: Float32Array;
  readonly dRecurrentKernel: Float32Array;
  readonly dBias: Float32Array;
}

function forwardLayout<F extends string>(cell: RecurrentCell<F>, d: RecurrentDims) {
  const { batch: B, steps: T, features: F, units: U } = d;
  const G = cell.gates * U;
  const sizes = { x: B * T * F, kernel: F * G, rec: U * G, bias: G, g: B * T * G, h: B * (T + 1) * U, ...cell.forwardArrays(d) };
  return layout(0, sizes as Record<SharedForward | F, number>);
}

/**
 * Forward pass. Returns the last hidden state [batch, units], or every hidden state
 * [batch, steps, units] when `returnSequences`, plus the cache for {@link recurrentBackward}.
 */
export function recurrentForward<F extends string>(
  cell: RecurrentCell<F>,
  dims: RecurrentDims,
  x: Float32Array,
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  bias: Float32Array | null,
  activation: GateActivation,
  returnSequences: boolean,
  /** Leave the forward state in the heap instead of copying it: only when nothing else uses the heap before the backward pass. */
  inPlace = false,
): { output: Float32Array; cache: RecurrentCache } {
  const { batch: B, steps: T, features: F, units: U } = dims;
  const G = cell.gates * U;
  const T1 = T + 1;
  const k = matKernels();
  const { at, end } = forwardLayout(cell, dims);
  const h = k.heap(end);
  h.fill(0, 0, end);
  h.set(x, at.x);
  h.set(kernel, at.kernel);
  h.set(recurrentKernel, at.rec);
  if (bias) {
    h.set(bias, at.bias);
    for (let row = 0; row < B * T; row++) h.set(bias, at.g + row * G);
  }
  // All input projections at once: g = x · kernel + bias.
  k.gemm(B * T, G, F, at.x, F, 1, at.kernel, G, at.g, G);
  const heap: ForwardHeap<F> = { h, k, dims, activation, at };
  for (let t = 0; t < T; t++) cell.forwardStep(heap, t);
  const output = new Float32Array(returnSequences ? B * T * U : B * U);
  for (let b = 0; b < B; b++) {
    if (returnSequences) output.set(h.subarray(at.h + (b * T1 + 1) * U, at.h + (b * T1 + T1) * U), b * T * U);
    else output.set(h.subarray(at.h + (b * T1 + T) * U, at.h + (b * T1 + T1) * U), b * U);
  }
  const savedLength = cell.scratchFrom === undefined ? end : at[cell.scratchFrom];
  return { output, cache: { dims, activation, saved: inPlace ? null : h.slice(0, savedLength), savedLength } };
}

/**
 * Backward pass: gradients of a scalar loss with respect to x, kernel, recurrentKernel and bias,
 * given `dOutput` shaped like the forward output.
 */
export function recurrentBackward<F extends string, W extends string>(
  cell: RecurrentCell<F, W>,
  cache: RecurrentCache,
  dOutput: Float32Array,
  returnSequences: boolean,
): RecurrentGradients {
  const { dims, activation, saved, savedLength } = cache;
  const { batch: B, steps: T, features: F, units: U } = dims;
  const G = cell.gates * U;
  const k = matKernels();
  const { at } = forwardLayout(cell, dims);
  const sizes = {
    dOut: dOutput.length, dH: B * U, dG: B * T * G, recT: G * U, kernelT: G * F,
    dKernel: F * G, dRec: U * G, dBias: G, dx: B * T * F, ones: B * T, ...cell.backwardArrays(dims),
  };
  const { at: w, end } = layout(savedLength, sizes as Record<SharedBackward | W, number>);
  const h = k.heap(end);
  if (saved) h.set(saved, 0);
  h.fill(0, savedLength, end);
  h.set(dOutput, w.dOut);
  h.fill(1, w.ones, w.ones + B * T);
  for (let r = 0; r < U; r++) for (let j = 0; j < G; j++) h[w.recT + j * U + r] = h[at.rec + r * G + j];
  for (let f = 0; f < F; f++) for (let j = 0; j < G; j++) h[w.kernelT + j * F + f] = h[at.kernel + f * G + j];
  if (!returnSequences) h.copyWithin(w.dH, w.dOut, w.dOut + B * U);
  const heap: BackwardHeap<F, W> = { h, k, dims, activation, at, w };
  for (let t = T - 1; t >= 0; t--) {
    if (returnSequences) {
      for (let b = 0; b < B; b++) for (let u = 0; u < U; u++) h[w.dH + b * U + u] += h[w.dOut + (b * T + t) * U + u];
    }
    cell.backwardStep(heap, t);
  }
  // Input side, all steps at once.
  k.gemm(1, G, B * T, w.ones, 0, 1, w.dG, G, w.dBias, G);
  k.gemm(F, G, B * T, at.x, 1, F, w.dG, G, w.dKernel, G);
  k.gemm(B * T, F, G, w.dG, G, 1, w.kernelT, F, w.dx, F);
  return {
    dx: h.slice(w.dx, w.dx + B * T * F),
    dKernel: h.slice(w.dKernel, w.dKernel + F * G),
    dRecurrentKernel: h.slice(w.dRec, w.dRec + U * G),
    dBias: h.slice(w.dBias, w.dBias + G),
  };
}
