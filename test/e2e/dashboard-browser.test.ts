/**
 * The dashboard in a real browser: a Chromium found by test/helpers/browser.ts (yours, or the one
 * the @sparticuz/chromium dev dependency ships), driven headless by playwright-core. The page is opened from file://, shows the hand-computed
 * figures of the fixture history, its filters change them (and the URL), it requests nothing but
 * itself, and a screenshot is kept under test-artifacts/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboard } from '../../src/report/dashboard/html.js';
import { fixtureReport } from '../fixtures/report/facts.js';
import { findChromium } from '../helpers/browser.js';

const ARTIFACTS = resolve('test-artifacts');

describe('the dashboard page in chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const browser = await findChromium();
    const { facts, metrics } = fixtureReport(2);
    const dir = mkdtempSync(join(tmpdir(), 'earshot-dashboard-'));
    url = `file://${await writeDashboard(dir, { metrics, facts, clockNote: 'wall clock' })}`;
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'earshot-chromium-')), {
      executablePath: browser.executablePath,
      headless: true,
      args: [
        ...browser.args,
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url);
  }, 30_000);

  afterAll(async () => {
    await context?.close();
  });

  const kpi = (id: string) => page.locator(`#kpi-${id} .value`).textContent();
  const kpis = async () => ({
    mentions: await kpi('mentions'),
    answered: await kpi('response-rate'),
    firstResponse: await kpi('first-response'),
    sla: await kpi('sla'),
    brandHealth: await kpi('brand-health'),
    handOff: await kpi('hand-off'),
  });
  const openNumbers = () =>
    page.locator('#open-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));

  it('loads with the figures of the whole window (hand-computed in metrics.test.ts)', async () => {
    expect(await page.title()).toBe('Earshot — response dashboard');
    expect(await kpis()).toEqual({
      mentions: '9',
      answered: '67%',
      firstResponse: '2h 00m', // median of 1200 1800 7200 7200 14400 108000 s = 7200 s
      sla: '71%', // 5 met of 7 due
      brandHealth: '33%', // 2 ÷ (2 + 4)
      handOff: '33%', // 2 followed up ÷ 6 answered
    });
    expect(await openNumbers()).toEqual(['6', '9']);
    expect(await page.locator('#open-list a').first().getAttribute('href')).toBe(
      'https://github.com/acme/mentions/issues/6',
    );
    expect(await page.locator('svg.chart').count()).toBe(3);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('the category filter changes the figures', async () => {
    await page.selectOption('#f-category', { label: 'complaint' });
    // Complaints #1 #2 #6 #8: answered #1 #2 #8; first responses 1200 7200 108000; SLA #1 #8 met,
    // #2 #6 breached; brand health over 4 complaints is too few to say.
    expect(await kpis()).toEqual({
      mentions: '4',
      answered: '75%',
      firstResponse: '2h 00m',
      sla: '50%',
      brandHealth: '\u2014',
      handOff: '67%',
    });
    expect(await openNumbers()).toEqual(['6']);
    expect(await page.locator('#out-caption').textContent()).toBe('Showing all 2 weeks, complaints.');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-complaints.png'), fullPage: true });
  });

  it('period and source filters combine; the URL keeps them and a reload restores them', async () => {
    await page.selectOption('#f-category', '-1');
    await page.selectOption('#f-period', { label: '2026-W47 (16–22 Nov 2026)' });
    await page.selectOption('#f-source', { label: 'hn' });
    // W47 from hn: #1 (7200 s) and #3 (7200 s, closed): both answered, both met.
    expect(await kpis()).toMatchObject({
      mentions: '2',
      answered: '100%',
      firstResponse: '2h 00m',
      sla: '100%',
    });
    expect(await page.locator('#open-list').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#period=2026-W47&source=hn');
    await page.reload();
    expect(await page.locator('#f-period').inputValue()).toBe('0');
    expect(await kpi('mentions')).toBe('2');
    // The trend table marks the selected week.
    expect(await page.locator('#volume-table tr.current th').textContent()).toBe('2026-W47');
    await page.click('#f-reset');
    expect(await kpi('mentions')).toBe('9');
    expect(new URL(page.url()).hash).toBe('');
  });

  it('no table scrolls sideways at 1280 px', async () => {
    await page.click('#f-reset');
    const overflowing = await page
      .locator('.scroll')
      .evaluateAll((els) =>
        els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.querySelector('table')?.id ?? '?'),
      );
    expect(overflowing).toEqual([]);
  });

  it('requested nothing but the page itself, without errors', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r).toBe(url);
    expect(problems).toEqual([]);
  });
});
