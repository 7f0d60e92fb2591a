/**
 * The GRU cell of the fused recurrent arithmetic (`recurrent-math.ts`): the gate equations of
 * TensorFlow.js's `GRUCell` for one time step, forward and backward (gate order z, r, h; the reset
 * gate applied before the recurrent matrix product, i.e. `resetAfter = false`).
 */
import { gate, gateSlope } from './gates.ts';
import { rowSlots, type BackwardHeap, type ForwardHeap, type RecurrentCell, type RecurrentDims } from './recurrent-math.ts';

type GruForward = 'z' | 'r' | 'hh' | 'rh';
type GruBackward = 'rh' | 'dRh';

/** The SIMD elementwise kernels when they can run this shape (units a multiple of 4), else null. */
function simdGates(k: ForwardHeap<GruForward>['k'], units: number) {
  return k.gru && units % 4 === 0 ? k.gru : null;
}

function gruForwardStep({ h, k, dims, activation, at }: ForwardHeap<GruForward>, t: number): void {
  const { batch: B, steps: T, units: U } = dims;
  const U2 = 2 * U;
  const U3 = 3 * U;
  // z, r: += h_{t-1} · R[:, :2U]
  k.gemm(B, U2, U, at.h + t * U, (T + 1) * U, 1, at.rec, U3, at.g + t * U3, T * U3);
  const simd = simdGates(k, U);
  if (simd) {
    const hard = activation === 'hardSigmoid' ? 1 : 0;
    simd.fwdGates(B, T, U, t, at.g, at.z, at.r, at.h, at.rh, hard);
    k.gemm(B, U, U, at.rh, U, 1, at.rec + U2, U3, at.g + t * U3 + U2, T * U3);
    simd.fwdOut(B, T, U, t, at.g, at.z, at.hh, at.h);
    return;
  }
  for (let b = 0; b < B; b++) {
    const s = rowSlots(dims, 3, b, t);
    for (let u = 0; u < U; u++) {
      const zv = gate(h[at.g + s.gates + u], activation);
      const rv = gate(h[at.g + s.gates + U + u], activation);
      h[at.z + s.step + u] = zv;
      h[at.r + s.step + u] = rv;
      h[at.rh + s.row + u] = rv * h[at.h + s.state + u];
    }
  }
  // candidate: += (r ⊙ h_{t-1}) · R[:, 2U:]
  k.gemm(B, U, U, at.rh, U, 1, at.rec + U2, U3, at.g + t * U3 + U2, T * U3);
  for (let b = 0; b < B; b++) {
    const s = rowSlots(dims, 3, b, t);
    const prev = at.h + s.state;
    const next = prev + U;
    for (let u = 0; u < U; u++) {
      const c = Math.tanh(h[at.g + s.gates + U2 + u]);
      const zv = h[at.z + s.step + u];
      h[at.hh + s.step + u] = c;
      h[next + u] = zv * h[prev + u] + (1 - zv) * c;
    }
  }
}

function gruBackwardStep({ h, k, dims, activation, at, w }: BackwardHeap<GruForward, GruBackward>, t: number): void {
  const { batch: B, steps: T, units: U } = dims;
  const U2 = 2 * U;
  const U3 = 3 * U;
  const simd = simdGates(k, U);
  const hard = activation === 'hardSigmoid' ? 1 : 0;
  if (simd) simd.bwdA(B, T, U, t, at.g, at.z, at.r, at.hh, at.h, w.dH, w.dG, w.rh, w.dRh, hard);
  else gruBackwardGatesJs({ h, dims, activation, at, w }, t);
  // candidate: a_h = x·Wh + bh + (r ⊙ h_{t-1})·Rh
  k.gemm(B, U, U, w.dG + t * U3 + U2, T * U3, 1, w.recT + U2 * U, U, w.dRh, U);
  k.gemm(U, U, B, w.rh, 1, U, w.dG + t * U3 + U2, T * U3, w.dRec + U2, U3);
  if (simd) simd.bwdB(B, T, U, t, at.g, at.r, at.h, w.dH, w.dG, w.dRh, hard);
  else gruBackwardResetJs({ h, dims, activation, at, w }, t);
  // z and r: a = x·W + b + h_{t-1}·R[:, :2U]
  k.gemm(B, U, U2, w.dG + t * U3, T * U3, 1, w.recT, U, w.dH, U);
  k.gemm(U, U2, B, at.h + t * U, 1, (T + 1) * U, w.dG + t * U3, T * U3, w.dRec, U3);
}

type GatesHeap = Pick<BackwardHeap<GruForward, GruBackward>, 'h' | 'dims' | 'activation' | 'at' | 'w'>;

function gruBackwardGatesJs({ h, dims, activation, at, w }: GatesHeap, t: number): void {
  const { batch: B, units: U } = dims;
  const U2 = 2 * U;
  for (let b = 0; b < B; b++) {
    const s = rowSlots(dims, 3, b, t);
    const dh = w.dH + s.row;
    const dg = w.dG + s.gates;
    // h = z·h_{t-1} + (1 − z)·hh
    for (let u = 0; u < U; u++) {
      const d = h[dh + u];
      const zv = h[at.z + s.step + u];
      const hp = h[at.h + s.state + u];
      const c = h[at.hh + s.step + u];
      h[dg + u] = d * (hp - c) * gateSlope(h[at.g + s.gates + u], zv, activation);
      h[dg + U2 + u] = d * (1 - zv) * (1 - c * c);
      h[dh + u] = d * zv; // becomes dh_{t-1}; more terms are added below
      h[w.rh + s.row + u] = h[at.r + s.step + u] * hp;
      h[w.dRh + s.row + u] = 0;
    }
  }
}

function gruBackwardResetJs({ h, dims, activation, at, w }: GatesHeap, t: number): void {
  const { batch: B, units: U } = dims;
  for (let b = 0; b < B; b++) {
    const s = rowSlots(dims, 3, b, t);
    for (let u = 0; u < U; u++) {
      const dRh = h[w.dRh + s.row + u];
      const rv = h[at.r + s.step + u];
      h[w.dG + s.gates + U + u] = dRh * h[at.h + s.state + u] * gateSlope(h[at.g + s.gates + U + u], rv, activation);
      h[w.dH + s.row + u] += dRh * rv;
    }
  }
}

/** The GRU cell: gates z, r and the candidate h. */
export const gruCell: RecurrentCell<GruForward, GruBackward> = {
  gates: 3,
  forwardArrays: ({ batch: B, steps: T, units: U }: RecurrentDims) => ({ z: B * T * U, r: B * T * U, hh: B * T * U, rh: B * U }),
  // r ⊙ h_{t-1} of the last step only: the backward pass recomputes it per step.
  scratchFrom: 'rh',
  backwardArrays: ({ batch: B, units: U }: RecurrentDims) => ({ rh: B * U, dRh: B * U }),
  forwardStep: gruForwardStep,
  backwardStep: gruBackwardStep,
};
