/** A small RSS 2.0 blog feed for end-to-end runs: one item per post, dated relative to `now`. */

export interface BlogPost {
  /** Numbers the post's link (https://blog.example.com/p/<n>) and guid (p-<n>). */
  n: number;
  title: string;
  text: string;
  hoursAgo: number;
  /** The item's link instead of the blog's own (an aggregator's item points elsewhere). */
  link?: string;
}

/** Titles and texts go in as they are (callers pass plain words, no markup). */
export function blogFeed(posts: readonly BlogPost[], now = Date.now()): string {
  const items = posts.map(
    (p) =>
      `<item><title>${p.title}</title><link>${p.link ?? `https://blog.example.com/p/${p.n}`}</link><guid>p-${p.n}</guid>` +
      `<pubDate>${new Date(now - p.hoursAgo * 3_600_000).toUTCString()}</pubDate><description>${p.text}</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example.com/</link>
${items.join('\n')}
</channel></rss>`;
}
