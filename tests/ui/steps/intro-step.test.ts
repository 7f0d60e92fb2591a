import { describe, expect, it } from 'vitest';
import '../../../src/steps/intro/intro-step.ts';
import { INITIAL_STATE } from '../../../src/app/state.ts';
import type { IntentEvent } from '../../../src/app/events.ts';
import { mount, shadow } from '../mount.ts';

describe('<intro-step>', () => {
  it('maps the engineer’s workflow to the six steps and the experiment log and describes the data', async () => {
    const el = await mount('intro-step', { state: { ...INITIAL_STATE, backendInUse: 'wasm' } });
    const root = shadow(el);
    expect(root.querySelector('h1')!.textContent).toContain('Step 0');
    const items = [...root.querySelectorAll('ol.workflow li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(items).toHaveLength(7);
    expect(items[0]).toContain('Step 1 · Data');
    // The article's tasks: choosing algorithms and frameworks is the architecture; training on structured data is training.
    expect(items[1]).toMatch(/Choose algorithms and frameworks\..*Step 2 · Architecture/);
    expect(items[2]).toMatch(/Train the model on structured data\..*Step 3 · Training/);
    expect(items[5]).toContain('Step 6 · Export');
    expect(items[6]).toContain('Experiments: every run');
    const text = root.textContent!;
    for (const fact of ['Seattle', 'New York', '2012–2015', 'mm', '°C', 'm/s', '2015']) expect(text).toContain(fact);
  });

  it('shows the TensorFlow.js backend in use, or that it is starting', async () => {
    const el = await mount('intro-step', { state: { ...INITIAL_STATE, backendInUse: 'wasm' } });
    const backend = () => shadow(el).querySelector('[data-testid="backend"]')!;
    expect(backend().textContent).toContain('WebAssembly (wasm)');
    expect(backend().getAttribute('aria-live')).toBe('polite');
    el.state = { ...INITIAL_STATE, backendInUse: 'cpu', backendFellBack: true };
    await el.updateComplete;
    expect(backend().textContent).toContain('(cpu)');
    expect(backend().textContent).toContain('wasm was not available');
    el.state = INITIAL_STATE;
    await el.updateComplete;
    expect(backend().textContent).toContain('Starting TensorFlow.js');
  });

  it('"Start with the data" navigates to the data step', async () => {
    const el = await mount('intro-step', { state: INITIAL_STATE });
    const events: IntentEvent<'navigate'>[] = [];
    el.addEventListener('navigate', (e) => events.push(e));
    const button = [...shadow(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Start with the data'))!;
    button.click();
    expect(events.map((e) => e.detail)).toEqual([{ step: 'data' }]);
  });
});
