import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, type RunRecord } from '../../src/app/state.ts';
import { ExplainJobs } from '../../src/app/workflow/explain-jobs.ts';
import type { ModelCache } from '../../src/app/workflow/model-cache.ts';
import { WorkflowStore } from '../../src/app/workflow/store.ts';
import type { MlClient } from '../../src/worker/ml-client.ts';
import type { ModelExplanation } from '../../src/worker/protocol.ts';

const run = (id: string, extra: Partial<RunRecord> = {}) => ({ id, label: id, kind: 'train', ...extra }) as RunRecord;
const result = (feature: string): ModelExplanation => ({ importance: [{ feature, increase: 1 }], validationMae: 2, targetUnits: '°C', weights: null });

/** A store whose every snapshot lets the job follow the selection, as the workflow controller wires it. */
function setup(answer: (modelId: string, attempt: number) => Promise<ModelExplanation>) {
  const calls: string[] = [];
  const loaded: string[] = [];
  const store = new WorkflowStore(() => jobs.follow());
  const client = { call: (_type: string, { modelId }: { modelId: string }) => (calls.push(modelId), answer(modelId, calls.filter((c) => c === modelId).length)) } as unknown as MlClient;
  const models = { ensureLive: async (id: string) => void loaded.push(id) } as unknown as ModelCache;
  const jobs = new ExplainJobs(store, client, models);
  store.update({ prepared: { ...INITIAL_STATE.prepared, status: 'done' } });
  return { store, calls, loaded };
}

describe('explanation job', () => {
  it('waits for the data to be prepared (a reload restores the selection before the data)', () => {
    const { store, calls } = setup(async () => result('temp_max'));
    store.update({ prepared: { ...INITIAL_STATE.prepared, status: 'running' }, runs: [run('a')], selectedRunId: 'a' });
    expect(calls).toEqual([]);
    store.update({ prepared: { ...INITIAL_STATE.prepared, status: 'done' } });
    expect(calls).toEqual(['a']);
  });

  it('explains the selected run once, waits while training runs, and lets only the latest selection commit', async () => {
    const pending = new Map<string, (r: ModelExplanation) => void>();
    const { store, calls } = setup((id) => new Promise((resolve) => pending.set(id, resolve)));
    store.update({ runs: [run('a'), run('b'), run('trial', { hasModel: false })], selectedRunId: 'trial' });
    expect(calls).toEqual([]); // a search trial has no model
    store.update({ selectedRunId: 'a', training: { ...INITIAL_STATE.training, status: 'running' } });
    expect(calls).toEqual([]);
    store.update({ training: { ...INITIAL_STATE.training, status: 'done' } });
    expect(calls).toEqual(['a']);
    expect(store.state.explanation).toMatchObject({ runId: 'a', status: 'running' });
    store.update({ selectedRunId: 'b' });
    expect(calls).toEqual(['a', 'b']);
    pending.get('b')!(result('temp_max'));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r));
    pending.get('a')!(result('wind'));
    await new Promise((r) => setTimeout(r));
    expect(store.state.explanation).toEqual({ runId: 'b', status: 'done', result: result('temp_max'), error: null });
    store.update({ notice: null });
    expect(calls).toEqual(['a', 'b']); // not asked again
  });

  it('loads an evicted model back once, and reports a failure', async () => {
    const { store, calls, loaded } = setup(async (id, attempt) => {
      if (id === 'gone' || attempt === 1) throw new Error(`Model "${id}" is not loaded.`);
      return result('temp_max');
    });
    store.update({ runs: [run('evicted'), run('gone')], selectedRunId: 'evicted' });
    await new Promise((r) => setTimeout(r));
    expect(loaded).toEqual(['evicted']);
    expect(store.state.explanation.status).toBe('done');
    store.update({ selectedRunId: 'gone' });
    await new Promise((r) => setTimeout(r));
    expect(calls.filter((c) => c === 'gone')).toHaveLength(2);
    expect(store.state.explanation).toEqual({ runId: 'gone', status: 'error', result: null, error: 'Model "gone" is not loaded.' });
  });
});
