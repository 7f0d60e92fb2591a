import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../../src/ui/error-banner/error-banner.ts';
import { mount, shadow } from './mount.ts';

describe('<error-banner>', () => {
  it('shows the message and hint as literal text, never as HTML', async () => {
    const banner = await mount('error-banner', {
      message: '<script>alert(1)</script>',
      hint: '<b>Check</b> the file.',
    });
    const alert = shadow(banner).querySelector('[role="alert"]')!;
    expect(alert.querySelector('.message')!.textContent).toBe('<script>alert(1)</script>');
    expect(alert.querySelector('.hint')!.textContent).toBe('<b>Check</b> the file.');
    expect(alert.querySelector('script, b')).toBeNull();
    await expect.element(page.getByText('<script>alert(1)</script>')).toBeVisible();
  });

  it('renders nothing visible without a message', async () => {
    const banner = await mount('error-banner');
    expect(shadow(banner).querySelector('.banner')).toBeNull();
    expect(banner.getBoundingClientRect().height).toBe(0);
  });

  it('fires dismiss and hides when the dismiss button is pressed', async () => {
    const banner = await mount('error-banner', { message: 'The CSV has no date column.' });
    let dismissed = 0;
    banner.addEventListener('dismiss', () => dismissed++);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await banner.updateComplete;
    expect(dismissed).toBe(1);
    expect(shadow(banner).querySelector('.banner')).toBeNull();
  });

  it('stays when the dismiss event is cancelled', async () => {
    const banner = await mount('error-banner', { message: 'Training failed.' });
    banner.addEventListener('dismiss', (event) => event.preventDefault());
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await banner.updateComplete;
    expect(shadow(banner).querySelector('.banner')).not.toBeNull();
  });
});
