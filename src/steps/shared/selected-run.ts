import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { modelRuns, selectedRun, type RunRecord, type WorkflowState } from '../../app/state.ts';
import type { Evaluation } from '../../ml/evaluation/metrics.ts';

/**
 * The run that steps 4–6 work on, read from the host's `state`: the selected run, its parent (for
 * before/after comparisons), its test evaluation and its units. Recomputed only when the host
 * receives a new state snapshot.
 *
 * @example
 * private readonly selection = new SelectedRunController(this); // then this.selection.run in willUpdate
 */
export class SelectedRunController implements ReactiveController {
  private _from?: WorkflowState;
  private _run: RunRecord | null = null;
  private _parent: RunRecord | null = null;
  private _hasRuns = false;

  constructor(private readonly host: ReactiveControllerHost & { readonly state: WorkflowState }) {
    host.addController(this);
  }

  hostConnected(): void {
    this._from = undefined;
  }

  /** The selected run with a model, or null. */
  get run(): RunRecord | null {
    return this.sync()._run;
  }

  /** The run the selected one continued from, if it is still recorded. */
  get parent(): RunRecord | null {
    return this.sync()._parent;
  }

  /** The selected run's test evaluation, or null. */
  get evaluation(): Evaluation | null {
    return this.run?.evaluation ?? null;
  }

  /** Whether any run has a model: the run picker is shown only then. */
  get hasRuns(): boolean {
    return this.sync()._hasRuns;
  }

  /** Units of the selected run's target, else `fallback`. */
  units(fallback = '°C'): string {
    return this.evaluation?.units ?? fallback;
  }

  private sync(): this {
    const state = this.host.state;
    if (state !== this._from) {
      this._from = state;
      const run = selectedRun(state);
      this._run = run;
      this._parent = run?.parentId ? (state.runs.find((r) => r.id === run.parentId) ?? null) : null;
      this._hasRuns = modelRuns(state).length > 0;
    }
    return this;
  }
}
