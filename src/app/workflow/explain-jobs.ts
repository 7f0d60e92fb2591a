/**
 * Explaining the selected run: input importance on validation for every model, and the weights of
 * a linear one. Follows the selection: a newly selected run supersedes an explanation under way
 * (only the latest may commit, see `LatestJob`).
 */
import { selectedRun, hasModel } from '../state.ts';
import { LatestJob } from './latest-job.ts';
import { errorText, JobFamily } from './store.ts';

export class ExplainJobs extends JobFamily {
  private readonly job = new LatestJob();

  /**
   * Starts explaining the selected run unless its explanation is there or under way. Called on
   * every new snapshot; waits while training runs (the worker is busy and the selection may change)
   * and until the data is prepared (after a reload, a saved model needs the data to be explained on).
   */
  follow(): void {
    const s = this.store.state;
    const run = selectedRun(s);
    if (!run || !hasModel(run) || s.training.status === 'running' || s.prepared.status !== 'done') return;
    if (s.explanation.runId === run.id) return;
    void this.explain(run.id);
  }

  async explain(runId: string): Promise<void> {
    const s = this.store;
    s.update({ explanation: { runId, status: 'running', result: null, error: null } });
    await this.job.run(
      async () => {
        try {
          return await this.client.call('explainModel', { modelId: runId });
        } catch {
          // Evicted from the worker (or restored after a reload): load it back from IndexedDB once.
          await this.models.ensureLive(runId);
          return this.client.call('explainModel', { modelId: runId });
        }
      },
      (result) => s.update({ explanation: { runId, status: 'done', result, error: null } }),
      (error) => s.update({ explanation: { runId, status: 'error', result: null, error: errorText(error) } }),
    );
  }
}
