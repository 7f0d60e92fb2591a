/**
 * A hyperparameter search on every core: the app's worker starts at once, helper workers (one per core
 * beyond the page's, at least one on two cores) join as soon as they hold the same data, and each takes
 * the next trial when it is free. A trial's result depends on its own seed only, so the ranking is the
 * same whatever the pool size; a helper that fails to start or crashes only costs its speed.
 *
 * Helpers start when the search panel shows (`SearchHelpers.warm`) and stay for the next search on the
 * same data: starting one (TensorFlow.js, the file, the windows) takes about 1.5 s, as long as several
 * trials, so a pool started by the click would lose most of its gain.
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

/** The number of cores the page may use. */
export function coreCount(): number {
  return typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
}

/** Brings a fresh helper worker to the app worker's data (backend, dataset, prepared windows). */
export type PrepareHelper = (helper: MlClient) => Promise<void>;

/**
 * Helper workers kept ready for searches on one data set: `source` (compared by reference, so that an
 * uploaded file's text is never serialized to compare it) and `key` (backend and preparation). A helper
 * that cannot start resolves to null; other data replaces (terminates) the old helpers.
 */
export class SearchHelpers {
  private key = '';
  private source: unknown = undefined;
  private helpers: Promise<MlClient | null>[] = [];

  constructor(private readonly makeClient: () => MlClient = () => new MlClient()) {}

  /** The `count` helpers for `source` and `key`, starting the missing ones now. */
  warm(source: unknown, key: string, count: number, prepare: PrepareHelper): Promise<MlClient | null>[] {
    if (source !== this.source || key !== this.key) this.terminate();
    this.source = source;
    this.key = key;
    while (this.helpers.length < count) {
      const client = this.makeClient();
      this.helpers.push(
        prepare(client).then(
          () => client,
          () => {
            client.terminate();
            return null;
          },
        ),
      );
    }
    return this.helpers.slice(0, count);
  }

  /** Drops a helper that failed during a search; the next `warm` starts a fresh one. */
  discard(helper: MlClient): void {
    helper.terminate();
    this.helpers = this.helpers.map((h) => h.then((c) => (c === helper ? null : c)));
    void Promise.all(this.helpers).then((all) => {
      this.helpers = this.helpers.filter((_, i) => all[i] !== null);
    });
  }

  terminate(): void {
    for (const h of this.helpers) void h.then((c) => c?.terminate());
    this.helpers = [];
    this.key = '';
    this.source = undefined;
  }
}

export interface PoolOptions {
  readonly total: number;
  readonly signal: AbortSignal;
  /** The helper workers (see {@link SearchHelpers}); null for one that could not start. */
  readonly helpers: readonly Promise<MlClient | null>[];
  /** A helper failed on a trial: its trial goes back to the queue. */
  readonly onHelperFailed?: (helper: MlClient) => void;
  readonly onProgress: (ranking: TrialResult[], done: number, total: number) => void;
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
        options.onHelperFailed?.(client);
        return;
      }
    }
  };

  const joined = options.helpers.map(async (ready) => {
    const helper = await ready;
    if (helper) await work(helper, false); // a helper that cannot start only costs its speed
  });
  await Promise.all([work(main, true), ...joined]);
  // A trial handed back by a helper that failed after the app's worker had finished.
  await work(main, true);
  return rankTrials(results);
}
