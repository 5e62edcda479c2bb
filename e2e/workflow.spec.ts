import { readFile } from 'node:fs/promises';
import { BASIC_FULL_BRIEFS } from '../dev/fixtures/basic';
import { escapeMarkdown } from '../lib/workflow/markdown';
import { expect, rowLinks, test, waitForHydration } from './helpers';
import {
  WORKFLOW,
  expectAxeClean,
  freshFortinetItem,
  resetFeed,
  serveItems,
  waitForTotal,
} from './workflow-helpers';
import { basicItems } from '../dev/fixtures/basic';

// The analyst workflow through the production server and its own upstream stand-in (refresh and
// new-brief polling every 2 s): watchlists, New markers and the pill, triage, copy as Markdown.
// The stand-in is changed by these tests, so they run in order against a reset feed.

test.use({ baseURL: WORKFLOW.app });
test.describe.configure({ mode: 'serial' });

const BRIEF = BASIC_FULL_BRIEFS[0].slug;

test.beforeAll(async () => {
  await resetFeed();
});

test('a watchlist is saved, survives a reload, and shows briefs published while the page is open', async ({
  page,
}) => {
  await page.goto('/?vendor=Fortinet');
  await waitForHydration(page);
  const panel = page.getByTestId('watchlists');
  await panel.getByLabel('Save this view as').fill('Fortinet stack');
  await panel.getByRole('button', { name: 'Save as watchlist' }).click();
  await expect(panel.getByText('This view is your watchlist')).toContainText('Fortinet stack');

  await page.reload();
  await waitForHydration(page);
  await expect(panel.getByRole('link', { name: 'Fortinet stack' })).toHaveAttribute(
    'href',
    '/?vendor=Fortinet',
  );
  await expect(page.getByTestId('new-marker')).toHaveCount(0);
  const before = await rowLinks(page).count();

  // The stand-in publishes three new Fortinet briefs (and one for another vendor).
  const stamp = Date.now();
  const fresh = [1, 2, 3].map((n) => freshFortinetItem(n, stamp));
  const other = { ...freshFortinetItem(4, stamp), _cs_vendors: ['Okta'], title: `Okta ${stamp}` };
  await serveItems([...fresh, other, ...basicItems]);

  const pill = page.getByTestId('new-briefs-pill');
  // Refresh (2 s) plus poll interval (2 s), with room for a loaded machine.
  await expect(pill).toHaveText('3 new briefs: show', { timeout: 20_000 });
  await expectAxeClean(page, '#results');
  await pill.click();
  await expect(pill).toHaveCount(0);
  await expect(rowLinks(page)).toHaveCount(before + 3);
  const newRows = page.locator('li', { has: page.getByTestId('new-marker') });
  await expect(newRows).toHaveCount(3);
  for (const item of fresh) await expect(newRows.getByText(item.title)).toBeVisible();

  // The whole feed view: the watchlist counts its three new briefs.
  await page.goto('/');
  await waitForHydration(page);
  await expect(panel.getByTestId('watchlist-new-count')).toHaveText('3 new');
});

test('mark a brief read (one name, aria-pressed), hide read briefs as a list filter, mark it unread', async ({
  page,
}) => {
  await page.goto('/?vendor=Fortinet');
  await waitForHydration(page);
  const firstRow = page.locator('ol[aria-label="Briefs"] > li').first();
  const title = (await firstRow.locator('[data-brief-link]').textContent()) ?? '';
  const toggle = page.getByRole('button', { name: `Read: ${title}`, exact: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  // The same name, pressed: the state is said once, by aria-pressed.
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const count = page.getByTestId('result-count').locator('strong');
  const total = Number(await count.textContent());
  const rows = await rowLinks(page).count();
  expect(rows).toBe(total); // one page: every row is on it

  await page.getByLabel(/Hide read/).check();
  // A filter, not CSS: the count says what is shown, the row is not in the list at all.
  await expect(count).toHaveText(String(total - 1));
  await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(0);
  await expect(rowLinks(page)).toHaveCount(rows - 1);
  // j walks every row shown, skipping none.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < rows - 1; i++) {
    await page.keyboard.press('j');
    await expect(rowLinks(page).nth(i)).toBeFocused();
    await expect(rowLinks(page).nth(i)).toBeVisible();
  }

  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel(/Hide read/)).toBeChecked();
  await expect(count).toHaveText(String(total - 1));
  await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(0);
  await page.getByLabel(/Hide read/).uncheck();
  await expect(count).toHaveText(String(total));
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
});

