/**
 * The LSTM cell of the fused recurrent arithmetic (`recurrent-math.ts`): the gate equations of
 * TensorFlow.js's `LSTMCell` for one time step, forward and backward (gate order i, f, c, o).
 */
import { gate, gateSlope } from './gates.ts';
import { rowSlots, type BackwardHeap, type ForwardHeap, type RecurrentCell, type RecurrentDims } from './recurrent-math.ts';

/** Cell states c₀ … c_T per batch row, and the gate values and tanh(c) of every step. */
type LstmForward = 'c' | 'i' | 'f' | 'cc' | 'o' | 'tc';
type LstmBackward = 'dC';

function lstmForwardStep({ h, k, dims, activation, at }: ForwardHeap<LstmForward>, t: number): void {
  const { batch: B, steps: T, units: U } = dims;
  const U4 = 4 * U;
  k.gemm(B, U4, U, at.h + t * U, (T + 1) * U, 1, at.rec, U4, at.g + t * U4, T * U4);
  for (let b = 0; b < B; b++) {
    const s = rowSlots(dims, 4, b, t);
    const g = at.g + s.gates;
    const next = s.state + U;
    for (let u = 0; u < U; u++) {
      const iv = gate(h[g + u], activation);
      const fv = gate(h[g + U + u], activation);
      const ccv = Math.tanh(h[g + 2 * U + u]);
      const ov = gate(h[g + 3 * U + u], activation);
      const cv = fv * h[at.c + s.state + u] + iv * ccv;
      const tcv = Math.tanh(cv);
      h[at.i + s.step + u] = iv;
      h[at.f + s.step + u] = fv;
      h[at.cc + s.step + u] = ccv;
      h[at.o + s.step + u] = ov;
      h[at.tc + s.step + u] = tcv;
      h[at.c + next + u] = cv;
      h[at.h + next + u] = ov * tcv;
    }
  }
}

function lstmBackwardStep({ h, k, dims, activation, at, w }: BackwardHeap<LstmForward, LstmBackward>, t: number): void {
  const { batch: B, steps: T, units: U } = dims;
  const U4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const s = rowSlots(dims, 4, b, t);
    const dh = w.dH + s.row;
    const dc = w.dC + s.row;
    const g = at.g + s.gates;
    const dg = w.dG + s.gates;
    for (let u = 0; u < U; u++) {
      const iv = h[at.i + s.step + u];
      const fv = h[at.f + s.step + u];
      const ccv = h[at.cc + s.step + u];
      const ov = h[at.o + s.step + u];
      const tcv = h[at.tc + s.step + u];
      const dhv = h[dh + u];
      const dcv = h[dc + u] + dhv * ov * (1 - tcv * tcv);
      h[dg + u] = dcv * ccv * gateSlope(h[g + u], iv, activation);
      h[dg + U + u] = dcv * h[at.c + s.state + u] * gateSlope(h[g + U + u], fv, activation);
      h[dg + 2 * U + u] = dcv * iv * (1 - ccv * ccv);
      h[dg + 3 * U + u] = dhv * tcv * gateSlope(h[g + 3 * U + u], ov, activation);
      h[dc + u] = dcv * fv;
      h[dh + u] = 0;
    }
  }
  // dh_{t-1} = dG_t · Rᵀ; dR += h_{t-1}ᵀ · dG_t
  k.gemm(B, U, U4, w.dG + t * U4, T * U4, 1, w.recT, U, w.dH, U);
  k.gemm(U, U4, B, at.h + t * U, 1, (T + 1) * U, w.dG + t * U4, T * U4, w.dRec, U4);
}

/** The LSTM cell: gates i, f, the candidate c and o, with a cell state besides the hidden state. */
export const lstmCell: RecurrentCell<LstmForward, LstmBackward> = {
  gates: 4,
  forwardArrays: ({ batch: B, steps: T, units: U }: RecurrentDims) => {
    const cells = B * T * U;
    return { c: B * (T + 1) * U, i: cells, f: cells, cc: cells, o: cells, tc: cells };
  },
  backwardArrays: ({ batch: B, units: U }: RecurrentDims) => ({ dC: B * U }),
  forwardStep: lstmForwardStep,
  backwardStep: lstmBackwardStep,
};
