import { ReactiveElement } from 'lit';

/**
 * Waits until every Lit element rendered in `root` has finished its pending update. A component
 * made of panels awaits this in `getUpdateComplete()`, so that `await el.updateComplete` means the
 * whole component, panels included, shows the new state.
 */
export async function childrenUpdated(root: ParentNode): Promise<void> {
  const children = [...root.querySelectorAll('*')].filter((e): e is ReactiveElement => e instanceof ReactiveElement);
  await Promise.all(children.map((c) => c.updateComplete));
}
