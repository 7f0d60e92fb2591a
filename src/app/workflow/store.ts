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

  /** Saves the run log and the selection. */
  persistRuns(): void {
    void persistence.saveRuns(this.state.runs, this.state.selectedRunId).catch(() => undefined);
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

  /** Reads the worker's TensorFlow.js memory after a job, shown so that leaks would be visible. */
  async refreshMemory(): Promise<void> {
    try {
      this.store.update({ workerMemory: await this.client.call('memory', {}) });
    } catch {
      // Informational only.
    }
  }
}

/** An error's message, for the page. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
