import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/fine-tuning/fine-tuning-step.ts';
import type { RunRecord, WorkflowState } from '../../../src/app/state.ts';
import type { NumberField } from '../../../src/ui/number-field/number-field.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, listen, mount, shadow } from '../mount.ts';

let trained: WorkflowState;
let run: RunRecord;

beforeAll(async () => {
  ({ trained } = await workflowStates());
  run = trained.runs[0];
}, 60_000);

const button = (el: Element, testId: string) => deep(el).querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!;

/** `trained` after an ensemble of 3 seeds whose average has validation MAE `valMae` (the parent's is the fixture run's). */
function afterEnsemble(valMae: number): { state: WorkflowState; child: RunRecord } {
  const parentVal = run.result!.bestValMae;
  const members = [
    { seed: 42, valMae: parentVal + 0.05, testMae: 2.2 },
    { seed: 43, valMae: parentVal + 0.02, testMae: 2.1 },
    { seed: 44, valMae: parentVal + 0.08, testMae: 2.3 },
  ];
  const gained = valMae < parentVal;
  const child: RunRecord = {
    ...run,
    id: 'ens-1',
    kind: 'ensemble',
    label: `${run.label} → average of 3 seeds (42–44)`,
    parentId: run.id,
    members,
    result: { ...run.result!, bestValMae: valMae },
    evaluation: { ...run.evaluation!, model: { ...run.evaluation!.model, mae: 2.05 } },
  };
  const state: WorkflowState = {
    ...trained,
    runs: [...trained.runs, child],
    selectedRunId: gained ? child.id : run.id,
    ensemble: {
      status: 'done', member: 3, members: 3, epoch: 30, epochs: 30, error: null,
      outcome: { parentId: run.id, childId: child.id, parentValMae: parentVal, childValMae: valMae, bestMemberValMae: parentVal + 0.02, gained },
    },
  };
  return { state, child };
}

describe('<ensemble-panel> (fine-tuning d)', () => {
  it('asks for 3 seeds by default, and for the number typed into the members field', async () => {
    const el = await mount('fine-tuning-step', { state: trained });
    expect(deep(el).querySelector('#ensemble-title')!.textContent).toBe('d · Average several seeds');
    const field = deep(el).querySelector<NumberField>('number-field[data-field="ensembleMembers"]')!;
    expect(field.value).toBe(3);
    expect(field.min).toBe(2);
    expect(field.max).toBe(8);
    const seen = listen(el, 'ensemble-requested');
    button(el, 'ensemble').click();
    const input = shadow(field).querySelector('input')!;
    input.value = '5';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    button(el, 'ensemble').click();
    input.value = '9';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect(button(el, 'ensemble').disabled).toBe(true);
    expect(seen.map((e) => e.detail)).toEqual([{ members: 3 }, { members: 5 }]);
  });

  it('shows which seed and epoch is training, disables every start button and offers Stop', async () => {
    const state: WorkflowState = { ...trained, ensemble: { status: 'running', member: 2, members: 3, epoch: 4, epochs: 30, outcome: null, error: null } };
    const el = await mount('fine-tuning-step', { state });
    expect(deep(el).querySelector('[data-testid="ensemble-status"]')!.textContent).toBe('Seed 2 of 3 · epoch 4 of 30');
    expect(button(el, 'ensemble').disabled).toBe(true);
    expect(button(el, 'continue').disabled).toBe(true);
    const stops = listen(el, 'stop-requested');
    [...deep(el).querySelectorAll<HTMLButtonElement>('#ensemble-title ~ .actions button')].find((b) => b.textContent!.trim() === 'Stop')!.click();
    expect(stops).toHaveLength(1);
  });

  it('tabulates each seed and the average, and says the average beat the best seed and the parent on validation', async () => {
    const { state, child } = afterEnsemble(run.result!.bestValMae - 0.1);
    const el = await mount('fine-tuning-step', { state });
    const rows = [...deep(el).querySelectorAll<HTMLTableRowElement>('[data-testid="ensemble-table"] tbody tr')].map((r) => [...r.children].map((c) => c.textContent!.trim()));
    expect(rows.map((r) => r[0])).toEqual(['seed 42', 'seed 43', 'seed 44', 'average of 3']);
    expect(rows[1][2]).toBe('2.10 °C');
    expect(rows[3]).toEqual(['average of 3', `${(run.result!.bestValMae - 0.1).toFixed(2)} °C`, '2.05 °C']);
    const outcome = deep(el).querySelector('[data-testid="ensemble-outcome"]')!.textContent!.replace(/\s+/g, ' ');
    expect(outcome).toContain('beat the best single seed');
    expect(outcome).not.toContain('did not beat the best single seed');
    expect(outcome).toContain(`and beat ${run.label}`);
    expect(outcome).toContain('now the selected run');
    expect(child.members).toHaveLength(3);
  });

  it('says so when the average did not beat its parent: the parent stays selected', async () => {
    const { state } = afterEnsemble(run.result!.bestValMae + 0.04);
    const el = await mount('fine-tuning-step', { state });
    const outcome = deep(el).querySelector('[data-testid="ensemble-outcome"]')!.textContent!.replace(/\s+/g, ' ');
    expect(outcome).toContain('did not beat the best single seed');
    expect(outcome).toContain(`did not beat ${run.label}`);
    expect(outcome).toContain('stays selected');
  });

  it('adds a third decimal when two would show the average equal to the seed it beat', async () => {
    const { state } = afterEnsemble(1.9373);
    const close: WorkflowState = { ...state, ensemble: { ...state.ensemble, outcome: { ...state.ensemble.outcome!, bestMemberValMae: 1.9382 } } };
    const el = await mount('fine-tuning-step', { state: close });
    const outcome = deep(el).querySelector('[data-testid="ensemble-outcome"]')!.textContent!.replace(/\s+/g, ' ');
    expect(outcome).toContain('(1.937 °C) beat the best single seed (1.938 °C)');
  });
});
