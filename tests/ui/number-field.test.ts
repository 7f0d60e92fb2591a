import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../../src/ui/number-field/number-field.ts';
import type { NumberChangeEvent } from '../../src/ui/number-field/number-field.ts';
import { mount, shadow } from './mount.ts';

async function epochsField() {
  const field = await mount('number-field', {
    label: 'Epochs',
    integer: true,
    min: 1,
    max: 500,
    value: 30,
    hint: 'Passes over the training data.',
    unit: 'epochs',
  });
  const events: NumberChangeEvent[] = [];
  field.addEventListener('number-change', (event) => events.push(event));
  const input = shadow(field).querySelector('input')!;
  return { field, events, input };
}

describe('<number-field>', () => {
  it('shows the value, a labelled input and the hint', async () => {
    const { field, input } = await epochsField();
    await expect.element(page.getByRole('spinbutton', { name: 'Epochs (epochs)' })).toBeVisible();
    expect(input.value).toBe('30');
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(shadow(field).getElementById('hint')!.textContent).toBe('Passes over the training data.');
    expect(input.getAttribute('aria-describedby')).toBe('hint');
  });

  it('rejects an out-of-range value with a message and fires valid=false', async () => {
    const { field, events, input } = await epochsField();
    await userEvent.fill(input, '600');
    await field.updateComplete;
    const error = shadow(field).querySelector('[role="alert"]')!;
    expect(error.textContent).toBe('Enter a whole number from 1 to 500.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('hint error');
    expect(events.at(-1)!.valid).toBe(false);
    expect(events.at(-1)!.value).toBeNaN();
    expect(field.valid).toBe(false);
    expect(field.value).toBeNaN();
  });

  it('rejects a non-integer when integer is set', async () => {
    const { field, events, input } = await epochsField();
    await userEvent.fill(input, '2.5');
    await field.updateComplete;
    expect(shadow(field).querySelector('[role="alert"]')!.textContent).toBe(
      'Enter a whole number from 1 to 500.',
    );
    expect(events.at(-1)).toMatchObject({ valid: false });
  });

  it('accepts a valid value, clears the error and fires it', async () => {
    const { field, events, input } = await epochsField();
    await userEvent.fill(input, '0');
    await userEvent.fill(input, '120');
    await field.updateComplete;
    expect(shadow(field).querySelector('[role="alert"]')!.textContent).toBe('');
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(events.at(-1)).toMatchObject({ value: 120, valid: true });
    expect(field.value).toBe(120);
    expect(field.valid).toBe(true);
  });

  it('accepts decimals with a min-only range and says so when too small', async () => {
    const field = await mount('number-field', { label: 'Learning rate', min: 0.0001, value: 0.001 });
    const input = shadow(field).querySelector('input')!;
    await userEvent.fill(input, '0.00001');
    await field.updateComplete;
    expect(shadow(field).querySelector('[role="alert"]')!.textContent).toBe(
      'Enter a number of at least 0.0001.',
    );
    await userEvent.fill(input, '0.05');
    await field.updateComplete;
    expect(field.value).toBe(0.05);
  });

  it('does not fire number-change when value is set by code', async () => {
    const { field, events, input } = await epochsField();
    field.value = 45;
    await field.updateComplete;
    expect(input.value).toBe('45');
    expect(events).toHaveLength(0);
  });

  it('can be disabled', async () => {
    const { field, input } = await epochsField();
    field.disabled = true;
    await field.updateComplete;
    expect(input.disabled).toBe(true);
  });
});
