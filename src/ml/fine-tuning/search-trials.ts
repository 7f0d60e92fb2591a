/**
 * The trials of a hyperparameter search and their ranking: pure (no TensorFlow.js), so that the page's
 * pool of workers can share one search out and put the results back in order.
 */
import seedrandom from 'seedrandom';
import type { SearchSpace, SearchSpec, Trial, TrialResult } from './fine-tuning.ts';

/** The trials a search will run, in order. */
export function searchTrials(spec: Pick<SearchSpec, 'architecture' | 'training' | 'space' | 'mode' | 'trials'>): Trial[] {
  const keys = (Object.keys(spec.space) as (keyof SearchSpace)[]).filter((k) => (spec.space[k]?.length ?? 0) > 0);
  let combos: Record<string, number>[] = [{}];
  for (const key of keys) combos = combos.flatMap((c) => spec.space[key]!.map((v) => ({ ...c, [key]: v })));
  if (spec.mode === 'random') {
    const random = seedrandom(`search-${spec.training.seed}`);
    for (let i = combos.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [combos[i], combos[j]] = [combos[j], combos[i]];
    }
    combos = combos.slice(0, spec.trials ?? combos.length);
  }
  return combos.map((params) => ({
    params,
    architecture: {
      ...spec.architecture,
      ...(params.units !== undefined ? { units: params.units } : {}),
      ...(params.layers !== undefined ? { layers: params.layers } : {}),
      ...(params.dropout !== undefined ? { dropout: params.dropout } : {}),
    },
    training: {
      ...spec.training,
      ...(params.learningRate !== undefined ? { learningRate: params.learningRate } : {}),
      ...(params.batchSize !== undefined ? { batchSize: params.batchSize } : {}),
    },
  }));
}

/** Trials ranked by validation MAE (diverged last), ties in trial order: the same ranking whichever worker ran which trial. */
export function rankTrials(results: readonly Omit<TrialResult, 'rank'>[]): TrialResult[] {
  const val = (r: Omit<TrialResult, 'rank'>) => (Number.isFinite(r.valMae) ? r.valMae : Infinity);
  return [...results].sort((a, b) => val(a) - val(b) || (a.trial ?? 0) - (b.trial ?? 0)).map((r, i) => ({ ...r, rank: i + 1 }));
}
