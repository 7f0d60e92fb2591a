import { nextMacrotask } from '../ml/next-macrotask.ts';

/**
 * For a panel's `scheduleUpdate()`: waits one task when the panel has drawn before and `data` is not
 * what it drew, so that a new dataset's panels render each in a task of their own instead of all in the
 * one that brought the data (a 50-year file's panels together made a main-thread task of 50–80 ms).
 *
 * @example
 * protected override async scheduleUpdate() { await ownTaskFor(this, this.summary, this._drawn); super.scheduleUpdate(); }
 */
export async function ownTaskFor(panel: { readonly hasUpdated: boolean }, data: unknown, drawn: unknown): Promise<void> {
  if (panel.hasUpdated && data !== drawn) await nextMacrotask();
}
