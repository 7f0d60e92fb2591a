/** Gate activations shared by the fused recurrent kernels (tfjs names and semantics). */
export type GateActivation = 'hardSigmoid' | 'sigmoid';

export function gate(a: number, activation: GateActivation): number {
  if (activation === 'sigmoid') return 1 / (1 + Math.exp(-a));
  const y = 0.2 * a + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** Derivative of the gate at pre-activation `a` with value `g` (tfjs: clipByValue passes the gradient at the bounds). */
export function gateSlope(a: number, g: number, activation: GateActivation): number {
  if (activation === 'sigmoid') return g * (1 - g);
  const y = 0.2 * a + 0.5;
  return y >= 0 && y <= 1 ? 0.2 : 0;
}

const ZERO_OPTIONS = ['dropout', 'recurrentDropout'] as const;
const FALSE_OPTIONS = ['returnState', 'goBackwards', 'stateful'] as const;
const NULL_OPTIONS = ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint'] as const;

/**
 * Why a fused layer cannot stand in for a stock recurrent layer with this (serialized) config, or
 * null when it can. `extraFalseOptions` are options of that layer type that must be off (GRU: resetAfter).
 */
export function fusedRecurrentUnsupported(config: Record<string, unknown>, extraFalseOptions: readonly string[] = []): string | null {
  if (config.activation !== 'tanh') return `activation ${String(config.activation)}`;
  if (config.recurrentActivation !== 'hardSigmoid' && config.recurrentActivation !== 'sigmoid') return `recurrentActivation ${String(config.recurrentActivation)}`;
  if (config.useBias !== true) return 'useBias false';
  for (const k of ZERO_OPTIONS) if ((config[k] ?? 0) !== 0) return `${k} ${String(config[k])}`;
  for (const k of [...FALSE_OPTIONS, ...extraFalseOptions]) if (config[k]) return k;
  for (const k of NULL_OPTIONS) if (config[k] != null) return k;
  return null;
}

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
