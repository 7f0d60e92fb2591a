/**
 * Accessibility of the built app in Debian Chromium (issue 6): the walkthrough by keyboard alone,
 * axe-core on every step at 1280 and 390 px, no horizontal scroll at 390 px, a text alternative
 * for every chart, and no motion under `prefers-reduced-motion: reduce`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STEPS as APP_STEPS } from '../../src/app/state.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { ROOT } from './app-server.ts';
import { axeViolations } from './axe.ts';

const app = { url: inject('appUrl') };
/** Every step of the app, experiments included. */
const STEPS = APP_STEPS.map((s) => s.id);
/** WCAG 2.1 A and AA, best practices, and 2.2 AA (its target-size rule: 24 px tap targets). */

/**
 * Helpers installed in the page before its own scripts, as plain JavaScript (functions passed to
 * `page.evaluate` must not reference each other). Everything walks open shadow roots.
 */
const PAGE_HELPERS = `
window.__a11y = {
  /** Every element of the document and of every open shadow root below it. */
  all() {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out;
  },
  /** The focused element, following shadowRoot.activeElement down. */
  deepActive() {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  },
  /** What a keyboard user has focused: tag, name, state and whether a focus indicator shows. */
  describeFocus() {
    const el = this.deepActive();
    if (!el || el === document.body) return { tag: 'BODY', name: '', checked: false, visible: false, inMain: false };
    const name = (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 100);
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const visible = outline || style.boxShadow !== 'none';
    let node = el;
    let inMain = false;
    while (node) {
      if (node.tagName === 'MAIN') inMain = true;
      node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentElement;
    }
    return { tag: el.tagName, name, checked: !!el.checked, visible, inMain, focusVisible: el.matches(':focus-visible') };
  },
  /** Opens the collapsed "Data table" of every chart. */
  openChartTables() {
    for (const el of this.all()) if (el.tagName === 'CHART-VIEW') for (const d of el.shadowRoot.querySelectorAll('details')) d.open = true;
  },
  /** The text alternative of every chart on the page. */
  charts() {
    return this.all()
      .filter((el) => el.tagName === 'CHART-VIEW')
      .map((el) => {
        const img = el.shadowRoot.querySelector('[role="img"]');
        const described = img && img.getAttribute('aria-describedby');
        const summary = described ? el.shadowRoot.getElementById(described) : null;
        const table = el.shadowRoot.querySelector('details table');
        return {
          label: (img && img.getAttribute('aria-label')) || '',
          summary: summary ? summary.textContent.trim() : '',
          tableRows: table ? table.querySelectorAll('tbody tr').length : 0,
          tableHeaders: table ? table.querySelectorAll('thead th').length : 0,
          animation: el._chart ? el._chart.options.animation : 'no chart',
        };
      });
  },
  /** Elements that move: a non-zero transition, or a running animation (pseudo-elements too). */
  moving() {
    const long = (list) => list.split(',').some((d) => parseFloat(d) > 0);
    const out = [];
    for (const el of this.all()) {
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        const transition = long(s.transitionDuration) && s.transitionProperty !== 'none';
        const animation = s.animationName !== 'none' && long(s.animationDuration);
        if (transition || animation) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '') + (pseudo || '') + ': ' + (transition ? 'transition ' + s.transitionDuration : 'animation ' + s.animationName));
      }
    }
    return out;
  },
  /**
   * CSS rules that would move something under the current media: every rule of the page and of
   * every custom element class (rendered or not), skipping @media blocks that do not match.
   */
  movingRules(tags) {
    const sheets = [...document.styleSheets];
    for (const tag of tags) {
      const ctor = customElements.get(tag);
      for (const s of (ctor && ctor.elementStyles) || []) sheets.push(s.styleSheet);
    }
    const long = (v) => v.split(',').some((d) => parseFloat(d) > 0);
    const out = [];
    const visit = (rules, where) => {
      for (const rule of rules) {
        if (rule instanceof CSSMediaRule) {
          if (matchMedia(rule.conditionText).matches) visit(rule.cssRules, where);
        } else if (rule instanceof CSSStyleRule) {
          const st = rule.style;
          const transition = st.transitionDuration && long(st.transitionDuration);
          const animation = st.animationName && st.animationName !== 'none' && (!st.animationDuration || long(st.animationDuration));
          if (transition || animation) out.push(where + ' ' + rule.selectorText + ' { ' + st.cssText + ' }');
          if (rule.cssRules && rule.cssRules.length) visit(rule.cssRules, where);
        }
      }
    };
    sheets.forEach((sheet, i) => visit(sheet.cssRules, i < document.styleSheets.length ? 'page.css' : 'element'));
    return out;
  },
};
`;

