/** What the export step and its panels share: styles and small formatters. */
import { denseTableStyles } from '../../ui/styles/index.ts';
import { stepStyles } from '../shared/step-page.ts';
import { exportStepStyles } from './export-step.styles.ts';

export const exportPanelStyles = [...stepStyles, denseTableStyles, exportStepStyles];

/** `YYYY-MM-DD` shifted by `days`. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
