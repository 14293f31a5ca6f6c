/**
 * The mention's words back from a filed issue, for learning from the team's corrections: the
 * inverse (as far as it goes) of src/issue/neutralize.ts — code spans around hazards unwrapped,
 * Markdown escapes and the entities neutralize writes decoded, the quote's `> ` prefixes removed.
 * What neutralize dropped (format characters, a truncated tail) stays lost; for training a
 * bag-of-n-grams model that is immaterial.
 */

import { ENTITY, ENTITY_TEXT, TRUNCATION_NOTE } from '../issue/neutralize.js';

/** Neutralized Markdown (one line or several) back to plain text. */
export function unneutralize(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i] ?? '';
    if (c === '\\' && i + 1 < markdown.length) {
      out += markdown[i + 1];
      i++;
    } else if (c === '`') {
      const end = markdown.indexOf('`', i + 1);
      if (end < 0) out += c;
      else {
        out += markdown.slice(i + 1, end);
        i = end;
      }
    } else if (c === '&') {
      const entity = ENTITY.exec(markdown.slice(i, i + 6))?.[0];
      out += entity ? ENTITY_TEXT[entity] : c;
      if (entity) i += entity.length - 1;
    } else out += c;
  }
  return out;
}

/** The title (from the Title row, when the issue has one) and the quoted text of a mention issue. */
export function mentionFromBody(body: string): { title: string; text: string } {
  const lines = body.split('\n');
  const quote: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('>')) break;
    quote.push(line.replace(/^> ?/, ''));
  }
  let text = unneutralize(quote.join('\n'));
  if (text.endsWith(TRUNCATION_NOTE)) text = text.slice(0, -TRUNCATION_NOTE.length);
  text = text.trim();
  const titleRow = lines.find((l) => l.startsWith('| Title | '));
  const title = titleRow ? unneutralize(titleRow.slice('| Title | '.length).replace(/ \|$/, '')).trim() : '';
  return { title, text: text === '(no text)' ? '' : text };
}