/** Every custom element the app defines, read from the source, so a new one is checked too. */
function customElementTags(): string[] {
  const tags: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/@customElement\('([a-z0-9-]+)'\)/g)) tags.push(m[1]);
    }
  };
  walk(join(ROOT, 'src'));
  return tags;
}

interface Focus {
  tag: string;
  name: string;
  checked: boolean;
  visible: boolean;
  inMain: boolean;
  focusVisible: boolean;
}

type A11yWindow = Window & {
  __a11y: {
    describeFocus(): Focus;
    openChartTables(): void;
    charts(): { label: string; summary: string; tableRows: number; tableHeaders: number; animation: unknown }[];
    moving(): string[];
    movingRules(tags: string[]): string[];
  };
};

let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PAGE_HELPERS);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
});

const focus = (): Promise<Focus> => page.evaluate(() => (window as unknown as A11yWindow).__a11y.describeFocus());

/**
 * Presses Tab (or Shift+Tab) until the focused control's name matches, and checks on the way that
 * every control reached shows a focus indicator.
 */
async function tabTo(name: RegExp, { back = false, max = 80 } = {}): Promise<Focus> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focus();
    seen.push(`${f.tag} "${f.name}"`);
    if (f.tag !== 'BODY') expect(f.visible && f.focusVisible, `no visible focus indicator on ${f.tag} "${f.name}"`).toBe(true);
    if (name.test(f.name)) return f;
  }
  throw new Error(`Tab never reached ${String(name)}; focus went through: ${seen.join(' → ')}`);
}

/** After a step change, focus is on the new step's main region (or its heading), not lost. */
async function expectFocusOnNewStep(step: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).hash).toBe(`#/${step}`);
  await expect.poll(async () => {
    const f = await focus();
    return f.tag === 'MAIN' || (f.tag === 'H1' && f.inMain);
  }).toBe(true);
}

async function waitEnabled(name: string): Promise<void> {
  const button = page.getByRole('button', { name });
  await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
}

/** Goes to a step by URL and waits for its heading and charts to be drawn. */
async function showStep(step: string): Promise<void> {
  await page.goto(`${app.url}#/${step}`);
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
  await page.evaluate(() => (window as unknown as A11yWindow).__a11y.openChartTables());
  await page.waitForTimeout(300); // chart.js loads lazily and the tables render on toggle
}

let fineTuned = false;

/**
 * A trained and a fine-tuned model, so that evaluation, fine-tuning (with its chart and before/after
 * table) and export show everything: the keyboard test trains the first; when it ran alone or
 * failed early, a 2-epoch GRU is trained here with the mouse.
 */
async function ensureTrained(): Promise<void> {
  if (fineTuned) return;
  await page.goto(`${app.url}#/data`);
  await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
  if (!(await page.getByRole('link', { name: /Evaluation$/ }).count())) {
    await page.goto(`${app.url}#/training`);
    await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('2');
    await page.getByRole('button', { name: 'Start training' }).click();
    await waitEnabled('Next: Evaluation');
  }
  await page.goto(`${app.url}#/fine-tuning`);
  const section = page.locator('section', { has: page.getByRole('heading', { name: /Continue training/ }) });
  await section.getByRole('spinbutton', { name: /^Epochs/ }).fill('1');
  await page.getByTestId('continue').click();
  await page.getByTestId('before-after').waitFor({ timeout: 120_000 });
  fineTuned = true;
}

