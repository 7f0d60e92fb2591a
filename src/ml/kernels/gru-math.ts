/**
 * A GRU over a whole sequence, forward and backward, on flat Float32Arrays: the arithmetic of
 * TensorFlow.js's `GRUCell` (gate order z, r, h; the reset gate applied before the recurrent
 * matrix product, i.e. `resetAfter = false`; zero initial state), without one tensor op per gate
 * per time step. tfjs 4.22 runs ~30 small kernels per step and ~3× as many in the backward pass;
 * at batch 32 × 14 steps × 32 units that per-op overhead, not arithmetic, is the cost (issue 4).
 *
 * Layouts (row-major): x [batch, steps, features]; kernel [features, 3·units];
 * recurrentKernel [units, 3·units]; bias [3·units]. Products accumulate in float64.
 */

/** Recurrent activations this kernel implements (tfjs names). */
export type GateActivation = 'hardSigmoid' | 'sigmoid';

export interface GruDims {
  readonly batch: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
}

/** What the backward pass needs from the forward pass. */
export interface GruCache {
  readonly dims: GruDims;
  readonly activation: GateActivation;
  readonly x: Float32Array;
  readonly kernel: Float32Array;
  readonly recurrentKernel: Float32Array;
  /** Hidden states h₀ … h_T, [(steps + 1), batch, units]; h₀ = 0. */
  readonly h: Float32Array;
  /** Gate values per step, [steps, batch, units]. */
  readonly z: Float32Array;
  readonly r: Float32Array;
  readonly hh: Float32Array;
  /** Gate pre-activations (hard sigmoid needs them to know where it is clipped). */
  readonly zPre: Float32Array;
  readonly rPre: Float32Array;
}

