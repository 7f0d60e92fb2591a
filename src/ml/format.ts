/**
 * One formatter per kind of number, shared by the page, the CLI, the model card and the settings
 * table, so that the same value never reads two ways. Pure; no DOM.
 */

/** `value` with `digits` decimals, or "–" when it is not a finite number. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A learning rate (or any small factor) to 3 significant digits, without float noise: 0.0003, not 0.00030000000000000003. */
export function rate(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : '–';
}

/** `value` with an explicit sign (+, − or ±) and `digits` decimals; the minus is U+2212. */
export function signed(value: number, digits = 2): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${fixed(Math.abs(value), digits)}`;
}
