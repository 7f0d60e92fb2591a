/**
 * axe-core in the page under test. Its source is evaluated (not added as a <script>), because the
 * app's Content-Security-Policy refuses inline scripts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** WCAG 2.0/2.1 A and AA, WCAG 2.2 AA (target size) and best practice. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[]; failureSummary: string }[];
}

type AxeWindow = Window & { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } };

/** axe's violations on the page as it is now, one readable string each (empty when there are none). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate((tags) => (window as unknown as AxeWindow).axe.run(document, { runOnly: tags }).then((r) => r.violations), AXE_TAGS);
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`,
  );
}
