/** What the export step and its panels share: styles and small formatters. */
import { denseTableStyles } from '../../ui/styles/index.ts';
import { stepStyles } from '../shared/step-page.ts';
import { exportStepStyles } from './export-step.styles.ts';

export const exportPanelStyles = [...stepStyles, denseTableStyles, exportStepStyles];

/** A small difference in target units: scientific below 0.001 so that "0.00" never hides it. */
export function difference(value: number): string {
  if (!Number.isFinite(value)) return 'not a number';
  if (value === 0) return '0';
  return value < 1e-3 ? value.toExponential(1) : value.toPrecision(3);
}

/** `YYYY-MM-DD` shifted by `days`. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
