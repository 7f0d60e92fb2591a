/**
 * The search pool with stand-in workers: every trial runs once, the ranking is the same for one, two or
 * four workers, helpers join when ready, and a helper that cannot start or crashes only costs its speed.
 */
import { describe, expect, it } from 'vitest';
import { pooledSearch, poolSize, SearchHelpers } from '../../src/app/workflow/search-pool.ts';
import type { TrialResult } from '../../src/ml/fine-tuning/fine-tuning.ts';
import type { MlClient } from '../../src/worker/ml-client.ts';

const TOTAL = 12;
const SEATTLE = { kind: 'shipped', id: 'seattle' } as const;
/** A trial's validation MAE depends on the trial alone, as a seeded training does. */
const maeOf = (trial: number) => 2 + ((trial * 7) % 12) / 10;

interface Fake {
  client: MlClient;
  ran: number[];
  terminated: boolean;
}

function fakeWorker(options: { msPerTrial?: number; crashOnTrial?: number } = {}): Fake {
  const fake: Fake = { ran: [], terminated: false, client: null as unknown as MlClient };
  fake.client = {
    call: async (type: string, payload: { only?: number[] }) => {
      if (type !== 'search') return { backend: 'wasm', fellBack: false };
      const [trial] = payload.only!;
      await new Promise((r) => setTimeout(r, options.msPerTrial ?? 5));
      if (trial === options.crashOnTrial) throw new Error('The ML worker crashed');
      fake.ran.push(trial);
      return [{ trial, rank: 1, valMae: maeOf(trial), testMae: maeOf(trial) + 0.1, params: {}, epochsRun: 5, ms: 5, history: [] } as unknown as TrialResult];
    },
    terminate: () => {
      fake.terminated = true;
    },
  } as unknown as MlClient;
  return fake;
}

async function search(cores: number, helpers: Fake[], prepare: (c: MlClient) => Promise<void> = async () => {}) {
  const main = fakeWorker();
  let next = 0;
  const progress: number[] = [];
  const pool = new SearchHelpers(() => helpers[next++].client);
  const ranking = await pooledSearch(main.client, { architecture: {} as never, training: {} as never, space: {}, mode: 'grid' }, {
    total: TOTAL,
    signal: new AbortController().signal,
    helpers: pool.warm(SEATTLE, 'data', poolSize(TOTAL, cores) - 1, prepare),
    onHelperFailed: (h) => pool.discard(h),
    onProgress: (_r, done) => progress.push(done),
  });
  return { ranking, main, progress, pool };
}

describe('the search pool', () => {
  it('sizes itself from the cores: one left for the page, at least two workers on two cores, one on one', () => {
    expect([1, 2, 4, 8, 16].map((c) => poolSize(12, c))).toEqual([1, 2, 3, 4, 4]);
    expect(poolSize(1, 8)).toBe(1);
  });

  it('runs every trial once and ranks them the same with 1, 2 or 4 workers', async () => {
    const rankings: (number | undefined)[][] = [];
    for (const cores of [1, 2, 8]) {
      const helpers = [fakeWorker(), fakeWorker(), fakeWorker()];
      const { ranking, main, progress, pool } = await search(cores, helpers);
      const ran = [...main.ran, ...helpers.flatMap((h) => h.ran)].sort((a, b) => a - b);
      expect(ran).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
      expect(progress.at(-1)).toBe(TOTAL);
      if (cores > 1) expect(helpers[0].ran.length).toBeGreaterThan(0);
      // Helpers stay ready for the next search on the same data, and end with the pool.
      expect(helpers.some((h) => h.terminated)).toBe(false);
      pool.terminate();
      await new Promise((r) => setTimeout(r, 0));
      expect(helpers.slice(0, poolSize(TOTAL, cores) - 1).every((h) => h.terminated)).toBe(true);
      rankings.push(ranking.map((r) => r.trial));
      expect(ranking.map((r) => r.rank)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    }
    expect(rankings[1]).toEqual(rankings[0]);
    expect(rankings[2]).toEqual(rankings[0]);
  });

  it('a helper that cannot start, or crashes on a trial, only costs its speed', async () => {
    const broken = fakeWorker();
    const crashing = fakeWorker({ crashOnTrial: 1 });
    const { ranking } = await search(8, [broken, crashing, fakeWorker()], async (c) => {
      if (c === broken.client) throw new Error('no wasm here');
    });
    expect(broken.ran).toEqual([]);
    expect(broken.terminated).toBe(true);
    expect(crashing.terminated).toBe(true);
    expect(ranking.map((r) => r.trial).sort((a, b) => a! - b!)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
  });

  it('keeps warmed helpers for the next search on the same data and replaces them for other data', async () => {
    const made: Fake[] = [];
    const pool = new SearchHelpers(() => {
      const f = fakeWorker();
      made.push(f);
      return f.client;
    });
    const prepare = async () => {};
    const first = pool.warm(SEATTLE, 'spec', 2, prepare);
    const again = pool.warm(SEATTLE, 'spec', 2, prepare);
    expect(again.every((p, i) => p === first[i])).toBe(true);
    expect(made).toHaveLength(2);
    // A copy of the same source is other data to the pool: it compares by reference, never by content.
    pool.warm({ ...SEATTLE }, 'spec', 2, prepare);
    await new Promise((r) => setTimeout(r, 0));
    expect(made).toHaveLength(4);
    expect(made.slice(0, 2).every((f) => f.terminated)).toBe(true);
    expect(made.slice(2).some((f) => f.terminated)).toBe(false);
  });
});
