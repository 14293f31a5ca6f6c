import { describe, expect, it } from 'vitest';
import type { RawItem } from '../../../src/mentions/mention.js';
import {
  cleanText,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  normalize,
  truncateAtWord,
} from '../../../src/mentions/normalize.js';

const fetched = new Date('2026-11-20T12:00:00.000Z');
const ctx = { sourceId: 'hn-main', sourceKind: 'hacker-news', fetched };

describe('normalize', () => {
  it('maps a complete item onto a Mention', () => {
    const item: RawItem = {
      id: ' 4242 ',
      url: 'https://news.example.com/item?id=4242&utm_source=hn#c',
      title: '  Acme   is\tdown ',
      text: 'It has been down\r\nsince   noon.',
      author: 'ann',
      authorUrl: 'https://news.example.com/user?id=ann',
      reach: 1200,
      engagement: 57,
      published: '2026-11-20T10:00:00+01:00',
      lang: 'en',
      replyTo: { id: '4242' },
    };
    expect(normalize(item, ctx)).toEqual({
      key: 'hacker-news:4242',
      ids: ['hacker-news:4242'],
      sourceId: 'hn-main',
      sourceKind: 'hacker-news',
      nativeId: '4242',
      url: 'https://news.example.com/item?id=4242&utm_source=hn#c',
      canonicalUrl: 'https://news.example.com/item?id=4242',
      title: 'Acme is down',
      text: 'It has been down\nsince noon.',
      author: 'ann',
      authorUrl: 'https://news.example.com/user?id=ann',
      authorReach: 1200,
      engagement: 57,
      lang: 'en',
      published: '2026-11-20T09:00:00.000Z',
      fetched: '2026-11-20T12:00:00.000Z',
      replyTo: { id: '4242' },
    });
  });

  it('keys by canonical URL when the adapter prefers URLs (feeds)', () => {
    const m = normalize(
      { id: 'guid-1', url: 'https://Blog.example.com/p?utm_medium=rss', text: 'x' },
      { ...ctx, sourceKind: 'rss', preferUrl: true },
    );
    expect(m.key).toBe('url:https://blog.example.com/p');
    expect(m.ids).toEqual(['url:https://blog.example.com/p', 'guid:hn-main:guid-1']);
    expect(m.nativeId).toBe('guid-1');
  });

  it('keeps the item fragment of a post link, so each post on a page is its own mention', () => {
    const post = (n: number) =>
      normalize(
        {
          id: `forum.example.com-post-${n}`,
          url: `https://forum.example.com/t/topic/2144?page=2#post_${n}`,
          text: 'x',
        },
        { ...ctx, sourceId: 'forum-posts', sourceKind: 'rss', preferUrl: true },
      );
    const a = post(30);
    expect(a.canonicalUrl).toBe('https://forum.example.com/t/topic/2144?page=2#post_30');
    expect(a.ids).toEqual([
      'url:https://forum.example.com/t/topic/2144?page=2%23post_30',
      'guid:forum-posts:forum.example.com-post-30',
    ]);
    expect(a.ids.filter((id) => post(31).ids.includes(id))).toEqual([]);
  });

  it('adds the URL id of an API item only when the source says its URL is the permalink', () => {
    const item = { id: '4242', url: 'https://news.example.com/item?id=4242', text: 'x' };
    expect(normalize(item, ctx).ids).toEqual(['hacker-news:4242']);
    expect(normalize(item, { ...ctx, urlNamesItem: true }).ids).toEqual([
      'hacker-news:4242',
      'url:https://news.example.com/item?id=4242',
    ]);
  });

  it('falls back: title from the text, author unknown, fetch time as an estimated date', () => {
    const words =
      'Acme support never answered my ticket about the broken export and I have been waiting for three weeks now which is far too long for a paying customer';
    const m = normalize({ text: words }, ctx);
    expect(m.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(m.title.endsWith('…')).toBe(true);
    expect(words.startsWith(m.title.slice(0, -1))).toBe(true);
    expect(words[m.title.length - 1]).toBe(' '); // cut at a word boundary
    expect(m.author).toBe('unknown');
    expect(m.published).toBe(fetched.toISOString());
    expect(m.publishedEstimated).toBe(true);
    expect(m.key).toMatch(/^h:[0-9a-f]{16}$/);
    expect(m.ids).toEqual([m.key]);
    expect(m).not.toHaveProperty('url');
  });

  it('estimates unparseable dates and dates more than a day in the future', () => {
    expect(normalize({ text: 'a', published: 'not a date' }, ctx)).toMatchObject({
      published: fetched.toISOString(),
      publishedEstimated: true,
    });
    expect(normalize({ text: 'a', published: '2026-11-22T12:00:01Z' }, ctx)).toMatchObject({
      published: fetched.toISOString(),
      publishedEstimated: true,
    });
    const soon = normalize({ text: 'a', published: '2026-11-21T11:00:00Z' }, ctx);
    expect(soon.published).toBe('2026-11-21T11:00:00.000Z');
    expect(soon.publishedEstimated).toBeUndefined();
    expect(normalize({ text: 'a', published: 'Tue, 17 Nov 2026 08:00:00 GMT' }, ctx).published).toBe(
      '2026-11-17T08:00:00.000Z',
    );
  });

  it('keeps plain text as written: angle brackets and entities are text, never tags', () => {
    const m = normalize(
      {
        text: 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nUse <div class="titlebox"> &amp; Unmanaged<AnyObject>!',
        title: 'Unmanaged<AnyObject>! crashes in <b>AcmeKit</b> &amp; more',
        author: '<span>Ann</span>',
      },
      ctx,
    );
    expect(m.text).toBe(
      'Traceback (most recent call last):\nFile "<stdin>", line 1, in <module>\nUse <div class="titlebox"> &amp; Unmanaged<AnyObject>!',
    );
    expect(m.title).toBe('Unmanaged<AnyObject>! crashes in <b>AcmeKit</b> &amp; more');
    expect(m.author).toBe('<span>Ann</span>');
  });

  it('collapses whitespace but keeps paragraphs, and removes control characters', () => {
    expect(cleanText('  a \t b\u0000\n\n\n\n c\u000b d  \n')).toBe('a b\n\nc\nd');
  });

  it('caps the text at a word boundary', () => {
    const m = normalize({ text: 'word '.repeat(5000) }, ctx);
    expect(m.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(m.text.endsWith('word…')).toBe(true);
    expect(truncateAtWord('short', 10)).toBe('short');
    expect(truncateAtWord('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
    // never splits a surrogate pair
    expect(truncateAtWord('😀'.repeat(10), 6)).toBe('😀😀…');
  });

  it('drops non-finite numbers and empty strings', () => {
    const m = normalize(
      { text: 'a', reach: Number.NaN, engagement: Number.POSITIVE_INFINITY, lang: ' ', url: ' ' },
      ctx,
    );
    expect(m).not.toHaveProperty('authorReach');
    expect(m).not.toHaveProperty('engagement');
    expect(m).not.toHaveProperty('lang');
    expect(m).not.toHaveProperty('url');
  });

  it('gives the same key on every run', () => {
    const item: RawItem = { text: 'same text', author: 'x', title: 't' };
    expect(normalize(item, ctx).key).toBe(normalize({ ...item }, { ...ctx, fetched: new Date() }).key);
  });
});