function gate(a: number, activation: GateActivation): number {
  if (activation === 'sigmoid') return 1 / (1 + Math.exp(-a));
  const y = 0.2 * a + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** Derivative of the gate at pre-activation `a` with value `g` (tfjs: clipByValue passes the gradient at the bounds). */
function gateSlope(a: number, g: number, activation: GateActivation): number {
  if (activation === 'sigmoid') return g * (1 - g);
  const y = 0.2 * a + 0.5;
  return y >= 0 && y <= 1 ? 0.2 : 0;
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
  const U3 = 3 * U;
  const h = new Float32Array((T + 1) * B * U);
  const z = new Float32Array(T * B * U);
  const r = new Float32Array(T * B * U);
  const hh = new Float32Array(T * B * U);
  const zPre = new Float32Array(T * B * U);
  const rPre = new Float32Array(T * B * U);
  const gates = new Float64Array(U3);
  const rh = new Float64Array(U);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      // gates = x_t · kernel + bias + [h · Rz, h · Rr, 0]
      for (let j = 0; j < U3; j++) gates[j] = bias ? bias[j] : 0;
      const xOff = (b * T + t) * F;
      for (let f = 0; f < F; f++) {
        const xv = x[xOff + f];
        const kOff = f * U3;
        for (let j = 0; j < U3; j++) gates[j] += xv * kernel[kOff + j];
      }
      const hpOff = (t * B + b) * U;
      for (let k = 0; k < U; k++) {
        const hv = h[hpOff + k];
        if (hv === 0) continue;
        const rOff = k * U3;
        for (let j = 0; j < 2 * U; j++) gates[j] += hv * recurrentKernel[rOff + j];
      }
      const gOff = (t * B + b) * U;
      for (let u = 0; u < U; u++) {
        const zp = gates[u];
        const rp = gates[U + u];
        zPre[gOff + u] = zp;
        rPre[gOff + u] = rp;
        const zv = gate(zp, activation);
        const rv = gate(rp, activation);
        z[gOff + u] = zv;
        r[gOff + u] = rv;
        rh[u] = rv * h[hpOff + u];
      }
      for (let k = 0; k < U; k++) {
        const v = rh[k];
        if (v === 0) continue;
        const rOff = k * U3 + 2 * U;
        for (let j = 0; j < U; j++) gates[2 * U + j] += v * recurrentKernel[rOff + j];
      }
      const hOff = ((t + 1) * B + b) * U;
      for (let u = 0; u < U; u++) {
        const c = Math.tanh(gates[2 * U + u]);
        hh[gOff + u] = c;
        const zv = z[gOff + u];
        h[hOff + u] = zv * h[hpOff + u] + (1 - zv) * c;
      }
    }
  }
  let output: Float32Array;
  if (returnSequences) {
    output = new Float32Array(B * T * U);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) output.set(h.subarray(((t + 1) * B + b) * U, ((t + 1) * B + b + 1) * U), (b * T + t) * U);
    }
  } else {
    output = h.slice(T * B * U, (T + 1) * B * U);
  }
  return { output, cache: { dims, activation, x, kernel, recurrentKernel, h, z, r, hh, zPre, rPre } };
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
  const { dims, activation, x, kernel, recurrentKernel, h, z, r, hh, zPre, rPre } = cache;
  const { batch: B, steps: T, features: F, units: U } = dims;
  const U2 = 2 * U;
  const U3 = 3 * U;
  const dKernel = new Float64Array(F * U3);
  const dRec = new Float64Array(U * U3);
  const dBias = new Float64Array(U3);
  const dx = new Float32Array(B * T * F);
  // dh for every batch row, carried backwards through time.
  const dh = new Float64Array(B * U);
  if (!returnSequences) for (let i = 0; i < B * U; i++) dh[i] = dOutput[i];
  const dGates = new Float64Array(U3);
  const dRh = new Float64Array(U);
  const rh = new Float64Array(U);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const dhOff = b * U;
      if (returnSequences) {
        const o = (b * T + t) * U;
        for (let u = 0; u < U; u++) dh[dhOff + u] += dOutput[o + u];
      }
      const gOff = (t * B + b) * U;
      const hpOff = (t * B + b) * U;
      // h = z·hp + (1 − z)·hh
      for (let u = 0; u < U; u++) {
        const d = dh[dhOff + u];
        const zv = z[gOff + u];
        const hp = h[hpOff + u];
        const c = hh[gOff + u];
        dGates[u] = d * (hp - c) * gateSlope(zPre[gOff + u], zv, activation);
        dGates[U2 + u] = d * (1 - zv) * (1 - c * c);
        dh[dhOff + u] = d * zv; // becomes dhp; more terms are added below
        rh[u] = r[gOff + u] * hp;
      }
      // candidate: a_h = x·Wh + bh + (r·hp)·Rh
      for (let k = 0; k < U; k++) {
        const rOff = k * U3 + U2;
        let s = 0;
        for (let j = 0; j < U; j++) s += dGates[U2 + j] * recurrentKernel[rOff + j];
        dRh[k] = s;
        const v = rh[k];
        if (v !== 0) {
          for (let j = 0; j < U; j++) dRec[rOff + j] += v * dGates[U2 + j];
        }
      }
      for (let u = 0; u < U; u++) {
        const hp = h[hpOff + u];
        dGates[U + u] = dRh[u] * hp * gateSlope(rPre[gOff + u], r[gOff + u], activation);
        dh[dhOff + u] += dRh[u] * r[gOff + u];
      }
      // z and r: a = x·W + b + hp·R[:, :2U]
      for (let k = 0; k < U; k++) {
        const rOff = k * U3;
        let s = 0;
        for (let j = 0; j < U2; j++) s += dGates[j] * recurrentKernel[rOff + j];
        dh[dhOff + k] += s;
        const hp = h[hpOff + k];
        if (hp !== 0) {
          for (let j = 0; j < U2; j++) dRec[rOff + j] += hp * dGates[j];
        }
      }
      // input side
      for (let j = 0; j < U3; j++) dBias[j] += dGates[j];
      const xOff = (b * T + t) * F;
      for (let f = 0; f < F; f++) {
        const xv = x[xOff + f];
        const kOff = f * U3;
        let s = 0;
        for (let j = 0; j < U3; j++) {
          s += dGates[j] * kernel[kOff + j];
          dKernel[kOff + j] += xv * dGates[j];
        }
        dx[xOff + f] = s;
      }
    }
  }
  return { dx, dKernel: Float32Array.from(dKernel), dRecurrentKernel: Float32Array.from(dRec), dBias: Float32Array.from(dBias) };
}
