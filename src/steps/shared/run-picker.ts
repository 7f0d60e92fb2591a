import { html, type TemplateResult } from 'lit';
import { intent } from '../../app/events.ts';
import { modelRuns, type WorkflowState } from '../../app/state.ts';

function handleChange(event: Event): void {
  const select = event.target as HTMLSelectElement;
  // Intent events bubble and are composed: dispatched here, they reach the step and the shell.
  select.dispatchEvent(intent('run-selected', { runId: select.value }));
}

/** The "Model run" select shared by the steps that work on the selected run (evaluation, fine-tuning, export). */
export function runPicker(state: WorkflowState, options: { disabled?: boolean } = {}): TemplateResult {
  return html`<div class="field">
    <label for="run">Model run</label>
    <select id="run" @change=${handleChange} ?disabled=${options.disabled ?? false}>
      ${modelRuns(state).map((r) => html`<option value=${r.id} ?selected=${r.id === state.selectedRunId}>${r.label}</option>`)}
    </select>
  </div>`;
}
