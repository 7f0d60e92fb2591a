/**
 * The models kept in the worker, least recently used first. Every run's model is saved in
 * IndexedDB; older ones are loaded back into the worker when they are needed, so memory stays flat
 * however many runs there are.
 */
import type { MlClient } from '../../worker/ml-client.ts';
import * as persistence from '../persistence.ts';
import { MAX_LIVE_MODELS } from '../state.ts';

export class ModelCache {
  /** Run ids whose models are in the worker, least recently used first. */
  private live: string[] = [];

  /** @param pinned the run that must never be evicted (the selected one). */
  constructor(
    private readonly client: MlClient,
    private readonly pinned: () => string | null,
  ) {}

  /** The worker restarted: it holds no model. */
  reset(): void {
    this.live = [];
  }

  get size(): number {
    return this.live.length;
  }

  /** Makes sure a run's model is in the worker, loading it from IndexedDB if it was evicted. */
  async ensureLive(runId: string): Promise<void> {
    if (!this.live.includes(runId)) {
      const files = await persistence.loadModel(runId);
      if (!files) throw new Error("This run's model was not saved in this browser; train it again.");
      await this.client.call('importBundle', { modelId: runId, files });
    }
    this.markLive(runId);
  }

  /** Marks a model as recently used and evicts the least recently used beyond the limit. */
  markLive(runId: string): void {
    this.live = [...this.live.filter((id) => id !== runId), runId];
    while (this.live.length > MAX_LIVE_MODELS) {
      const victim = this.live.find((id) => id !== this.pinned() && id !== runId);
      if (!victim) break;
      this.forget(victim);
    }
  }

  /** Lets go of a model in the worker (it stays saved in IndexedDB). */
  forget(runId: string): void {
    if (!this.live.includes(runId)) return;
    this.live = this.live.filter((id) => id !== runId);
    void this.client.call('disposeModel', { modelId: runId }).catch(() => undefined);
  }
}
