import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/steps/architecture/architecture-step.ts';
import type { WorkflowState } from '../../../src/app/state.ts';
import { ARCHITECTURES } from '../../../src/ml/architectures/architectures.ts';
import type { NumberField } from '../../../src/ui/number-field/number-field.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { mount, shadow, listen } from '../mount.ts';

let withData: WorkflowState;
let trained: WorkflowState;

beforeAll(async () => {
  ({ withData, trained } = await workflowStates());
}, 60_000);

function text(el: Element): string {
  return shadow(el).textContent!.replace(/\s+/g, ' ');
}

function typeInto(field: NumberField, value: string): void {
  const input = shadow(field).querySelector('input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<architecture-step>', () => {
  it('offers the five architectures as radio cards with their descriptions', async () => {
    const el = await mount('architecture-step', { state: withData });
    const cards = [...shadow(el).querySelectorAll('label.arch')];
    expect(cards).toHaveLength(5);
    expect(cards.map((c) => c.querySelector('input')!.value)).toEqual(Object.keys(ARCHITECTURES));
    expect(cards[4].textContent).toContain(ARCHITECTURES.gru.description);
    expect(shadow(el).querySelector<HTMLInputElement>('input[value="gru"]')!.checked).toBe(true);
    expect(shadow(el).querySelector('legend')!.textContent).toContain('Model family');
  });

  it('shows the layer table, total parameters and how they compare to the training windows', async () => {
    const el = await mount('architecture-step', { state: withData });
    const description = withData.model.description!;
    const rows = [...shadow(el).querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent!.trim()));
    expect(rows).toEqual(description.layers.map((l) => [l.name, l.type, l.outputShape.join(' × '), l.params.toLocaleString('en-US')]));
    expect(rows.some((r) => r[2] === '32')).toBe(true);
    const windows = withData.prepared.summary!.periods.train.windows;
    expect(text(el)).toContain(`${description.totalParams.toLocaleString('en-US')} parameters for ${windows.toLocaleString('en-US')} training windows.`);
    expect(text(el)).toContain('parameters per training example');
  });

  it('choosing another family dispatches architecture-changed, keeping the size between hidden-layer families', async () => {
    const el = await mount('architecture-step', { state: withData });
    const events = listen(el, 'architecture-changed');
    shadow(el).querySelector<HTMLInputElement>('input[value="lstm"]')!.click();
    shadow(el).querySelector<HTMLInputElement>('input[value="linear"]')!.click();
    expect(events.map((e) => e.detail.architecture)).toEqual([
      { ...withData.settings.architecture, kind: 'lstm' },
      ARCHITECTURES.linear.defaults,
    ]);
  });

  it('size fields dispatch only valid values, and are not shown for the linear model (nothing to size)', async () => {
    const el = await mount('architecture-step', { state: withData });
    const events = listen(el, 'architecture-changed');
    const [units, layers, dropout] = [...shadow(el).querySelectorAll('number-field')];
    typeInto(units, '64');
    typeInto(layers, '5'); // above the maximum of 4
    typeInto(dropout, '0.2');
    expect(events.map((e) => e.detail.architecture)).toEqual([
      { ...withData.settings.architecture, units: 64 },
      { ...withData.settings.architecture, dropout: 0.2 },
    ]);
    el.state = trained; // a linear model
    await el.updateComplete;
    expect(shadow(el).querySelectorAll('number-field')).toHaveLength(0);
    expect(shadow(el).textContent).toContain('nothing to size');
  });

  it('keeps the previous table while the new model is described, and shows errors', async () => {
    const el = await mount('architecture-step', { state: withData });
    const height = shadow(el).querySelector('.layers')!.getBoundingClientRect().height;
    el.state = { ...withData, model: { ...withData.model, status: 'running' } };
    await el.updateComplete;
    expect(text(el)).toContain('Building the model to count its parameters…');
    expect(shadow(el).querySelector('.table-scroll')!.classList.contains('pending')).toBe(true);
    expect(shadow(el).querySelector('.layers')!.getBoundingClientRect().height).toBe(height);
    el.state = { ...withData, model: { status: 'error', description: null, error: 'Units must be a whole number.' } };
    await el.updateComplete;
    expect(shadow(el).querySelector('error-banner')!.message).toBe('Units must be a whole number.');
  });

  it('Next goes to training', async () => {
    const el = await mount('architecture-step', { state: withData });
    const events = listen(el, 'navigate');
    const next = [...shadow(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Next: Training'))!;
    next.click();
    expect(events.map((e) => e.detail)).toEqual([{ step: 'training' }]);
  });
});
