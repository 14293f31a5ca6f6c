/**
 * What the queries are matched against: the text people read (DESIGN §1: normalize → match).
 *
 * A company's name inside a URL is not a mention: "Read more at https://www.globex.com/pricing"
 * does not mention Globex, any more than a link in a feed's `<link>` or an `href` does. So by
 * default the title and text are matched with their URLs taken out — every `scheme://…` run
 * (http, https, ftp, and any other scheme), `www.…` hosts and `mailto:` addresses, up to the next
 * blank, quote or angle bracket, each replaced by one space so the words around it stay apart.
 * A Markdown link `[the Acme docs](https://…)` keeps its words. A bare name such as `acme.com`
 * written in a sentence is read by people and still matches. `match.urls: true` matches the text
 * with its URLs, for teams that want links to their site counted.
 */
import * as z from 'zod';

export const matchSchema = z
  .object({
    urls: z
      .boolean()
      .default(false)
      .describe(
        'Also match inside URLs written in a mention (default false: "https://www.acme.com/pricing" alone is not an Acme mention).',
      ),
  })
  .default({ urls: false })
  .describe('What the queries are matched against.');
export type MatchConfig = z.infer<typeof matchSchema>;

/** A URL as written in text: a scheme and `//`, a `www.` host, or a `mailto:` address. */
const URL_IN_TEXT = /(?:\b[a-z][a-z0-9+.-]{1,20}:\/\/|\bwww\.|\bmailto:)[^\s<>"'`]*/giu;

/** The text with every URL replaced by one space. */
export function withoutUrls(text: string): string {
  return text.replace(URL_IN_TEXT, ' ');
}

/** The matcher's input for a mention: its title and text, without URLs unless `urls` is set. */
export function matchInput(mention: { title: string; text: string }, config: MatchConfig): string {
  const text = `${mention.title}\n${mention.text}`;
  return config.urls ? text : withoutUrls(text);
}
