/** Test fixture: mounts one element in document.body and removes it after the test. */
import type { IntentEvent, IntentType } from '../../src/app/events.ts';
import { afterEach } from 'vitest';

const mounted: HTMLElement[] = [];

afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

/** Creates `<tag>`, assigns `props`, appends it to the body and waits for its first render. */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  Object.assign(element, props);
  document.body.append(element);
  mounted.push(element);
  await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return element;
}

/** The element's shadow root (all widgets have one). */
export function shadow(element: Element): ShadowRoot {
  if (!element.shadowRoot) throw new Error(`${element.localName} has no shadow root`);
  return element.shadowRoot;
}

/** Widgets whose insides a step test reads through `shadow(widget)`, as before the steps were split into panels. */
const OPAQUE = new Set(['number-field', 'chart-view', 'progress-meter', 'error-banner']);

/** The elements of `root` in document order, each panel host followed by the content of its shadow root. */
function* walk(root: ParentNode): Generator<Element> {
  for (const e of root.querySelectorAll('*')) {
    yield e;
    if (e.shadowRoot && !OPAQUE.has(e.localName)) yield* walk(e.shadowRoot);
  }
}

/** `root` and every panel's shadow root inside it. */
function nestedRoots(root: ShadowRoot): ShadowRoot[] {
  return [root, ...[...walk(root)].flatMap((e) => (e.shadowRoot && !OPAQUE.has(e.localName) ? [e.shadowRoot] : []))];
}

/** Queries over a component and the panels it is made of: the element's shadow root and every shadow root inside it. */
export interface DeepRoot {
  querySelector<K extends keyof HTMLElementTagNameMap>(selector: K): HTMLElementTagNameMap[K] | null;
  querySelector<E extends Element = Element>(selector: string): E | null;
  querySelectorAll<K extends keyof HTMLElementTagNameMap>(selector: K): HTMLElementTagNameMap[K][];
  querySelectorAll<E extends Element = Element>(selector: string): E[];
  readonly textContent: string;
}

/** Like `shadow(element)`, but also reaches into the panels (nested shadow roots) the element renders. */
export function deep(element: Element): DeepRoot {
  const roots = () => nestedRoots(shadow(element));
  return {
    querySelector: (selector: string) => {
      for (const e of walk(shadow(element))) if (e.matches(selector)) return e;
      return null;
    },
    querySelectorAll: (selector: string) => [...walk(shadow(element))].filter((e) => e.matches(selector)),
    get textContent() {
      return roots()
        .map((r) => r.textContent ?? '')
        .join(' ');
    },
  };
}

/** Collects the intent events of one type that `el` (or anything inside it) dispatches. */
export function listen<K extends IntentType>(el: HTMLElement, type: K): IntentEvent<K>[] {
  const events: IntentEvent<K>[] = [];
  el.addEventListener(type, (e) => events.push(e as unknown as IntentEvent<K>));
  return events;
}
