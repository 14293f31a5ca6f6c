/**
 * `npm run screenshots` — the README's two pictures, made from the offline demo: a mention issue as
 * Earshot files it (with the reply draft `/draft` posted) and the response dashboard after a few
 * answers. Everything runs on the local tracker; the browser is the one the tests use
 * (test/helpers/browser.ts). Writes docs/images/issue.png and docs/images/dashboard.png.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { chromium } from 'playwright-core';
import { main } from '../src/cli.js';
import { parseConfig } from '../src/config/load.js';
import { DEMO_NOW, demoConfig, runDemo } from '../src/demo.js';
import { allLabels } from '../src/issue/labels.js';
import { memoryLogger } from '../src/logger.js';
import { adapters } from '../src/platforms/index.js';
import { localRecord } from '../src/record/backends.js';
import { LocalScanRecord } from '../src/record/local/scan.js';
import { runReport } from '../src/report.js';
import { findChromium } from '../test/helpers/browser.js';

const dir = mkdtempSync(join(tmpdir(), 'earshot-screenshots-'));
const store = join(dir, '.earshot');
const configFile = join(dir, 'earshot.yml');
// The demo's config, with response targets and a three-week window for the report.
const configText = `${demoConfig('http://127.0.0.1:9')}
sla:
  firstResponse: { complaint: { high: 4h, default: 24h }, default: 3d }
report: { periods: 3 }
`;
writeFileSync(configFile, configText);
await runDemo({ store, json: true, logger: memoryLogger(), out: () => {} });

// A morning of answers, so the dashboard has something to measure.
const tracker = new LocalScanRecord({ dir: store, now: () => DEMO_NOW });
const filed = (await tracker.listIssues()).filter((i) => i.labels.includes('earshot'));
// The issue pictured: a high-priority complaint, answered first.
const pictured =
  filed.find((i) => i.labels.includes('complaint') && i.labels.includes('priority:high')) ?? filed[0];
const issues = [...(pictured ? [pictured] : []), ...filed.filter((i) => i !== pictured)];
const hour = (h: number) => new Date(DEMO_NOW.getTime() + h * 3_600_000);
const respond = (n: number, comment: string, at: number) =>
  main(
    [
      'respond',
      '--config',
      configFile,
      '--store',
      store,
      '--issue',
      String(n),
      '--comment',
      comment,
      '--as',
      'sam',
    ],
    {
      out: () => {},
      err: () => {},
      env: {},
      now: () => hour(at),
    },
  );
for (const [i, issue] of issues.slice(0, 14).entries()) {
  await respond(issue.number, '/draft', 0.5 + i * 0.4);
  if (i % 3 === 0) continue;
  await respond(issue.number, '/approve', 1 + i * 0.5);
  await respond(issue.number, '/reply --done', 1.2 + i * 0.6);
  if (i % 2 === 0) await respond(issue.number, '/resolve', 6 + i);
}

const browser = await findChromium();
const instance = await chromium.launch({ executablePath: browser.executablePath, args: browser.args });
const page = await instance.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });

// The dashboard.
const config = parseConfig(configText, 'demo', adapters);
await runReport(
  {
    config,
    store: localRecord({ dir: store, botLogin: config.respond.botLogin, now: () => DEMO_NOW }).report,
    now: () => hour(30),
    logger: memoryLogger(),
  },
  { htmlDir: join(dir, 'site') },
);
await page.goto(`file://${join(dir, 'site', 'index.html')}`);
await page.screenshot({ path: 'docs/images/dashboard.png', clip: { x: 0, y: 0, width: 1280, height: 1240 } });

// A mention issue and its draft, drawn the way GitHub lays an issue out.
const colors = new Map(
  allLabels([
    'hacker-news',
    'rss',
    'mastodon',
    'reddit',
    'stack-exchange',
    'lemmy',
    'bluesky',
    'app-store',
    'json-feed',
    'discourse',
    'github',
  ]).map((l) => [l.name, l.color]),
);
const shown = (await tracker.listIssues()).find((i) => i.number === issues[0]?.number);
if (!shown) throw new Error('the demo filed nothing');
const comments = JSON.parse(
  readFileSync(join(store, 'comments', `${String(shown.number).padStart(5, '0')}.json`), 'utf8'),
) as {
  comments: { body: string; user: { login: string } }[];
};
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const chip = (name: string) => {
  const hex = colors.get(name) ?? 'ededed';
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const dark = 0.299 * (r ?? 0) + 0.587 * (g ?? 0) + 0.114 * (b ?? 0) < 150;
  return `<span class="label" style="background:#${hex};color:${dark ? '#fff' : '#1f2328'}">${esc(name)}</span>`;
};
const box = (who: string, body: string) =>
  `<div class="comment"><div class="who"><b>${esc(who)}</b> commented</div><div class="body">${marked.parse(body, { async: false })}</div></div>`;
const html = `<!doctype html><meta charset="utf-8"><style>
body { font: 14px/1.5 -apple-system, "Segoe UI", system-ui, sans-serif; color: #1f2328; margin: 24px 40px; }
h1 { font-weight: 400; font-size: 26px; margin: 0 0 8px; } h1 span { color: #59636e; }
.state { display: inline-block; background: #1f883d; color: #fff; border-radius: 2em; padding: 4px 12px; font-weight: 600; }
.layout { display: grid; grid-template-columns: 1fr 260px; gap: 24px; margin-top: 16px; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; margin-bottom: 16px; }
.who { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; border-radius: 6px 6px 0 0; }
.layout > div { min-width: 0; } .body { padding: 4px 16px; overflow-wrap: anywhere; }
code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; white-space: pre-wrap; }
blockquote { color: #59636e; border-left: 4px solid #d1d9e0; margin: 0; padding: 0 12px; }
.side h4 { color: #59636e; font-size: 12px; margin: 0 0 6px; } .side div { margin-bottom: 16px; }
.label { display: inline-block; border-radius: 2em; padding: 0 8px; margin: 0 4px 4px 0; font-size: 12px; font-weight: 500; }
</style>
<h1>${esc(shown.title)} <span>#${shown.number}</span></h1><span class="state">Open</span>
<div class="layout"><div>${box('github-actions[bot]', shown.body)}${comments.comments
  .slice(0, 2)
  .map((c) => box(c.user.login, c.body))
  .join('')}</div>
<div class="side"><div><h4>Labels</h4>${shown.labels.map(chip).join('')}</div><div><h4>Milestone</h4>${esc(shown.milestone ?? '')}</div></div></div>`;
// A page of its own: the dashboard's Content-Security-Policy would block these styles.
const issuePage = await instance.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
await issuePage.setContent(html);
const height = await issuePage.evaluate(() => document.body.scrollHeight + 48);
await issuePage.screenshot({
  path: 'docs/images/issue.png',
  fullPage: true,
  clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 1400) },
});
await instance.close();
console.error(
  `wrote docs/images/issue.png (issue #${shown.number}) and docs/images/dashboard.png from ${dir}`,
);
