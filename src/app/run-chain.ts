import type { RunRecord, WorkflowState } from './state.ts';

/** The first run of a chain of continuations: its learning rate is the one the user chose. */
export function rootRun(state: WorkflowState, run: RunRecord): RunRecord {
  let current = run;
  for (let guard = 0; current.parentId && guard < 100; guard++) {
    const parent = state.runs.find((r) => r.id === current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current;
}
