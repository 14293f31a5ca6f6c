/**
 * The strict pass without the object tree: sax (strict, the options xml2js gives it) reads the
 * document once and keeps only what rss-parser's verdict depends on — the root, the first channel,
 * the item / entry count, the titles — then predicts what `strictParse` (rss-parser over xml2js)
 * would answer. xml2js builds an object per element and rss-parser copies, decodes and snippets
 * every item; this pass allocates a few small frames per element and nothing per item.
 *
 * It only answers when the prediction is certain: a well-formed RSS 0.9x / 1.0 / 2.0 or Atom feed
 * whose titles, links, dates and bodies are of the plain shapes rss-parser handles without a
 * surprise. Anything else (not well-formed, an unrecognised root, an Atom link without attributes,
 * an Atom date `new Date()` refuses, a title that xml2js would turn into an object, iTunes
 * decoration …) returns undefined and the caller runs the real strict pass, which gives the exact
 * reason. So the verdict is always rss-parser's own; this is only the fast way to reach it.
 */
import sax from 'sax';
import type { StrictResult } from './strict.js';

/** Element names xml2js stores under keys it also uses itself (or that are object internals). */
const RESERVED = new Set(['$', '_', '#name', 'cdata', '__proto__', 'constructor', 'prototype']);

interface Frame {
  name: string;
  depth: number;
  attrs: boolean;
  children: boolean;
  cdata: boolean;
  /** The element's own text (text and CDATA directly inside it), kept only where it matters. */
  text: string | undefined;
}

/** Where an element sits, for the few paths rss-parser reads. */
type Role = 'root' | 'channel' | 'item' | 'field' | 'none';

class Unsure extends Error {}
const UNSURE = new Unsure('unsure');

/** The own text of a title as xml2js hands it to rss-parser, or undefined when that is not a string. */
function plainText(f: Frame): string | undefined {
  const text = f.text ?? '';
  if (!f.attrs && !f.children) return text;
  // An object: its `_` (the own text) is kept when it is not blank or came from CDATA.
  if (/\S/.test(text) && !f.cdata) return text;
  return undefined;
}

interface Holder {
  /** First `title` and `dc:title` children: their text, or null when not a plain string. */
  title?: string | null;
  dcTitle?: string | null;
}

function titleOf(h: Holder): string | null | undefined {
  return h.title !== undefined ? h.title : h.dcTitle;
}

