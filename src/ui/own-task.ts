import { nextMacrotask } from '../ml/next-macrotask.ts';

/** The data each panel last rendered (see {@link ownTaskFor}). */
const rendered = new WeakMap<object, unknown>();

/**
 * For a panel's `scheduleUpdate()`: waits one task when the panel has rendered before and `data` is not
 * what it rendered, so that a new dataset's panels render each in a task of their own instead of all in
 * the one that brought the data (a 50-year file's panels together made a main-thread task of 50–80 ms).
 *
 * @example
 * protected override async scheduleUpdate() { await ownTaskFor(this, this.summary); super.scheduleUpdate(); }
 */
export async function ownTaskFor(panel: { readonly hasUpdated: boolean }, data: unknown): Promise<void> {
  if (panel.hasUpdated && rendered.get(panel) !== data) await nextMacrotask();
  rendered.set(panel, data);
}
