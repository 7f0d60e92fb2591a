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
