/**
 * A hyperparameter search on every core: the app's worker starts at once, helper workers (one per core
 * beyond the page's, at least one on two cores) join as soon as they hold the same data, and each takes
 * the next trial when it is free. A trial's result depends on its own seed only, so the ranking is the
 * same whatever the pool size; a helper that fails to start or crashes only costs its speed.
 */
import type { TrialResult } from '../../ml/fine-tuning/fine-tuning.ts';
import { rankTrials } from '../../ml/fine-tuning/search-trials.ts';
import { MlClient } from '../../worker/ml-client.ts';
import type { Protocol } from '../../worker/protocol.ts';

type SearchRequest = Omit<Protocol['search']['request'], 'only'>;

/** Most workers a search uses, the app's own included. */
const MAX_WORKERS = 4;

/** Workers for a search of `trials` trials on `cores` cores: all but one core for the page, at least two (one on one core). */
export function poolSize(trials: number, cores: number): number {
  return Math.max(1, Math.min(trials, MAX_WORKERS, cores <= 1 ? 1 : Math.max(2, cores - 1)));
}

export interface PoolOptions {
  readonly total: number;
  readonly signal: AbortSignal;
  /** Brings a fresh helper worker to the app worker's data (backend, dataset, prepared windows). */
  readonly prepare: (helper: MlClient) => Promise<void>;
  readonly onProgress: (ranking: TrialResult[], done: number, total: number) => void;
  readonly cores?: number;
  readonly makeClient?: () => MlClient;
}

/** Runs the search's `total` trials on the app's worker and helpers; resolves with the ranking of the trials that ran. */
export async function pooledSearch(main: MlClient, request: SearchRequest, options: PoolOptions): Promise<TrialResult[]> {
  const { total, signal } = options;
  const queue = Array.from({ length: total }, (_, i) => i);
  const results: Omit<TrialResult, 'rank'>[] = [];
  const report = () => options.onProgress(rankTrials(results), results.length, total);

  const work = async (client: MlClient, isMain: boolean): Promise<void> => {
    while (queue.length > 0 && !signal.aborted) {
      const index = queue.shift()!;
      try {
        const ranking = await client.call('search', { ...request, only: [index] }, { signal });
        results.push(...ranking);
        report();
      } catch (error) {
        if (signal.aborted) return;
        if (isMain) throw error;
        queue.unshift(index); // the app's worker (or another helper) runs it instead
        return;
      }
    }
  };

  const cores = options.cores ?? (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2);
  const helpers = Array.from({ length: poolSize(total, cores) - 1 }, () => (options.makeClient ?? (() => new MlClient()))());
  try {
    const joined = helpers.map(async (helper) => {
      try {
        await options.prepare(helper);
      } catch {
        return; // a helper that cannot start only costs its speed
      }
      await work(helper, false);
    });
    await Promise.all([work(main, true), ...joined]);
    // A trial handed back by a helper that failed after the app's worker had finished.
    await work(main, true);
  } finally {
    for (const helper of helpers) helper.terminate();
  }
  return rankTrials(results);
}
