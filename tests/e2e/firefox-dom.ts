/**
 * Reading and clicking the app in Firefox the way the Chromium tests do with Playwright locators
 * (getByRole, getByText, getByTestId, hasText). Over WebDriver BiDi puppeteer's `::-p-aria`
 * selectors find nothing inside Lit's shadow roots here, and `>>>` only matches by CSS, so the
 * queries run in the page: a walk over every open shadow root, a simplified accessible name
 * (aria-label, aria-labelledby, <label>s, else the text without aria-hidden parts) and the
 * browser's own visibility check. Clicks and typing are real input events from puppeteer.
 */
import type { ElementHandle, Page } from 'puppeteer-core';

export type Role = 'button' | 'radio' | 'checkbox' | 'spinbutton' | 'combobox' | 'alert' | 'heading' | 'link' | 'row';

/** A text match: a string matches case-insensitively as a substring (as in Playwright), unless `exact`. */
export type TextMatch = string | RegExp;

export interface Query {
  role?: Role;
  /** Accessible name. */
  name?: TextMatch;
  exact?: boolean;
  testId?: string;
  css?: string;
  /** The innermost elements whose text matches (getByText). */
  text?: TextMatch;
  /** Elements whose whole text (shadow roots included) matches. */
  hasText?: TextMatch;
  /** Elements with a descendant matching this query. */
  has?: Query;
  /** Search only inside the first match of this query. */
  within?: Query;
  /** Keep the n-th match only. */
  nth?: number;
  /** Include elements that are not rendered (e.g. a file input behind its drop zone). */
  hidden?: boolean;
}

type WireText = { s: string; exact: boolean } | { re: string; flags: string };
interface WireQuery extends Omit<Query, 'name' | 'text' | 'hasText' | 'has' | 'within'> {
  name?: WireText;
  text?: WireText;
  hasText?: WireText;
  has?: WireQuery;
  within?: WireQuery;
}

function wireText(t: TextMatch | undefined, exact = false): WireText | undefined {
  if (t === undefined) return undefined;
  return typeof t === 'string' ? { s: t, exact } : { re: t.source, flags: t.flags };
}

function toWire(q: Query): WireQuery {
  return {
    ...q,
    name: wireText(q.name, q.exact),
    text: wireText(q.text, q.exact),
    hasText: wireText(q.hasText),
    has: q.has && toWire(q.has),
    within: q.within && toWire(q.within),
  };
}

export function describeQuery(q: Query): string {
  return JSON.stringify(q, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v));
}

/**
 * Installed in every document before the app's scripts (a BiDi preload script, which the page's
 * Content-Security-Policy does not govern). Self-contained: it is sent to the browser as text.
 */
