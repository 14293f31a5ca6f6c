/**
 * The memory measurement of bench/hardening.ts, in a child process of its own (so its peak RSS is
 * the client's and the parser's, not the benchmark's): three 100 MB bodies — streamed, announced by
 * Content-Length, a gzip bomb — are offered by the parent's loopback server (EARSHOT_HARDENING_BASE)
 * to the real HTTP client through the rss adapter, then a feed just under the 10 MiB cap is parsed.
 * Loads only what it measures.
 */
import { createHttpClient } from '../../../src/http/client.js';
import { rssAdapter } from '../../../src/platforms/rss/source.js';
import type { SourceContext } from '../../../src/platforms/source.js';

export interface MemoryFigures {
  /** Peak RSS after loading the modules, before any request. */
  baselineRssMb: number;
  /** Peak RSS after the three 100 MB bodies were offered. */
  offeredRssMb: number;
  /** Peak RSS after a feed just under the 10 MiB cap was parsed. */
  parsedRssMb: number;
  errors: string[];
}

const MB = 1024 * 1024;

/** Peak resident memory of this process so far, in MB. */
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

async function measure(base: string): Promise<void> {
  const baselineRssMb = maxRssMb();
  const errors: string[] = [];
  const http = createHttpClient({ retries: 0 });
  for (const path of ['/big.xml', '/big-declared.xml', '/bomb.xml']) {
    const source = rssAdapter.schema.parse({ id: 'big', kind: 'rss', url: `${base}${path}` });
    try {
      await rssAdapter.fetch({
        source,
        http,
        cursor: undefined,
        credential: () => undefined,
        searchTerms: ['Acme'],
        now: new Date(),
        lookbackDays: 14,
        logger: { debug() {}, info() {}, warn() {}, error() {} },
      } as SourceContext<typeof source>);
      errors.push(`${path}: fetched`);
    } catch (error) {
      if (!String(error).includes('10 MiB')) errors.push(`${path}: ${String(error)}`);
    }
  }
  http.close();
  const offeredRssMb = maxRssMb();
  // A feed just under the cap, parsed.
  const item = (i: number) =>
    `<item><title>Acme ${i}</title><link>https://example.com/${i}</link><description>${'filler text '.repeat(40)}</description></item>`;
  let feed = '<rss version="2.0"><channel><title>big</title>';
  for (let i = 0; feed.length < 10 * MB - 2000; i++) feed += item(i);
  feed += '</channel></rss>';
  const items = rssAdapter.parse(
    { body: feed, url: 'https://example.com/feed.xml' },
    rssAdapter.schema.parse({ id: 'x', kind: 'rss', url: 'https://example.com/feed.xml' }),
  );
  if (items.length === 0) errors.push('the 10 MB feed gave no items');
  process.send!({ baselineRssMb, offeredRssMb, parsedRssMb: maxRssMb(), errors } satisfies MemoryFigures);
}

if (process.send && process.env.EARSHOT_HARDENING_BASE) {
  measure(process.env.EARSHOT_HARDENING_BASE).then(
    () => process.disconnect(),
    (error: unknown) => {
      process.stderr.write(`hardening memory child: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
