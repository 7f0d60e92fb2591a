import { describe, expect, it } from 'vitest';
import '../../src/ui/progress-meter/progress-meter.ts';
import { mount, shadow } from './mount.ts';

function bar(element: Element): HTMLElement {
  return shadow(element).querySelector('[role="progressbar"]')!;
}

describe('<progress-meter>', () => {
  it('exposes the value as aria-valuenow and shows label and detail', async () => {
    const meter = await mount('progress-meter', {
      label: 'Training',
      value: 0.4,
      detail: 'Epoch 12/30 · ETA 4 s · 2,300 samples/s',
    });
    expect(bar(meter).getAttribute('aria-valuenow')).toBe('40');
    expect(bar(meter).getAttribute('aria-valuemin')).toBe('0');
    expect(bar(meter).getAttribute('aria-valuemax')).toBe('100');
    expect(bar(meter).getAttribute('aria-label')).toBe('Training');
    expect(shadow(meter).textContent).toContain('Epoch 12/30 · ETA 4 s · 2,300 samples/s');
    expect(shadow(meter).textContent).toContain('40%');
  });

  it('clamps the value to 0..1 and treats NaN as indeterminate', async () => {
    const meter = await mount('progress-meter', { label: 'Search', value: 1.7 });
    expect(bar(meter).getAttribute('aria-valuenow')).toBe('100');
    meter.value = NaN;
    await meter.updateComplete;
    expect(bar(meter).hasAttribute('aria-valuenow')).toBe(false);
  });

  it('keeps its height when the detail text appears or changes', async () => {
    const meter = await mount('progress-meter', { label: 'Training', value: 0 });
    const before = meter.getBoundingClientRect().height;
    meter.detail = 'Epoch 1/30 · a very long detail line that would wrap on a narrow phone screen '.repeat(3);
    meter.value = 0.5;
    await meter.updateComplete;
    expect(meter.getBoundingClientRect().height).toBe(before);
    expect(before).toBeGreaterThan(0);
  });
});
