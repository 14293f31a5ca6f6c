/**
 * cheerio (with css-select and css-what) behind a loader, so that a scan loads it when an `html`
 * source is fetched rather than at start. The fetch awaits `loadCheerio()`; parsing then calls
 * `cheerio().load(…)` synchronously.
 *
 * This file is the sources' view (a static import: tests and scripts parse directly); in the
 * bundle, scripts/build.mjs puts cheerio.lazy.ts in its place (a chunk loaded by loadCheerio()).
 */
import * as slim from 'cheerio/slim';

export type CheerioModule = typeof slim;

export function loadCheerio(): Promise<void> {
  return Promise.resolve();
}

export function cheerio(): CheerioModule {
  return slim;
}