test('ticked recommendations stay ticked across a reload', async ({ page }) => {
  await page.goto(`/briefs/${BRIEF}`);
  await waitForHydration(page);
  const boxes = page.getByTestId('recommendations').getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  await page.reload();
  await waitForHydration(page);
  await expect(boxes.nth(0)).toBeChecked();
  await expect(boxes.nth(1)).not.toBeChecked();
  await expect(boxes.nth(2)).toBeChecked();
});

test('copy as Markdown puts the brief on the clipboard', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: WORKFLOW.app });
  const res = await request.get(`${WORKFLOW.app}/api/briefs/${BRIEF}`);
  const brief = (await res.json()) as {
    title: string;
    url: string;
    summary: string;
    sections: { attackChain: { text: string }[]; recommendations: { text: string }[] };
    techniques: { id: string; name: string | null }[];
    cves: { id: string; cvss: number | null }[];
  };
  await page.goto(`/briefs/${BRIEF}`);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(page.getByTestId('brief-workflow').getByRole('status').first()).toHaveText('Copied');
  const text = await page.evaluate(() => navigator.clipboard.readText());

  const lines = text.split('\n');
  expect(lines[0]).toBe(`## [${escapeMarkdown(brief.title)}](<${WORKFLOW.app}/briefs/${BRIEF}>)`);
  expect(text).toContain('**Severity:** Critical · **Type:** Threat · **Published:** 2026-11-18');
  expect(text).toContain(`Original: <${brief.url}>`);
  expect(text).toContain(escapeMarkdown(brief.summary));
  brief.sections.attackChain.forEach((step, i) =>
    expect(lines).toContain(`${i + 1}. ${escapeMarkdown(step.text)}`),
  );
  for (const item of brief.sections.recommendations) {
    expect(lines).toContain(`- [ ] ${escapeMarkdown(item.text)}`);
  }
  for (const t of brief.techniques) expect(text).toContain(`[${escapeMarkdown(t.id)}]`);
  for (const cve of brief.cves) expect(text).toContain(`[${escapeMarkdown(cve.id)}]`);

  await page.getByRole('button', { name: 'Copy chat snippet' }).click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).not.toContain('\n');
  expect(snippet).toContain(escapeMarkdown(brief.title));
  expect(snippet).toContain(`<${WORKFLOW.app}/briefs/${BRIEF}>`);

  await page.goto('/?vendor=Fortinet&severity=critical');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Copy digest' }).click();
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toContain('## Threat briefs: Severity\\: critical; Vendor\\: Fortinet');
  const digest = await page.evaluate(() => navigator.clipboard.readText());
  expect(digest).toContain(`(<${WORKFLOW.app}/briefs/${BRIEF}>)`);
});

test('where the clipboard is refused, the text shows selected in a textarea', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
  });
  await page.goto(`/briefs/${BRIEF}`);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  const area = page.getByLabel(/refused the clipboard/);
  await expect(area).toBeVisible();
  await expect(area).toHaveValue(/^## \[FortiOS SSL VPN/);
  const selected = await area.evaluate(
    (el: HTMLTextAreaElement) => el.selectionEnd - el.selectionStart === el.value.length,
  );
  expect(selected).toBe(true);
});

