/** The bundle's cheerio.ts (scripts/build.mjs swaps it in): cheerio is a chunk loaded on first use. */
import type { CheerioModule } from './cheerio.js';

let loaded: CheerioModule | undefined;
let loading: Promise<void> | undefined;

export function loadCheerio(): Promise<void> {
  loading ??= import('cheerio/slim').then((m) => {
    loaded = m;
  });
  return loading;
}

export function cheerio(): CheerioModule {
  if (!loaded) throw new Error('cheerio was used before loadCheerio() resolved');
  return loaded;
}
