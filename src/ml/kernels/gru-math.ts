/**
 * A GRU over a whole sequence, forward and backward, on one float32 heap (`gemm.ts`): the arithmetic
 * of TensorFlow.js's `GRUCell` (gate order z, r, h; the reset gate applied before the recurrent
 * matrix product, i.e. `resetAfter = false`; zero initial state), without one tensor op per gate
 * per time step. tfjs 4.22 runs ~30 small kernels per step and ~3× as many in the backward pass;
 * at batch 32 × 14 steps × 32 units that per-op overhead, not arithmetic, is the cost (issue 4).
 * The matrix products of all batch rows per time step are one call each (WebAssembly SIMD when
 * available); the gates are elementwise JavaScript.
 *
 * Layouts (row-major): x [batch, steps, features]; kernel [features, 3·units];
 * recurrentKernel [units, 3·units]; bias [3·units]. Per-step buffers are ordered (batch, step)
 * like x, so one step of a batch is a strided matrix.
 */
import { gate, gateSlope, layout, type GateActivation, type RecurrentDims } from './gates.ts';
import { matKernels } from './gemm.ts';

export type { GateActivation } from './gates.ts';
export type GruDims = RecurrentDims;

/** What the backward pass needs: the forward heap region, copied out. */
export interface GruCache {
  readonly dims: GruDims;
  readonly activation: GateActivation;
  readonly saved: Float32Array;
}

function forwardLayout(d: GruDims) {
  const { batch: B, steps: T, features: F, units: U } = d;
  const cells = B * T * U;
  return layout(0, {
    x: B * T * F, kernel: F * 3 * U, rec: U * 3 * U, bias: 3 * U,
    // Gate pre-activations (hard sigmoid needs them to know where it is clipped).
    g: B * T * 3 * U,
    // Hidden states h₀ … h_T per batch row; h₀ = 0.
    h: B * (T + 1) * U,
    z: cells, r: cells, hh: cells, rh: B * U,
  });
}

/**
 * Forward pass. Returns the last hidden state [batch, units], or every hidden state
 * [batch, steps, units] when `returnSequences`, plus the cache for {@link gruBackward}.
 */
export function gruForward(
  dims: GruDims,
  x: Float32Array,
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  bias: Float32Array | null,
  activation: GateActivation,
  returnSequences: boolean,
): { output: Float32Array; cache: GruCache } {
  const { batch: B, steps: T, features: F, units: U } = dims;
  const U2 = 2 * U;
  const U3 = 3 * U;
  const T1 = T + 1;
  const k = matKernels();
  const { at, end } = forwardLayout(dims);
  const h = k.heap(end);
  h.fill(0, 0, end);
  h.set(x, at.x);
  h.set(kernel, at.kernel);
  h.set(recurrentKernel, at.rec);
  if (bias) {
    h.set(bias, at.bias);
    for (let row = 0; row < B * T; row++) h.set(bias, at.g + row * U3);
  }
  // All input projections at once: g = x · kernel + bias.
  k.gemm(B * T, U3, F, at.x, F, 1, at.kernel, U3, at.g, U3);
  for (let t = 0; t < T; t++) {
    // z, r: += h_{t-1} · R[:, :2U]
    k.gemm(B, U2, U, at.h + t * U, T1 * U, 1, at.rec, U3, at.g + t * U3, T * U3);
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const g = at.g + row * U3;
      const cell = row * U;
      const prev = at.h + (b * T1 + t) * U;
      for (let u = 0; u < U; u++) {
        const zv = gate(h[g + u], activation);
        const rv = gate(h[g + U + u], activation);
        h[at.z + cell + u] = zv;
        h[at.r + cell + u] = rv;
        h[at.rh + b * U + u] = rv * h[prev + u];
      }
    }
    // candidate: += (r ⊙ h_{t-1}) · R[:, 2U:]
    k.gemm(B, U, U, at.rh, U, 1, at.rec + U2, U3, at.g + t * U3 + U2, T * U3);
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const g = at.g + row * U3 + U2;
      const cell = row * U;
      const prev = at.h + (b * T1 + t) * U;
      const next = prev + U;
      for (let u = 0; u < U; u++) {
        const c = Math.tanh(h[g + u]);
        const zv = h[at.z + cell + u];
        h[at.hh + cell + u] = c;
        h[next + u] = zv * h[prev + u] + (1 - zv) * c;
      }
    }
  }
  const output = new Float32Array(returnSequences ? B * T * U : B * U);
  for (let b = 0; b < B; b++) {
    if (returnSequences) output.set(h.subarray(at.h + (b * T1 + 1) * U, at.h + (b * T1 + T1) * U), b * T * U);
    else output.set(h.subarray(at.h + (b * T1 + T) * U, at.h + (b * T1 + T1) * U), b * U);
  }
  return { output, cache: { dims, activation, saved: h.slice(0, at.rh) } };
}

