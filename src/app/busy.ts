/** Which step-5 job keeps the worker busy, so that step 3 does not start a second one beside it. */
import { learningCurveOf } from './learning-curve-state.ts';
import type { WorkflowState } from './state.ts';

/** "the learning curve (step 5)", or null when no fine-tuning job is running. */
export function busyElsewhere(state: WorkflowState): string | null {
  if (learningCurveOf(state).status === 'running') return 'the learning curve (step 5)';
  if (state.search.status === 'running') return 'the hyperparameter search (step 5)';
  if (state.transfer.status === 'running') return 'the transfer to another city (step 5)';
  if (state.ensemble.status === 'running') return 'the ensemble (step 5)';
  return null;
}