function installQueries(): void {
  const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const ROLES: Record<string, string> = {
    button: 'button, input[type=button], input[type=submit], input[type=reset], [role=button]',
    radio: 'input[type=radio], [role=radio]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    spinbutton: 'input[type=number], [role=spinbutton]',
    combobox: 'select:not([multiple]), [role=combobox]',
    alert: '[role=alert]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    link: 'a[href], [role=link]',
    row: 'tr, [role=row]',
  };
  const parentOf = (el: Element): Element | null => {
    if (el.assignedSlot) return el.assignedSlot;
    if (el.parentElement) return el.parentElement;
    const root = el.parentNode;
    return root instanceof ShadowRoot ? root.host : null;
  };
  const contains = (outer: Element, inner: Element): boolean => {
    for (let e: Element | null = inner; e; e = parentOf(e)) if (e === outer) return true;
    return false;
  };
  /** Text of a node as rendered: shadow roots instead of light children, slots by what they show. */
  const textOf = (node: Node, forName: boolean, cache: Map<Node, string>): string => {
    const cached = cache.get(node);
    if (cached !== undefined) return cached;
    let out = '';
    if (node.nodeType === Node.TEXT_NODE) out = (node as CharacterData).data;
    else if (node instanceof Element || node instanceof ShadowRoot || node instanceof Document) {
      const el = node instanceof Element ? node : null;
      if (el && /^(SCRIPT|STYLE|TEMPLATE)$/.test(el.tagName)) out = '';
      else if (el && forName && el.getAttribute('aria-hidden') === 'true') out = '';
      else {
        let kids: Node[];
        if (el instanceof HTMLSlotElement) {
          const assigned = el.assignedNodes({ flatten: true });
          kids = assigned.length ? assigned : [...el.childNodes];
        } else kids = [...(el?.shadowRoot ?? node).childNodes];
        out = kids.map((k) => textOf(k, forName, cache)).join('');
        // Block-level boundaries separate words, as innerText would.
        if (el && /^(P|DIV|LI|TD|TH|TR|H[1-6]|SECTION|LABEL|BUTTON|BR)$/.test(el.tagName)) out = ` ${out} `;
      }
    }
    cache.set(node, out);
    return out;
  };
  const nameOf = (el: Element, cache: Map<Node, string>): string => {
    const label = el.getAttribute('aria-label');
    if (label) return norm(label);
    const by = el.getAttribute('aria-labelledby');
    const root = el.getRootNode() as Document | ShadowRoot;
    if (by) return norm(by.split(/\s+/).map((id) => { const t = root.getElementById(id); return t ? textOf(t, true, cache) : ''; }).join(' '));
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length) return norm([...labels].map((l) => textOf(l, true, cache)).join(' '));
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) return norm(el.getAttribute('title') ?? '');
    return norm(textOf(el, true, cache)) || norm(el.getAttribute('title') ?? '');
  };
  type W = { s: string; exact: boolean } | { re: string; flags: string };
  const matches = (value: string, t: W): boolean => {
    if ('re' in t) return new RegExp(t.re, t.flags).test(value);
    return t.exact ? value === norm(t.s) : value.toLowerCase().includes(norm(t.s).toLowerCase());
  };
  const hiddenEl = (el: Element): boolean => {
    if (!el.checkVisibility({ visibilityProperty: true })) return true;
    for (let e: Element | null = el; e; e = parentOf(e)) if (e.getAttribute('aria-hidden') === 'true') return true;
    return false;
  };
  const descendants = (scope: Element | Document): Element[] => {
    const out: Element[] = [];
    const walk = (parent: Element | Document | ShadowRoot): void => {
      for (const child of parent.children) {
        out.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    if (scope instanceof Element && scope.shadowRoot) walk(scope.shadowRoot);
    walk(scope);
    return out;
  };
  interface Q {
    role?: string; name?: W; testId?: string; css?: string; text?: W; hasText?: W; has?: Q; within?: Q; nth?: number; hidden?: boolean;
  }
  const find = (q: Q, scope: Element | Document = document): Element[] => {
    if (q.within) {
      const w = find(q.within, scope)[0];
      if (!w) return [];
      scope = w;
    }
    const cache = new Map<Node, string>();
    const nameCache = new Map<Node, string>();
    let els = descendants(scope);
    if (q.css) els = els.filter((e) => e.matches(q.css!));
    if (q.testId) els = els.filter((e) => e.getAttribute('data-testid') === q.testId);
    if (q.role) els = els.filter((e) => e.matches(ROLES[q.role!]));
    if (!q.hidden) els = els.filter((e) => !hiddenEl(e));
    if (q.name) els = els.filter((e) => matches(nameOf(e, nameCache), q.name!));
    if (q.hasText) els = els.filter((e) => matches(norm(textOf(e, false, cache)), q.hasText!));
    if (q.text) {
      const hits = els.filter((e) => matches(norm(textOf(e, false, cache)), q.text!));
      const outer = new Set<Element>();
      for (const h of hits) for (let p = parentOf(h); p; p = parentOf(p)) outer.add(p);
      els = hits.filter((h) => !outer.has(h));
    }
    if (q.has) els = els.filter((e) => find(q.has!, e).length > 0);
    if (q.nth !== undefined) els = els[q.nth] ? [els[q.nth]] : [];
    return els;
  };
  const text = (el: Element): string => norm(textOf(el, false, new Map()));
  /** The element at the centre of `el` after scrolling it there, through shadow roots. */
  const hitTarget = (el: Element): boolean => {
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    const r = el.getBoundingClientRect();
    let hit: Element | null = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return !!hit && (contains(el, hit) || (el instanceof HTMLInputElement && [...(el.labels ?? [])].some((l) => contains(l, hit))));
  };
  (window as unknown as { __ffq: unknown }).__ffq = { find, text, hitTarget, contains, doc: document };
}

interface InPage {
  find(q: WireQuery): Element[];
  text(el: Element): string;
  hitTarget(el: Element): boolean;
}
async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Playwright-like queries over a puppeteer page in Firefox. */
export class Dom {
  private constructor(readonly page: Page) {}

  /**
   * The in-page queries are installed by the calls themselves, in the realm that then uses them, once per
   * document. (A preload script's copy lives in another realm in Firefox ESR 140.12: using it from
   * `page.evaluate` after a navigation fails with "Permission denied to access property".)
   */
  static async attach(page: Page): Promise<Dom> {
    const dom = new Dom(page);
    await dom.ensure();
    return dom;
  }

  private static readonly INSTALL = `(() => {
    try { if (window.__ffq && window.__ffq.doc === document) return 0; } catch (e) { /* another realm's copy */ }
    (${installQueries.toString()})();
    return 1;
  })()`;

  /** Installs the queries in the current document unless they are there. */
  private async ensure(): Promise<void> {
    await this.page.evaluate(Dom.INSTALL);
  }

  async count(q: Query): Promise<number> {
    await this.ensure();
    return this.page.evaluate((w) => (window as unknown as { __ffq: InPage }).__ffq.find(w).length, toWire(q));
  }

  /** The first match now, or null. */
  async query(q: Query): Promise<ElementHandle<Element> | null> {
    await this.ensure();
    const handle = await this.page.evaluateHandle((w) => (window as unknown as { __ffq: InPage }).__ffq.find(w)[0] ?? null, toWire(q));
    const el = handle.asElement();
    if (!el) await handle.dispose();
    return el as ElementHandle<Element> | null;
  }

  /** Waits until `q` matches (visible unless `hidden`) and returns the first match. */
  async waitFor(q: Query, timeout = 30_000): Promise<ElementHandle<Element>> {
    const end = Date.now() + timeout;
    for (;;) {
      const el = await this.query(q);
      if (el) return el;
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${describeQuery(q)}`);
      await sleep(100);
    }
  }

  /** Whole text of the first match (shadow roots included, whitespace collapsed); '' if none. */
  async text(q: Query): Promise<string> {
    await this.ensure();
    return this.page.evaluate((w) => {
      const f = (window as unknown as { __ffq: InPage }).__ffq;
      const el = f.find(w)[0];
      return el ? f.text(el) : '';
    }, toWire(q));
  }

  async visible(q: Query): Promise<boolean> {
    return (await this.count(q)) > 0;
  }

  /** The first match's `value` (inputs, selects); undefined if none. */
  async value(q: Query): Promise<string | undefined> {
    await this.ensure();
    return this.page.evaluate((w) => {
      const el = (window as unknown as { __ffq: InPage }).__ffq.find(w)[0] as HTMLInputElement | undefined;
      return el?.value;
    }, toWire(q));
  }

  /** Whether the first match exists and is enabled (not disabled, not aria-disabled). */
  async enabled(q: Query): Promise<boolean> {
    await this.ensure();
    return this.page.evaluate((w) => {
      const el = (window as unknown as { __ffq: InPage }).__ffq.find(w)[0] as HTMLButtonElement | undefined;
      return !!el && !el.disabled && el.getAttribute('aria-disabled') !== 'true';
    }, toWire(q));
  }

  /** Whether the first match exists and is disabled. */
  async disabled(q: Query): Promise<boolean> {
    await this.ensure();
    return this.page.evaluate((w) => {
      const el = (window as unknown as { __ffq: InPage }).__ffq.find(w)[0] as HTMLButtonElement | undefined;
      return !!el && (el.disabled || el.getAttribute('aria-disabled') === 'true');
    }, toWire(q));
  }

  /**
   * A real mouse click at the element's centre once it is there, enabled and not covered by
   * something else (the floating Next bar), as Playwright's actionability checks do.
   */
  async click(q: Query, timeout = 30_000): Promise<void> {
    const end = Date.now() + timeout;
    for (;;) {
      const el = await this.query(q);
      if (el) {
        await this.ensure();
        const ready = await el.evaluate((e) => {
          const disabled = (e as HTMLButtonElement).disabled === true;
          return !disabled && (window as unknown as { __ffq: InPage }).__ffq.hitTarget(e);
        });
        if (ready) {
          await el.click();
          await el.dispose();
          return;
        }
        await el.dispose();
      }
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting to click ${describeQuery(q)}`);
      await sleep(100);
    }
  }

  /** Replaces an input's text by typing, as a user would (select all, type). */
  async fill(q: Query, value: string): Promise<void> {
    await this.click(q);
    const el = await this.waitFor(q);
    await this.page.keyboard.down('Control');
    await this.page.keyboard.press('a');
    await this.page.keyboard.up('Control');
    await this.page.keyboard.press('Backspace');
    await el.type(value);
    const now = await el.evaluate((e) => (e as HTMLInputElement).value);
    await el.dispose();
    if (now !== value) throw new Error(`typed "${value}" into ${describeQuery(q)} but it holds "${now}"`);
  }

  /** Chooses an option of a <select> (input and change events, as a user's choice fires). */
  async select(q: Query, value: string): Promise<void> {
    const el = (await this.waitFor(q)) as ElementHandle<HTMLSelectElement>;
    await el.select(value);
    await el.dispose();
  }

  /** Clicks a radio or checkbox unless it is already checked. */
  async check(q: Query): Promise<void> {
    const el = await this.waitFor(q);
    const checked = await el.evaluate((e) => (e as HTMLInputElement).checked);
    await el.dispose();
    if (!checked) await this.click(q);
  }

  /** Sets the files of an <input type=file> (WebDriver BiDi input.setFiles). */
  async upload(q: Query, ...paths: string[]): Promise<void> {
    const el = (await this.waitFor({ hidden: true, ...q })) as ElementHandle<HTMLInputElement>;
    await el.uploadFile(...paths);
    await el.dispose();
  }
}
