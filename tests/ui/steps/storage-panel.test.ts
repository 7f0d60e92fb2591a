import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/experiments/storage-panel.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { listen, mount, shadow } from '../mount.ts';

let trained: WorkflowState;
beforeAll(async () => {
  ({ trained } = await workflowStates());
}, 60_000);

describe('<storage-panel>', () => {
  it('shows used and available storage and whether the browser may clear it', async () => {
    const el = await mount('storage-panel', { state: { ...trained, storage: { usedBytes: 3.4e6, quotaBytes: 1.2e9, persisted: false } } });
    const text = shadow(el).querySelector('[data-testid="storage-estimate"]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('Runs and models use 3.4 MB of 1.2 GB this browser allows the app.');
    expect(text).toContain('The browser may clear them when space runs short');
    el.state = { ...el.state, storage: { usedBytes: 3.4e6, quotaBytes: 1.2e9, persisted: true } };
    await el.updateComplete;
    expect(shadow(el).textContent).toContain('The browser has promised not to clear them.');
  });

  it('prunes the search trials, which keep no model, in one click', async () => {
    const base = trained.runs[0];
    const trial = (id: string): RunRecord => ({ ...base, id, kind: 'search', hasModel: false, evaluation: null });
    const el = await mount('storage-panel', { state: { ...trained, runs: [base, trial('t1'), trial('t2')], storage: null } });
    const button = shadow(el).querySelector<HTMLButtonElement>('[data-testid="prune-trials"]')!;
    expect(button.textContent).toContain('Delete the 2 search trials (they keep no model)');
    const events = listen(el, 'runs-deleted');
    button.click();
    expect(events.map((e) => e.detail)).toEqual([{ runIds: ['t1', 't2'] }]);
  });
});
