/**
 * A Bluesky post's text as the reader sees it, from a PostView (app.bsky.feed.defs#postView):
 *
 * - Links: clients shorten a URL in `record.text` to its display form (`drive.google.com/file/d/
 *   1rpor...`); the full URL is in `record.facets` (`app.bsky.richtext.facet#link`, a UTF-8 byte
 *   range and a `uri`). A shortened display becomes the full URL; a link on other words keeps the
 *   words and adds the URL in parentheses. Facets that are out of range, overlap, cut a character
 *   in two or point at something other than http(s) are ignored (the display text stays).
 * - Link cards (`embed` `app.bsky.embed.external#view`, or `record.embed` `app.bsky.embed.external`
 *   when the view is missing): title, description and URL, as a paragraph after the text.
 * - Quoted posts (`app.bsky.embed.record#view` → `#viewRecord`, also inside
 *   `app.bsky.embed.recordWithMedia#view`): `Quoting @handle: <their text, links expanded>`; a
 *   quoted post that was deleted or is blocked adds nothing.
 *
 * Everything stays plain, untrusted text: rendered only through the neutralizer.
 */
import * as z from 'zod';
import { httpUrl, showsUrl } from '../shared/link-text.js';

const facetsSchema = z.array(
  z.object({
    index: z.object({ byteStart: z.number().int(), byteEnd: z.number().int() }),
    features: z.array(z.object({ $type: z.string().optional(), uri: z.string().optional() }).loose()),
  }),
);

const externalSchema = z.object({
  uri: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});

const viewRecordSchema = z.object({
  author: z.object({ handle: z.string().nullish(), did: z.string() }).loose(),
  value: z.object({ text: z.string().nullish(), facets: z.unknown().optional() }).loose(),
});

const embedSchema = z
  .object({
    $type: z.string().optional(),
    external: z.unknown().optional(),
    record: z.unknown().optional(),
    media: z.unknown().optional(),
  })
  .loose();

/** The display text a client wrote for a link → what the text should say. */
function linkText(display: string, uri: string): string {
  return showsUrl(display, uri) || display.trim() === '' ? uri : `${display} (${uri})`;
}

/** True when byte `i` starts a UTF-8 character (or is the end of the text). */
function onBoundary(bytes: Buffer, i: number): boolean {
  return i === bytes.length || ((bytes[i] ?? 0) & 0xc0) !== 0x80;
}

/** `text` with each link facet's display text replaced by its full URL. */
export function expandLinks(text: string, facets: unknown): string {
  const parsed = facetsSchema.safeParse(facets);
  if (!parsed.success || parsed.data.length === 0) return text;
  const bytes = Buffer.from(text, 'utf8');
  const links = parsed.data
    .map((f) => ({
      start: f.index.byteStart,
      end: f.index.byteEnd,
      uri: httpUrl(f.features.find((x) => x.$type === 'app.bsky.richtext.facet#link')?.uri),
    }))
    .filter(
      (l): l is { start: number; end: number; uri: string } =>
        l.uri !== undefined &&
        l.start >= 0 &&
        l.start < l.end &&
        l.end <= bytes.length &&
        onBoundary(bytes, l.start) &&
        onBoundary(bytes, l.end),
    )
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const link of links) {
    if (link.start < at) continue; // overlaps the previous one
    out += bytes.subarray(at, link.start).toString('utf8');
    out += linkText(bytes.subarray(link.start, link.end).toString('utf8'), link.uri);
    at = link.end;
  }
  return out + bytes.subarray(at).toString('utf8');
}

function cardText(external: unknown, text: string): string | undefined {
  const card = externalSchema.safeParse(external);
  if (!card.success) return undefined;
  const uri = httpUrl(card.data.uri);
  const lines = [card.data.title?.trim(), card.data.description?.trim()];
  if (uri && !text.includes(uri)) lines.push(uri);
  const out = lines.filter((l): l is string => !!l).join('\n');
  return out || undefined;
}

function quoteText(record: unknown): string | undefined {
  const quoted = viewRecordSchema.safeParse(record);
  if (!quoted.success) return undefined;
  const body = expandLinks(quoted.data.value.text ?? '', quoted.data.value.facets).trim();
  if (!body) return undefined;
  const handle = quoted.data.author.handle;
  const who = handle && handle !== 'handle.invalid' ? `@${handle}` : quoted.data.author.did;
  return `Quoting ${who}: ${body}`;
}

/** The paragraphs a post's embed adds: a link card, a quoted post, or both. */
function embedParts(view: unknown, recordEmbed: unknown, text: string): string[] {
  const embed = embedSchema.safeParse(view ?? recordEmbed);
  if (!embed.success) return [];
  const type = embed.data.$type ?? '';
  const parts: (string | undefined)[] = [];
  if (type.startsWith('app.bsky.embed.external')) parts.push(cardText(embed.data.external, text));
  if (type === 'app.bsky.embed.record#view') parts.push(quoteText(embed.data.record));
  if (type === 'app.bsky.embed.recordWithMedia#view') {
    const inner = embedSchema.safeParse(embed.data.record);
    if (inner.success) parts.push(quoteText(inner.data.record));
    const media = embedSchema.safeParse(embed.data.media);
    if (media.success && (media.data.$type ?? '').startsWith('app.bsky.embed.external'))
      parts.push(cardText(media.data.external, text));
  }
  return parts.filter((p): p is string => !!p);
}

/** A post's readable text: links expanded, then its card and quoted post, one paragraph each. */
export function postText(
  record: { text?: string | null | undefined; facets?: unknown; embed?: unknown },
  embed: unknown,
): string {
  const text = expandLinks(record.text ?? '', record.facets).trim();
  return [text, ...embedParts(embed, record.embed, text)].filter(Boolean).join('\n\n');
}
