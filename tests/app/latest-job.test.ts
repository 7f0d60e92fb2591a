import { describe, expect, it } from 'vitest';
import { LatestJob } from '../../src/app/workflow/latest-job.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestJob', () => {
  it('lets only the latest call commit: a slow answer to an old request is dropped', async () => {
    const job = new LatestJob();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const committed: string[] = [];
    const first = job.run(() => slow.promise, (r) => void committed.push(r), () => undefined);
    const second = job.run(() => fast.promise, (r) => void committed.push(r), () => undefined);
    fast.resolve('new');
    slow.resolve('old');
    await Promise.all([first, second]);
    expect(committed).toEqual(['new']);
    expect(job.running).toBe(false);
  });

  it('aborts the previous call when a new one starts', () => {
    const job = new LatestJob();
    const a = job.start();
    const b = job.start();
    expect(a.signal.aborted).toBe(true);
    expect(a.isLatest()).toBe(false);
    expect(b.signal.aborted).toBe(false);
    expect(b.isLatest()).toBe(true);
  });

  it('a stopped call is still the latest: it commits what it has (a stopped training keeps its best weights)', async () => {
    const job = new LatestJob();
    const work = deferred<string>();
    const committed: [string, boolean][] = [];
    const running = job.run(() => work.promise, (r, t) => void committed.push([r, t.signal.aborted]), () => undefined);
    expect(job.running).toBe(true);
    job.abort();
    work.resolve('best so far');
    await running;
    expect(committed).toEqual([['best so far', true]]);
  });

  it('reports the error of the latest call only', async () => {
    const job = new LatestJob();
    const failures: string[] = [];
    const old = deferred<never>();
    const first = job.run(() => old.promise, () => undefined, (e) => void failures.push(String(e)));
    const second = job.run(() => Promise.reject(new Error('latest failed')), () => undefined, (e) => void failures.push((e as Error).message));
    await second;
    (old as unknown as { resolve: (v: unknown) => void }).resolve(Promise.reject(new Error('old failed')));
    await first;
    expect(failures).toEqual(['latest failed']);
  });
});