export function quickStrict(text: string): StrictResult | undefined {
  if (text.trim() === '') return undefined;
  const parser = sax.parser(true, { trim: false, normalize: false, xmlns: false });
  const stack: Frame[] = [];
  let root: (Frame & { version: string; itunes: boolean }) | undefined;
  let rootClosed = false;
  let format: 'rss2' | 'rss09' | 'rss1' | 'atom' | undefined;
  let sawChannel = false;
  const feed: Holder = {};
  let items = 0;
  let current: (Holder & { published?: string; updated?: string }) | undefined;
  /** Which frames collect their text, and what for. */
  const roles = new Map<Frame, Role>();

  parser.onerror = () => {
    throw UNSURE;
  };
  parser.onopentag = (tag) => {
    const name = tag.name;
    if (RESERVED.has(name)) throw UNSURE;
    const parent = stack[stack.length - 1];
    if (parent) parent.children = true;
    let hasAttrs = false;
    for (const _ in tag.attributes) {
      hasAttrs = true;
      break;
    }
    const frame: Frame = {
      name,
      depth: stack.length + 1,
      attrs: hasAttrs,
      children: false,
      cdata: false,
      text: undefined,
    };
    stack.push(frame);
    if (!parent) {
      const attributes = tag.attributes as Record<string, string>;
      root = {
        ...frame,
        version: attributes.version ?? '',
        itunes: attributes['xmlns:itunes'] !== undefined,
      };
      stack[0] = root;
      if (name === 'feed') {
        format = 'atom';
      } else if (name === 'rss') {
        if (/^2/.test(root.version)) format = 'rss2';
        else if (/0\.9/.test(root.version)) format = 'rss09';
        else throw UNSURE;
        if (root.itunes) throw UNSURE;
      } else if (name === 'rdf:RDF') {
        format = 'rss1';
      } else {
        throw UNSURE;
      }
      roles.set(root, 'root');
      return;
    }
    const parentRole = roles.get(parent) ?? 'none';
    if (parentRole === 'root') {
      if (name === 'channel' && !sawChannel) {
        // The first channel holds the feed's title (and, but in RSS 1.0, its items).
        sawChannel = true;
        roles.set(frame, 'channel');
        return;
      }
      if (format === 'atom' || format === 'rss1') {
        if (name === (format === 'atom' ? 'entry' : 'item')) {
          items++;
          current = {};
          roles.set(frame, 'item');
          return;
        }
        if (format === 'atom') fieldOf(frame, feed, true);
      }
      return;
    }
    if (parentRole === 'channel') {
      if (name === 'item' && format !== 'rss1') {
        items++;
        current = {};
        roles.set(frame, 'item');
        return;
      }
      fieldOf(frame, feed, false);
      return;
    }
    if (parentRole === 'item' && current) fieldOf(frame, current, format === 'atom');
  };

  /** Marks a child of the feed / channel / item whose shape rss-parser reads. */
  const fieldOf = (frame: Frame, _holder: Holder, atom: boolean) => {
    const n = frame.name;
    if (
      n === 'title' ||
      n === 'dc:title' ||
      n === 'description' ||
      (atom && (n === 'link' || n === 'published' || n === 'updated' || n === 'content' || n === 'summary'))
    ) {
      frame.text = '';
      roles.set(frame, 'field');
    }
  };

  const addText = (t: string, cdata: boolean) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.text !== undefined) top.text += t;
    if (cdata) top.cdata = true;
  };
  parser.ontext = (t) => addText(t, false);
  parser.oncdata = (t) => addText(t, true);

  parser.onclosetag = () => {
    const frame = stack.pop();
    if (!frame) throw UNSURE;
    const role = roles.get(frame);
    if (role === 'root') {
      rootClosed = true;
      return;
    }
    if (role === 'item') {
      if (current && format === 'atom') atomDates(current);
      if (titleOf(current ?? {}) === null) throw UNSURE;
      current = undefined;
      return;
    }
    if (role !== 'field') return;
    const parentFrame = stack[stack.length - 1];
    const holder = parentFrame && roles.get(parentFrame) === 'item' ? current : feed;
    if (!holder) return;
    const atom = format === 'atom';
    switch (frame.name) {
      case 'title':
        if (holder.title === undefined) holder.title = plainText(frame) ?? null;
        if (atom && holder.title === null) throw UNSURE;
        break;
      case 'dc:title':
        if (holder.dcTitle === undefined) holder.dcTitle = plainText(frame) ?? null;
        break;
      case 'link':
        // utils.getLink reads `links[i].$.rel`: a link without attributes throws.
        if (!frame.attrs) throw UNSURE;
        break;
      case 'description':
      case 'content':
      case 'summary':
        // utils.getContent builds XML from an object without text (xml2js.Builder): not predicted.
        if ((frame.attrs || frame.children) && !(/\S/.test(frame.text ?? '') || frame.cdata)) throw UNSURE;
        break;
      case 'published':
      case 'updated': {
        if (holder !== current || !current) break;
        const key = frame.name;
        if (current[key] !== undefined) break;
        // parseItemAtom reads `[0].length` (undefined on an object) then `new Date(s).toISOString()`.
        current[key] = !frame.attrs && !frame.children ? (frame.text ?? '') : '';
        break;
      }
    }
  };

  /** parseItemAtom: `new Date(published).toISOString()` (or updated) throws on an invalid date. */
  const atomDates = (entry: { published?: string; updated?: string }) => {
    for (const value of [entry.published, entry.updated]) {
      if (!value) continue;
      if (Number.isNaN(new Date(value).getTime())) throw UNSURE;
      return;
    }
  };

  try {
    parser.write(text).close();
  } catch (error) {
    // xml2js reports the whole document at the root's end tag; an error after it is never seen.
    if (!(error instanceof Unsure) || !rootClosed) return undefined;
  }
  if (!rootClosed || !root) return undefined;
  if (format === 'atom' && !root.attrs && !root.children) return undefined;
  if ((format === 'rss2' || format === 'rss09' || format === 'rss1') && !sawChannel) return undefined;
  if (format === 'rss1' && !root.attrs && !root.children) return undefined;
  const title = titleOf(feed);
  if (title === null) return undefined;
  return { ok: true, items, title: title ?? '' };
}
