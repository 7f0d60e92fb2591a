/** Number formatting shared by the steps. */

/** `value` with `digits` decimals, or "–" when it is not a finite number. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A learning rate without float noise: 0.0003 rather than 0.00030000000000000003. */
export function rate(value: number): string {
  return String(Number(value.toPrecision(3)));
}

const PARAM_LABELS: Record<string, (v: number) => string> = {
  learningRate: (v) => `lr ${rate(v)}`,
  units: (v) => `${v} units`,
  layers: (v) => `${v} layer${v === 1 ? '' : 's'}`,
  dropout: (v) => `dropout ${v}`,
  batchSize: (v) => `batch ${v}`,
};

/** The changed hyperparameters of a search trial, e.g. "lr 0.003 · 32 units". */
export function describeParams(params: Readonly<Record<string, number>>): string {
  const parts = Object.entries(params).map(([k, v]) => (PARAM_LABELS[k] ?? ((x: number) => `${k} ${x}`))(v));
  return parts.length > 0 ? parts.join(' · ') : 'base settings';
}

/** `value` with an explicit sign (+, − or ±) and `digits` decimals. */
export function signed(value: number, digits = 2): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${fixed(Math.abs(value), digits)}`;
}

/** `value` with `digits` decimals and its units, e.g. "1.23 °C" (no trailing space without units). */
export function withUnits(value: number, units: string, digits = 2): string {
  return `${fixed(value, digits)}${units ? ` ${units}` : ''}`;
}
