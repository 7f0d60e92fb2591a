/** Types, colours and number formats shared by the data step and its panels. */
import type { WorkflowState } from '../../app/state.ts';
import { decimal } from '../../ml/format.ts';
import { chartColors } from '../../ui/chart-view/chart-view.ts';

export type DatasetSummary = NonNullable<WorkflowState['dataset']['summary']>;
export type PreparedSummary = NonNullable<WorkflowState['prepared']['summary']>;
export type DatasetError = NonNullable<WorkflowState['dataset']['error']>;

/** The three chronological splits, with the shading colour of each. */
export const SPLITS = [
  { key: 'train', label: 'Training', color: chartColors.trainShading },
  { key: 'validation', label: 'Validation', color: chartColors.validationShading },
  { key: 'test', label: 'Test', color: chartColors.testShading },
] as const;


export function unitOf(summary: DatasetSummary, column: string): string {
  return summary.units[column] ?? '';
}

export function withUnit(value: number, unit: string): string {
  return unit ? `${decimal(value)} ${unit}` : decimal(value);
}

/** "temp_max (°C)", or the bare name for a column without units. */
export function columnLabel(summary: DatasetSummary, column: string): string {
  const unit = unitOf(summary, column);
  return unit ? `${column} (${unit})` : column;
}
