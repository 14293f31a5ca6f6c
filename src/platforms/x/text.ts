/**
 * A post's text as its author wrote it, from an X API v2 Post object:
 *
 * - Long posts: `text` holds only the first 280 characters; the whole post is in
 *   `note_tweet.text` (with its own `note_tweet.entities`), requested with
 *   `tweet.fields=note_tweet`. The API's newer OpenAPI description calls the field `note_post`;
 *   both are read.
 * - Links: X replaces every URL with a `https://t.co/…` link; `entities.urls[]` pairs each `url`
 *   with its `expanded_url` (media links expand to the post's photo page). Each t.co link that
 *   has an http(s) expansion is replaced by it.
 * - X escapes `&`, `<` and `>` in `text` as `&amp;`, `&lt;`, `&gt;` (and nothing else): they are
 *   unescaped once.
 *
 * Everything stays plain, untrusted text: rendered only through the neutralizer.
 */
import * as z from 'zod';
import { httpUrl } from '../shared/link-text.js';

const urlEntitySchema = z.object({ url: z.string(), expanded_url: z.string().nullish() }).loose();
const entitiesSchema = z.object({ urls: z.array(z.unknown()).nullish() }).loose();
const noteSchema = z.object({ text: z.string(), entities: z.unknown().optional() }).loose();

/** `&amp;`, `&lt;`, `&gt;` → `&`, `<`, `>` (once: `&amp;lt;` is the text `&lt;`). */
export function unescapeXText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

/** `text` with each t.co link of `entities.urls` replaced by its expanded URL. */
export function expandLinks(text: string, entities: unknown): string {
  const parsed = entitiesSchema.safeParse(entities);
  if (!parsed.success || !parsed.data.urls) return text;
  let out = text;
  for (const raw of parsed.data.urls) {
    const entity = urlEntitySchema.safeParse(raw);
    if (!entity.success) continue;
    const expanded = httpUrl(entity.data.expanded_url ?? undefined);
    const short = entity.data.url;
    // Only a link X shortened is replaced, and only where it stands as a whole word.
    if (!expanded || !/^https?:\/\/t\.co\/[A-Za-z0-9]+$/.test(short)) continue;
    out = out.replace(
      new RegExp(`${short.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'),
      () => expanded,
    );
  }
  return out;
}

/** A post's readable text: the long form when there is one, links expanded, entities unescaped. */
export function postText(post: {
  text: string;
  entities?: unknown;
  note_tweet?: unknown;
  note_post?: unknown;
}): string {
  const note = noteSchema.safeParse(post.note_tweet ?? post.note_post);
  const body = note.success && note.data.text.trim() !== '' ? note.data : post;
  return expandLinks(unescapeXText(body.text), body.entities).trim();
}