test('watchlists rename, delete, export and import; Clear my data forgets everything', async ({
  page,
  browser,
}) => {
  await page.goto('/?severity=critical');
  await waitForHydration(page);
  const panel = page.getByTestId('watchlists');
  await panel.getByLabel('Save this view as').fill('Critical');
  await panel.getByRole('button', { name: 'Save as watchlist' }).click();
  await page.goto('/?tag=vpn');
  await waitForHydration(page);
  await panel.getByLabel('Save this view as').fill('VPN');
  await panel.getByRole('button', { name: 'Save as watchlist' }).click();

  await panel.getByRole('button', { name: 'Rename Critical' }).click();
  await panel.getByLabel('New name for Critical').fill('Only critical');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(panel.getByRole('link', { name: 'Only critical' })).toHaveAttribute(
    'href',
    '/?severity=critical',
  );

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export watchlists' }).click(),
  ]);
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as unknown;
  expect(exported).toEqual({
    format: 'craftedsignal-briefs-watchlists',
    version: 1,
    watchlists: [
      { name: 'Only critical', query: 'severity=critical' },
      { name: 'VPN', query: 'tag=vpn' },
    ],
  });

  await panel.getByRole('button', { name: 'Delete VPN' }).click();
  await expect(panel.getByTestId('watchlist')).toHaveCount(1);

  // Another browser imports the file; a broken file is refused with its reason.
  const other = await browser.newContext({ baseURL: WORKFLOW.app });
  const second = await other.newPage();
  await second.goto('/');
  await waitForHydration(second);
  const secondPanel = second.getByTestId('watchlists');
  await secondPanel.getByTestId('import-watchlists').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'craftedsignal-briefs-watchlists',
        version: 1,
        watchlists: [{ name: 'x', query: 'severity=urgent' }],
      }),
    ),
  });
  await expect(secondPanel.getByRole('status')).toContainText(
    'Import failed: watchlists.0.query: severity must be one of',
  );
  await secondPanel.getByTestId('import-watchlists').setInputFiles((await download.path())!);
  await expect(secondPanel.getByRole('status')).toHaveText('Imported 2 watchlists');
  await expect(secondPanel.getByRole('link', { name: 'VPN' })).toHaveAttribute('href', '/?tag=vpn');
  await other.close();

  // Clear my data: watchlists, read marks and ticks go, after a reload too.
  await page
    .getByRole('button', { name: /^Read: /, pressed: false })
    .first()
    .click();
  await page.goto(`/briefs/${BRIEF}`);
  await waitForHydration(page);
  await page.getByTestId('recommendations').getByRole('checkbox').first().check();
  await page.goto('/');
  await waitForHydration(page);
  await panel.getByRole('button', { name: 'Clear my data' }).click();
  await panel.getByRole('button', { name: 'Yes, clear' }).click();
  await expect(panel.getByTestId('watchlist')).toHaveCount(0);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('cs-briefs.')),
  );
  expect(kept).toEqual([]);
  await page.goto(`/briefs/${BRIEF}`);
  await waitForHydration(page);
  await expect(page.getByTestId('recommendations').getByRole('checkbox').first()).not.toBeChecked();
  await expect(page.getByRole('button', { name: /^Read: /, pressed: false })).toBeVisible();
});

test('with JavaScript off the pages work and the workflow controls do not show', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: WORKFLOW.app });
  const page = await context.newPage();
  await page.goto('/?vendor=Fortinet');
  await expect(rowLinks(page).first()).toBeVisible();
  await expect(page.getByTestId('watchlists')).toHaveCount(0);
  await expect(page.getByTestId('read-toggle')).toHaveCount(0);
  await page.goto(`/briefs/${BRIEF}`);
  await expect(page.getByTestId('recommendations').getByRole('checkbox').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy as Markdown' })).toHaveCount(0);
  await page.goto('/attack');
  await expect(page.getByTestId('coverage')).toHaveCount(0);
  await context.close();
});

test.afterAll(async () => {
  await waitForTotal('', (await resetFeed(), basicItems.length));
});
