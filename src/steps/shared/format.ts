/** Number formatting shared by the steps. */

/** `value` with `digits` decimals, or "–" when it is not a finite number. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** `value` with an explicit sign (+, − or ±) and `digits` decimals. */
export function signed(value: number, digits = 2): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${fixed(Math.abs(value), digits)}`;
}
