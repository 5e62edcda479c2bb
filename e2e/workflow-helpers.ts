import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { basicItems } from '../dev/fixtures/basic';
import { E2E, expect } from './helpers';

// Shared by the workflow specs: the workflow app's stand-in, briefs published "now", axe.

export const WORKFLOW = E2E.workflow;

export async function serveItems(items: readonly unknown[]): Promise<void> {
  const res = await fetch(`${WORKFLOW.upstream}/__control/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items, pageSize: 10 }),
  });
  expect(res.ok).toBe(true);
}

/** Serves the basic fixture and waits until the app has refreshed to it. */
export async function resetFeed(): Promise<void> {
  await serveItems(basicItems);
  await waitForTotal('', basicItems.length);
}

export async function waitForTotal(query: string, total: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await fetch(`${WORKFLOW.app}/api/briefs?${query}${query ? '&' : ''}pageSize=1`);
        return res.ok ? ((await res.json()) as { total: number }).total : -1;
      },
      { timeout: 30_000, intervals: [250, 500, 1000] },
    )
    .toBe(total);
}

/** A Fortinet brief published at this moment. */
export function freshFortinetItem(n: number, stamp = Date.now()) {
  const slug = `2026-12-fresh-fortinet-${stamp}-${n}`;
  const now = new Date().toISOString();
  return {
    id: `https://feed.craftedsignal.io/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Fresh FortiGate flaw ${n} [${stamp}]`,
    summary: `A new FortiGate flaw, number ${n}.`,
    content_html: `<p>New.</p><h2 id="recommendations">Recommendations</h2><ul><li>Patch ${n}</li><li>Hunt ${n}</li></ul>`,
    date_published: now,
    date_modified: now,
    _cs_type: 'threat',
    _cs_severities: ['critical'],
    _cs_vendors: ['Fortinet'],
    _cs_products: ['FortiGate'],
    _cs_tags: ['vpn'],
    _cs_exploited: true,
  };
}

export async function expectAxeClean(page: Page, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
}

/** Nothing wider than the viewport: no sideways scrolling at 375 px. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}
