/**
 * One formatter per kind of number, shared by the page, the CLI, the model card and the settings
 * table, so that the same value never reads two ways. Pure; no DOM.
 */

const FIXED = new Map<number, Intl.NumberFormat>();

/**
 * `value` with exactly `digits` decimals, thousands separators and a true minus sign ("−1.60",
 * "39,733.01"), or "–" when it is not a finite number.
 */
export function fixed(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '–';
  let format = FIXED.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    FIXED.set(digits, format);
  }
  const text = format.format(value);
  // "-0.00" is zero: no sign.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text.replace('-', '−');
}

/** A learning rate (or any small factor) to 3 significant digits, without float noise: 0.0003, not 0.00030000000000000003. */
export function rate(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : '–';
}

/** `value` with an explicit sign (+, − or ±) and `digits` decimals; the minus is U+2212. */
export function signed(value: number, digits = 2): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${fixed(Math.abs(value), digits)}`;
}

/** A skill score or other signed percentage: "+10.6 %", "−7.1 %", "±0.0 %" (true minus sign). */
export function skill(percent: number, digits = 1): string {
  return Number.isFinite(percent) ? `${signed(Number(percent.toFixed(digits)), digits)} %` : '–';
}

/** A share (0–1) as a percentage: 0.8 → "80.0 %". */
export function percent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)} %` : '–';
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMALS = [0, 1, 2, 3].map((digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }));

/** A measured value with at most `maxDigits` decimals and thousands separators; negatives with a true minus: "−1.6", "1,234.5". */
export function decimal(value: number, maxDigits = 2): string {
  if (!Number.isFinite(value)) return '–';
  const text = DECIMALS[Math.max(0, Math.min(3, maxDigits))].format(value);
  return text === '-0' ? '0' : text.replace('-', '−');
}

/** A count with thousands separators: 1461 → "1,461". */
export function count(value: number): string {
  return Number.isFinite(value) ? COUNT.format(value) : '–';
}


/** `value` with `digits` decimals and its units, e.g. "1.23 °C" (no trailing space without units). */
export function withUnits(value: number, units: string, digits = 2): string {
  return `${fixed(value, digits)}${units ? ` ${units}` : ''}`;
}

/** A small difference in target units: scientific below 0.001 so that "0.00" never hides it ("8.9e-7", "0.00123", "0"). */
export function difference(value: number): string {
  if (!Number.isFinite(value)) return 'not a number';
  if (value === 0) return '0';
  return Math.abs(value) < 1e-3 ? value.toExponential(1) : value.toPrecision(3);
}
