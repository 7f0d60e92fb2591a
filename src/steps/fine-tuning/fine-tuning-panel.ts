/** What the four fine-tuning panels share: their inputs, the Stop intent, number formats and styles. */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { intent } from '../../app/events.ts';
import { INITIAL_STATE, type RunRecord, type WorkflowState } from '../../app/state.ts';
import { denseTableStyles } from '../../ui/styles/index.ts';
import { inRange } from '../../ml/settings/check.ts';
import { SETTINGS, type NumberSettingName } from '../../ml/settings/table.ts';
import { withUnits } from '../../ml/format.ts';
import { stepStyles } from '../shared/step-page.ts';
import { fineTuningStepStyles } from './fine-tuning-step.styles.ts';

export const fineTuningPanelStyles = [...stepStyles, denseTableStyles, fineTuningStepStyles];

export function axis(title: string) {
  return { title: { display: true, text: title } };
}

/** Whether a value is allowed for a setting of the table (epochs of a job, trials of a search). */
export function valid(name: NumberSettingName, value: number): boolean {
  return inRange(SETTINGS[name], value);
}

/** A fine-tuning panel: renders one tool for the selected run and dispatches its intents. */
export class FineTuningPanel extends LitElement {
  /** The workflow snapshot (read-only). */
  @property({ attribute: false }) state: WorkflowState = INITIAL_STATE;
  /** The selected run. */
  @property({ attribute: false }) run: RunRecord | null = null;
  /** Units of the target, e.g. "°C". */
  @property() units = '°C';
  /** Whether any training, search, transfer or ensemble job runs: starting another one is disabled. */
  @property({ type: Boolean }) busy = false;

  protected handleStop(): void {
    this.dispatchEvent(intent('stop-requested', {}));
  }

  protected u(value: number, digits = 2): string {
    return withUnits(value, this.units, digits);
  }
}
