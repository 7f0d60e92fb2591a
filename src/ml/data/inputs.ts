/**
 * Which columns a model reads by default. A flag column (`interpolated`: 1 where a gap was filled,
 * as in the GHCN long records; `qc_flag`, `is_estimated`, …) says something about how a value was
 * made, not about the weather: it stays available as an input, but is not chosen unless asked for.
 * Pure.
 */

const FLAG_NAME = /^(interpolated|imputed|filled|estimated|flag|flags|qc|quality|is_[a-z0-9_]+|[a-z0-9_]+_(flag|flags|qc))$/;

/** Whether a column is a data-quality flag rather than a measurement ("interpolated", "tmax_flag", "is_estimated"). */
export function isFlagColumn(column: string): boolean {
  return FLAG_NAME.test(column.trim().toLowerCase());
}

/** The default inputs: every usable column except flags (all of them when every column looks like a flag). */
export function defaultInputs(columns: readonly string[]): string[] {
  const measured = columns.filter((c) => !isFlagColumn(c));
  return measured.length > 0 ? measured : [...columns];
}