/**
 * Backward pass: gradients of a scalar loss with respect to x, kernel, recurrentKernel and bias,
 * given `dOutput` shaped like the forward output.
 */
export function gruBackward(
  cache: GruCache,
  dOutput: Float32Array,
  returnSequences: boolean,
): { dx: Float32Array; dKernel: Float32Array; dRecurrentKernel: Float32Array; dBias: Float32Array } {
  const { dims, activation, saved } = cache;
  const { batch: B, steps: T, features: F, units: U } = dims;
  const U2 = 2 * U;
  const U3 = 3 * U;
  const T1 = T + 1;
  const k = matKernels();
  const { at } = forwardLayout(dims);
  const { at: w, end } = layout(saved.length, {
    dOut: dOutput.length, dH: B * U, dG: B * T * U3, rh: B * U, dRh: B * U, recT: U3 * U, kernelT: U3 * F,
    dKernel: F * U3, dRec: U * U3, dBias: U3, dx: B * T * F, ones: B * T,
  });
  const h = k.heap(end);
  h.set(saved, 0);
  h.fill(0, saved.length, end);
  h.set(dOutput, w.dOut);
  h.fill(1, w.ones, w.ones + B * T);
  for (let r = 0; r < U; r++) for (let j = 0; j < U3; j++) h[w.recT + j * U + r] = h[at.rec + r * U3 + j];
  for (let f = 0; f < F; f++) for (let j = 0; j < U3; j++) h[w.kernelT + j * F + f] = h[at.kernel + f * U3 + j];
  if (!returnSequences) h.copyWithin(w.dH, w.dOut, w.dOut + B * U);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const dh = w.dH + b * U;
      const row = b * T + t;
      if (returnSequences) for (let u = 0; u < U; u++) h[dh + u] += h[w.dOut + row * U + u];
      const g = at.g + row * U3;
      const dg = w.dG + row * U3;
      const cell = row * U;
      const prev = at.h + (b * T1 + t) * U;
      // h = z·h_{t-1} + (1 − z)·hh
      for (let u = 0; u < U; u++) {
        const d = h[dh + u];
        const zv = h[at.z + cell + u];
        const hp = h[prev + u];
        const c = h[at.hh + cell + u];
        h[dg + u] = d * (hp - c) * gateSlope(h[g + u], zv, activation);
        h[dg + U2 + u] = d * (1 - zv) * (1 - c * c);
        h[dh + u] = d * zv; // becomes dh_{t-1}; more terms are added below
        h[w.rh + b * U + u] = h[at.r + cell + u] * hp;
        h[w.dRh + b * U + u] = 0;
      }
    }
    // candidate: a_h = x·Wh + bh + (r ⊙ h_{t-1})·Rh
    k.gemm(B, U, U, w.dG + t * U3 + U2, T * U3, 1, w.recT + U2 * U, U, w.dRh, U);
    k.gemm(U, U, B, w.rh, 1, U, w.dG + t * U3 + U2, T * U3, w.dRec + U2, U3);
    for (let b = 0; b < B; b++) {
      const dh = w.dH + b * U;
      const row = b * T + t;
      const g = at.g + row * U3;
      const dg = w.dG + row * U3;
      const cell = row * U;
      const prev = at.h + (b * T1 + t) * U;
      for (let u = 0; u < U; u++) {
        const dRh = h[w.dRh + b * U + u];
        const rv = h[at.r + cell + u];
        h[dg + U + u] = dRh * h[prev + u] * gateSlope(h[g + U + u], rv, activation);
        h[dh + u] += dRh * rv;
      }
    }
    // z and r: a = x·W + b + h_{t-1}·R[:, :2U]
    k.gemm(B, U, U2, w.dG + t * U3, T * U3, 1, w.recT, U, w.dH, U);
    k.gemm(U, U2, B, at.h + t * U, 1, T1 * U, w.dG + t * U3, T * U3, w.dRec, U3);
  }
  // Input side, all steps at once.
  k.gemm(1, U3, B * T, w.ones, 0, 1, w.dG, U3, w.dBias, U3);
  k.gemm(F, U3, B * T, at.x, 1, F, w.dG, U3, w.dKernel, U3);
  k.gemm(B * T, F, U3, w.dG, U3, 1, w.kernelT, F, w.dx, F);
  return {
    dx: h.slice(w.dx, w.dx + B * T * F),
    dKernel: h.slice(w.dKernel, w.dKernel + F * U3),
    dRecurrentKernel: h.slice(w.dRec, w.dRec + U * U3),
    dBias: h.slice(w.dBias, w.dBias + U3),
  };
}