describe('accessibility in Chromium', () => {
  it('the walkthrough works by keyboard alone, with visible focus, landing on each new step', async () => {
    await page.goto(app.url);
    await page.locator('main h1').waitFor();
    await tabTo(/^Start with the data$/);
    await page.keyboard.press('Enter');
    await expectFocusOnNewStep('data');

    // Step 1: choose New York with the arrow keys, then back to Seattle.
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    const seattle = await tabTo(/^Seattle, WA$/);
    expect(seattle.checked).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('radio', { name: 'New York, NY' }).isChecked()).toBe(true);
    await expect.poll(async () => (await focus()).name).toBe('New York, NY'); // focus is not lost while it loads
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByRole('radio', { name: 'Seattle, WA' }).isChecked()).toBe(true);
    await waitEnabled('Next: Architecture');
    await tabTo(/^Next: Architecture$/);
    await page.keyboard.press('Enter');
    await expectFocusOnNewStep('architecture');

    // Step 2: the arrow keys move between architectures; back to the default GRU.
    const gru = await tabTo(/^GRU/);
    expect(gru.checked).toBe(true);
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await focus()).name).toMatch(/^LSTM/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByRole('radio', { name: /^GRU/ }).isChecked()).toBe(true);
    await tabTo(/^Next: Training$/);
    await page.keyboard.press('Enter');
    await expectFocusOnNewStep('training');

    // Step 3: type the number of epochs, start with Space, wait, go on with Enter.
    await expect.poll(() => page.getByTestId('backend').first().textContent(), { timeout: 60_000 }).toContain('wasm');
    await tabTo(/^Epochs/);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2');
    await tabTo(/^Start training$/);
    await page.keyboard.press('Space');
    // Start is disabled while training: focus moves to Stop, and back to Start when it ends.
    await expect.poll(async () => (await focus()).name).toBe('Stop');
    await waitEnabled('Next: Evaluation');
    await expect.poll(async () => (await focus()).name).toBe('Start training');
    await tabTo(/^Next: Evaluation$/);
    await page.keyboard.press('Enter');
    await expectFocusOnNewStep('evaluation');
    await page.getByTestId('metrics-table').waitFor();

    // From the evaluation, back up into the stepper to the Export step and download the zip.
    await tabTo(/Export$/, { back: true });
    await page.keyboard.press('Enter');
    await expectFocusOnNewStep('export');
    await tabTo(/^Download model \(\.zip\)$/);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^weather-model-seattle-wa-gru-temp_max\.zip$/);
    expect(pageErrors).toEqual([]);
  });

  it.each([1280, 390])('axe-core finds no WCAG 2.1 A/AA or best-practice violation on any step at %i px', async (width) => {
    await ensureTrained();
    await page.setViewportSize({ width, height: 900 });
    const found: string[] = [];
    const wide: string[] = [];
    for (const step of STEPS) {
      await showStep(step);
      for (const v of await axeViolations(page)) found.push(`#/${step} @${width}px: ${v}`);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scrollWidth > innerWidth) wide.push(`#/${step}: page is ${scrollWidth} px wide in a ${innerWidth} px window`);
      // The stepper scrolls sideways on a narrow screen; the current step must be in view.
      const current = await page.locator('nav a[aria-current="step"]').boundingBox();
      if (!current || current.x < 0 || current.x + current.width > innerWidth) wide.push(`#/${step}: the current step is out of view in the stepper (${JSON.stringify(current)})`);
    }
    expect(found, found.join('\n')).toEqual([]);
    expect(wide).toEqual([]); // no horizontal page scroll, at 390 px too
  });

  it('every chart on every step has a label, a summary and a data table', async () => {
    await ensureTrained();
    await page.setViewportSize({ width: 1280, height: 900 });
    let count = 0;
    const missing: string[] = [];
    for (const step of STEPS) {
      await showStep(step);
      for (const chart of await page.evaluate(() => (window as unknown as A11yWindow).__a11y.charts())) {
        count++;
        if (!chart.label || !chart.summary || chart.tableRows === 0 || chart.tableHeaders === 0) missing.push(`#/${step}: ${JSON.stringify(chart)}`);
      }
    }
    expect(missing).toEqual([]);
    // Data, training, evaluation's error, forecast-vs-actual and residual charts, the continued training's curve, experiments.
    expect(count).toBeGreaterThanOrEqual(7);
  });

  it('prefers-reduced-motion: reduce stops every CSS transition and animation, and chart.js animation', async () => {
    const tags = customElementTags();
    expect(tags).toContain('progress-meter');
    await ensureTrained();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const moving: string[] = [];
    for (const step of STEPS) {
      await showStep(step);
      for (const m of await page.evaluate(() => (window as unknown as A11yWindow).__a11y.moving())) moving.push(`#/${step}: ${m}`);
      for (const c of await page.evaluate(() => (window as unknown as A11yWindow).__a11y.charts())) expect(c.animation, `#/${step} ${c.label}`).toBe(false);
    }
    // Also the rules of elements not on screen now (a progress bar, a pending overlay).
    const rules = await page.evaluate((t) => (window as unknown as A11yWindow).__a11y.movingRules(t), tags);
    expect([...new Set(moving)]).toEqual([]);
    expect(rules).toEqual([]);
    // The same check does see motion when the user has not asked for less.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect((await page.evaluate((t) => (window as unknown as A11yWindow).__a11y.movingRules(t), tags)).length).toBeGreaterThan(0);
  });
});
