import { describe, expect, it } from 'vitest';
import '../../src/ui/file-drop/file-drop.ts';
import { mount, shadow } from './mount.ts';

function files(...names: string[]): FileList {
  const transfer = new DataTransfer();
  for (const name of names) transfer.items.add(new File(['x'], name));
  return transfer.files;
}

describe('<file-drop>', () => {
  it('labels its file input and fires file-chosen for a chosen file, again for the same file', async () => {
    const drop = await mount('file-drop', { inputId: 'bundle', label: 'Model bundle (.zip)', note: 'or drop it here', accept: '.zip' });
    const input = shadow(drop).querySelector<HTMLInputElement>('input#bundle')!;
    expect(input.labels![0].textContent).toBe('Model bundle (.zip)');
    expect(input.accept).toBe('.zip');
    expect(shadow(drop).textContent).toContain('or drop it here');
    const chosen: string[] = [];
    drop.addEventListener('file-chosen', (e) => chosen.push(e.file.name));
    for (let i = 0; i < 2; i++) {
      input.files = files('model.zip');
      input.dispatchEvent(new Event('change'));
      expect(input.value).toBe('');
    }
    expect(chosen).toEqual(['model.zip', 'model.zip']);
  });

  it('highlights while a file is dragged over it and fires file-chosen on drop, not when disabled', async () => {
    const drop = await mount('file-drop', { label: 'Your CSV' });
    const chosen: string[] = [];
    drop.addEventListener('file-chosen', (e) => chosen.push(e.file.name));
    drop.dispatchEvent(new DragEvent('dragover', { dataTransfer: new DataTransfer(), cancelable: true }));
    await drop.updateComplete;
    expect(drop.hasAttribute('dragging')).toBe(true);
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'mine.csv'));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    await drop.updateComplete;
    expect(drop.hasAttribute('dragging')).toBe(false);
    expect(chosen).toEqual(['mine.csv']);

    drop.disabled = true;
    await drop.updateComplete;
    expect(shadow(drop).querySelector('input')!.disabled).toBe(true);
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    expect(chosen).toEqual(['mine.csv']);
  });
});
