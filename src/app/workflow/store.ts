/**
 * The workflow store: one immutable snapshot, replaced on every change, and the writes that must
 * survive a reload (settings, the run log). Jobs read `state` and call `update`; the host element
 * re-renders on every new snapshot.
 */
import type { MlClient } from '../../worker/ml-client.ts';
import * as persistence from '../persistence.ts';
import type { ModelCache } from './model-cache.ts';
import { INITIAL_STATE, type RunRecord, type Settings, type WorkflowState } from '../state.ts';

export type Patch = { [K in keyof WorkflowState]?: WorkflowState[K] };

export class WorkflowStore {
  state: WorkflowState = INITIAL_STATE;

  constructor(private readonly onChange: () => void) {}

  update(patch: Patch): void {
    this.state = { ...this.state, ...patch };
    this.onChange();
  }

  /** Replaces the settings and saves them. */
  setSettings(settings: Settings): void {
    this.update({ settings });
    void persistence.saveSettings(settings).catch(() => undefined);
  }

  /** The records as last saved (or read), by id: saving writes only what changed, one record at a time. */
  private saved = new Map<string, RunRecord>();
  private savedSelection: string | null = null;

  /** The runs restored from storage or received from another tab: already saved. */
  markSaved(runs: readonly RunRecord[]): void {
    for (const r of runs) this.saved.set(r.id, r);
  }

  /** Forgets a run another tab deleted (it is gone from storage already). */
  forgetSaved(id: string): void {
    this.saved.delete(id);
  }

  /**
   * Saves what changed in the run log since the last save: each new or changed record in its own
   * transaction, each removed one deleted, and the selection. Never rewrites the whole list, so a
   * run another tab saved meanwhile is not lost.
   */
  persistRuns(): void {
    const now = new Map(this.state.runs.map((r) => [r.id, r]));
    const changed = [...now.values()].filter((run) => this.saved.get(run.id) !== run);
    for (const run of changed) this.saved.set(run.id, run);
    if (changed.length > 0) void persistence.saveRuns(changed).catch((error: unknown) => this.notify(storageProblem(error)));
    const removed = [...this.saved.keys()].filter((id) => !now.has(id));
    for (const id of removed) this.saved.delete(id);
    if (removed.length > 0) void persistence.deleteRuns(removed).catch(() => undefined);
    if (this.state.selectedRunId !== this.savedSelection) {
      this.savedSelection = this.state.selectedRunId;
      void persistence.saveSelection(this.state.selectedRunId).catch(() => undefined);
    }
  }

  /** Appends records to the experiment log and saves it. */
  addRecords(records: readonly RunRecord[]): void {
    if (records.length === 0) return;
    this.update({ runs: [...this.state.runs, ...records] });
    this.persistRuns();
  }

  /** Shows a problem to the user. */
  notify(message: string, hint?: string): void {
    this.update({ notice: hint ? { message, hint } : { message } });
  }
}

/** What every job family works with: the store, the worker and the models kept in it. */
export abstract class JobFamily {
  constructor(
    protected readonly store: WorkflowStore,
    protected readonly client: MlClient,
    protected readonly models: ModelCache,
  ) {}

  /** Reads the worker's TensorFlow.js memory after a job (a flat count shows there is no leak), and the storage used. */
  async refreshMemory(): Promise<void> {
    try {
      this.store.update({ workerMemory: await this.client.call('memory', {}) });
    } catch {
      // Informational only.
    }
    try {
      this.store.update({ storage: await persistence.storageInfo() });
    } catch {
      // Informational only.
    }
  }
}

/** What to tell the user when a save fails: a full quota names what to do. */
export function storageProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'QuotaExceededError'
    ? "This browser's storage for the app is full, so the newest run was not saved (it stays usable until you close the tab). Delete runs you no longer need on the Experiments page; earlier runs are safe."
    : `The run could not be saved in this browser (${errorText(error)}); it stays usable until you close the tab.`;
}

/** An error's message, for the page. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
