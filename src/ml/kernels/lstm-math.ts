/**
 * An LSTM over a whole sequence, forward and backward, on one float32 heap (`gemm.ts`): the
 * arithmetic of TensorFlow.js's `LSTMCell` (gate order i, f, c, o; zero initial state), with the
 * matrix products of all batch rows per time step in one call (WebAssembly SIMD when available).
 *
 * Layouts (row-major): x [batch, steps, features]; kernel [features, 4·units];
 * recurrentKernel [units, 4·units]; bias [4·units]. Per-step buffers are ordered (batch, step)
 * like x, so one step of a batch is a strided matrix.
 */
import { gate, gateSlope, layout, type GateActivation, type RecurrentDims } from './gates.ts';
import { matKernels } from './gemm.ts';

/** What the backward pass needs: the forward heap region, copied out. */
export interface LstmCache {
  readonly dims: RecurrentDims;
  readonly activation: GateActivation;
  readonly saved: Float32Array;
}

function forwardLayout(d: RecurrentDims) {
  const { batch: B, steps: T, features: F, units: U } = d;
  const cells = B * T * U;
  return layout(0, {
    x: B * T * F, kernel: F * 4 * U, rec: U * 4 * U, bias: 4 * U,
    g: B * T * 4 * U, h: B * (T + 1) * U, c: B * (T + 1) * U,
    i: cells, f: cells, cc: cells, o: cells, tc: cells,
  });
}

export function lstmForward(
  dims: RecurrentDims,
  x: Float32Array,
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  bias: Float32Array,
  activation: GateActivation,
  returnSequences: boolean,
): { output: Float32Array; cache: LstmCache } {
  const { batch: B, steps: T, features: F, units: U } = dims;
  const U4 = 4 * U;
  const T1 = T + 1;
  const k = matKernels();
  const { at, end } = forwardLayout(dims);
  const h = k.heap(end);
  h.fill(0, 0, end);
  h.set(x, at.x);
  h.set(kernel, at.kernel);
  h.set(recurrentKernel, at.rec);
  h.set(bias, at.bias);
  for (let row = 0; row < B * T; row++) h.set(bias, at.g + row * U4);
  k.gemm(B * T, U4, F, at.x, F, 1, at.kernel, U4, at.g, U4);
  for (let t = 0; t < T; t++) {
    k.gemm(B, U4, U, at.h + t * U, T1 * U, 1, at.rec, U4, at.g + t * U4, T * U4);
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const g = at.g + row * U4;
      const cell = row * U;
      const prev = (b * T1 + t) * U;
      const next = prev + U;
      for (let u = 0; u < U; u++) {
        const iv = gate(h[g + u], activation);
        const fv = gate(h[g + U + u], activation);
        const ccv = Math.tanh(h[g + 2 * U + u]);
        const ov = gate(h[g + 3 * U + u], activation);
        const cv = fv * h[at.c + prev + u] + iv * ccv;
        const tcv = Math.tanh(cv);
        h[at.i + cell + u] = iv;
        h[at.f + cell + u] = fv;
        h[at.cc + cell + u] = ccv;
        h[at.o + cell + u] = ov;
        h[at.tc + cell + u] = tcv;
        h[at.c + next + u] = cv;
        h[at.h + next + u] = ov * tcv;
      }
    }
  }
  const output = new Float32Array(returnSequences ? B * T * U : B * U);
  for (let b = 0; b < B; b++) {
    if (returnSequences) output.set(h.subarray(at.h + (b * T1 + 1) * U, at.h + (b * T1 + T1) * U), b * T * U);
    else output.set(h.subarray(at.h + (b * T1 + T) * U, at.h + (b * T1 + T1) * U), b * U);
  }
  return { output, cache: { dims, activation, saved: h.slice(0, end) } };
}

export function lstmBackward(
  cache: LstmCache,
  dOutput: Float32Array,
  returnSequences: boolean,
): { dx: Float32Array; dKernel: Float32Array; dRecurrentKernel: Float32Array; dBias: Float32Array } {
  const { dims, activation, saved } = cache;
  const { batch: B, steps: T, features: F, units: U } = dims;
  const U4 = 4 * U;
  const T1 = T + 1;
  const k = matKernels();
  const { at } = forwardLayout(dims);
  const { at: w, end } = layout(saved.length, {
    dOut: dOutput.length, dH: B * U, dC: B * U, dG: B * T * U4, recT: U4 * U, kernelT: U4 * F,
    dKernel: F * U4, dRec: U * U4, dBias: U4, dx: B * T * F, ones: B * T,
  });
  const h = k.heap(end);
  h.set(saved, 0);
  h.fill(0, saved.length, end);
  h.set(dOutput, w.dOut);
  h.fill(1, w.ones, w.ones + B * T);
  for (let r = 0; r < U; r++) for (let j = 0; j < U4; j++) h[w.recT + j * U + r] = h[at.rec + r * U4 + j];
  for (let f = 0; f < F; f++) for (let j = 0; j < U4; j++) h[w.kernelT + j * F + f] = h[at.kernel + f * U4 + j];
  if (!returnSequences) h.copyWithin(w.dH, w.dOut, w.dOut + B * U);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const dh = w.dH + b * U;
      const dc = w.dC + b * U;
      const row = b * T + t;
      if (returnSequences) for (let u = 0; u < U; u++) h[dh + u] += h[w.dOut + row * U + u];
      const g = at.g + row * U4;
      const dg = w.dG + row * U4;
      const cell = row * U;
      const prev = at.c + (b * T1 + t) * U;
      for (let u = 0; u < U; u++) {
        const iv = h[at.i + cell + u];
        const fv = h[at.f + cell + u];
        const ccv = h[at.cc + cell + u];
        const ov = h[at.o + cell + u];
        const tcv = h[at.tc + cell + u];
        const dhv = h[dh + u];
        const dcv = h[dc + u] + dhv * ov * (1 - tcv * tcv);
        h[dg + u] = dcv * ccv * gateSlope(h[g + u], iv, activation);
        h[dg + U + u] = dcv * h[prev + u] * gateSlope(h[g + U + u], fv, activation);
        h[dg + 2 * U + u] = dcv * iv * (1 - ccv * ccv);
        h[dg + 3 * U + u] = dhv * tcv * gateSlope(h[g + 3 * U + u], ov, activation);
        h[dc + u] = dcv * fv;
        h[dh + u] = 0;
      }
    }
    // dh_{t-1} = dG_t · Rᵀ; dR += h_{t-1}ᵀ · dG_t
    k.gemm(B, U, U4, w.dG + t * U4, T * U4, 1, w.recT, U, w.dH, U);
    k.gemm(U, U4, B, at.h + t * U, 1, T1 * U, w.dG + t * U4, T * U4, w.dRec, U4);
  }
  k.gemm(1, U4, B * T, w.ones, 0, 1, w.dG, U4, w.dBias, U4);
  k.gemm(F, U4, B * T, at.x, 1, F, w.dG, U4, w.dKernel, U4);
  k.gemm(B * T, F, U4, w.dG, U4, 1, w.kernelT, F, w.dx, F);
  return {
    dx: h.slice(w.dx, w.dx + B * T * F),
    dKernel: h.slice(w.dKernel, w.dKernel + F * U4),
    dRecurrentKernel: h.slice(w.dRec, w.dRec + U * U4),
    dBias: h.slice(w.dBias, w.dBias + U4),
  };
}
