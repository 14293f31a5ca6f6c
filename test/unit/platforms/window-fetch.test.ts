/**
 * The shared paging loop (src/platforms/shared/window-fetch.ts) on its own, against a fake HTTP
 * client (no network): each answer is a JSON page `{ items, next? }` chosen by URL.
 */
import { describe, expect, it } from 'vitest';
import { HttpError, SourceError } from '../../../src/errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/http/types.js';
import { memoryLogger } from '../../../src/logger.js';
import type { RawItem } from '../../../src/mentions/mention.js';
import {
  fetchWindow,
  type Page,
  type PageStream,
  termStreams,
  type WindowFetch,
} from '../../../src/platforms/shared/window-fetch.js';
import type { SourceContext, SourceCursor } from '../../../src/platforms/source.js';

const NOW = new Date('2025-03-10T12:00:00Z');
/** 14 days before NOW: the window start, from which the loop keeps items. */
const START = '2025-02-24T12:00:00.000Z';
const IN = (day: number) => `2025-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
const OLD = '2025-02-20T10:00:00.000Z';

interface Answer {
  items?: RawItem[];
  next?: string;
  etag?: string;
  /** Answer 304 when the request carries this ETag. */
  unchangedFor?: string;
  status?: number;
}

/** A fake HTTP client: answers by URL, records every request. */
function fakeHttp(answers: Record<string, Answer>) {
  const sent: HttpRequest[] = [];
  const http: HttpClient = {
    async request(req) {
      sent.push(req);
      const a = answers[req.url];
      if (!a) throw new HttpError(`HTTP 503 for ${req.url}`, req.url, 503, 'status');
      const notModified = a.unchangedFor !== undefined && req.validators?.etag === a.unchangedFor;
      const body = notModified ? '' : JSON.stringify({ items: a.items ?? [], next: a.next });
      const bytes = new TextEncoder().encode(body);
      const res: HttpResponse = {
        status: notModified ? 304 : (a.status ?? 200),
        url: req.url,
        headers: {},
        notModified,
        validators: a.etag ? { etag: a.etag } : {},
        bytes,
        text: () => body,
        json: () => JSON.parse(body) as unknown,
      };
      return res;
    },
  };
  return { http, sent };
}

/**
 * Pages 1…n of stream `name`, chained by `next`: page k holds item "k" published on day `days[k-1]`
 * and has the ETag "<name>k"; page `unchanged` answers 304 to its own ETag.
 */
function etagPages(name: string, days: number[], unchanged: number): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  days.forEach((day, i) => {
    const n = i + 1;
    answers[`https://api.test/${name}/${n}`] = {
      items: [item(String(n), IN(day))],
      ...(n < days.length ? { next: `https://api.test/${name}/${n + 1}` } : {}),
      etag: `"${name}${n}"`,
      ...(n === unchanged ? { unchangedFor: `"${name}${n}"` } : {}),
    };
  });
  return answers;
}

const item = (id: string | undefined, published?: string): RawItem => ({
  ...(id !== undefined ? { id } : {}),
  text: `item ${id}`,
  ...(published ? { published } : {}),
});

function context(http: HttpClient, cursor?: SourceCursor): SourceContext {
  return {
    source: { id: 'loop-test', enabled: true, weight: 1 },
    http,
    cursor,
    credential: () => undefined,
    searchTerms: ['AcmeCloud'],
    now: NOW,
    lookbackDays: 14,
    logger: memoryLogger(),
  };
}

const stream = (name: string, extra: Partial<PageStream> = {}): PageStream => ({
  label: `"${name}"`,
  first: { url: `https://api.test/${name}/1` },
  ...extra,
});

/** The default page reader: items and the next URL from the JSON body. */
function readPage(res: HttpResponse): Page {
  const body = res.json() as { items: RawItem[]; next?: string };
  return { items: body.items, ...(body.next ? { next: { url: body.next } } : {}) };
}

function spec(
  ctx: SourceContext,
  streams: PageStream[],
  extra: Partial<WindowFetch> = {},
  maxPages = 3,
): WindowFetch {
  return { title: 'Test API', ctx, options: { maxPages }, streams: () => streams, page: readPage, ...extra };
}

describe('fetchWindow', () => {
  it('reads pages newest first and stops at the first page that reaches below the window', async () => {
    const { http, sent } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', IN(9))], next: 'https://api.test/a/2' },
      'https://api.test/a/2': { items: [item('2', IN(3)), item('3', OLD)], next: 'https://api.test/a/3' },
      'https://api.test/a/3': { items: [item('4', OLD)] },
    });
    const result = await fetchWindow(spec(context(http), [stream('a')]));
    expect(sent.map((r) => r.url)).toEqual(['https://api.test/a/1', 'https://api.test/a/2']);
    expect(result.items.map((i) => i.id)).toEqual(['1', '2']);
    expect(result.cursor.since).toBe(IN(9));
    expect(result.requests).toBe(2);
    expect(result.warnings).toEqual([]);
  });

  it('reads on past an older item when the stream is not newest first (and keeps undated items)', async () => {
    const { http, sent } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', OLD), item('2')], next: 'https://api.test/a/2' },
      'https://api.test/a/2': { items: [item('3', IN(5))] },
    });
    const result = await fetchWindow(spec(context(http), [stream('a', { newestFirst: false })]));
    expect(sent).toHaveLength(2);
    expect(result.items.map((i) => i.id)).toEqual(['2', '3']);
    // the same with the option on the whole fetch
    const again = fakeHttp({
      'https://api.test/a/1': { items: [item('1', OLD)], next: 'https://api.test/a/2' },
      'https://api.test/a/2': { items: [item('3', IN(5))] },
    });
    await fetchWindow(spec(context(again.http), [stream('a')], { newestFirst: false }));
    expect(again.sent).toHaveLength(2);
  });

  it('keeps an item found by two streams once, and never drops items without an id', async () => {
    const { http } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', IN(9)), item(undefined, IN(8))] },
      'https://api.test/b/1': { items: [item('1', IN(9)), item('2', IN(7)), item(undefined, IN(8))] },
    });
    const result = await fetchWindow(spec(context(http), [stream('a'), stream('b')]));
    expect(result.items.map((i) => i.id)).toEqual(['1', undefined, '2', undefined]);
  });

  it('a stream with more than maxPages pages warns, by default that the oldest were not read', async () => {
    const { http, sent } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', IN(9))], next: 'https://api.test/a/2' },
      'https://api.test/a/2': { items: [item('2', IN(8))], next: 'https://api.test/a/3' },
    });
    const result = await fetchWindow(spec(context(http), [stream('a')], {}, 2));
    expect(sent).toHaveLength(2);
    expect(result.warnings).toEqual([
      `"a": more than 2 pages since ${START}; the oldest were not read (raise maxPages)`,
    ]);
    const custom = fakeHttp({
      'https://api.test/a/1': { items: [], next: 'https://api.test/a/2' },
      'https://api.test/a/2': { items: [], next: 'https://api.test/a/3' },
    });
    const forward = await fetchWindow(
      spec(
        context(custom.http),
        [stream('a', { maxPagesWarnings: () => ['the rest is read next run'] })],
        {},
        2,
      ),
    );
    expect(forward.warnings).toEqual(['the rest is read next run']);
  });

  it('no warning when the last allowed page is also the last page', async () => {
    const { http } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', IN(9))], next: 'https://api.test/a/2' },
      'https://api.test/a/2': { items: [item('2', IN(8))] },
    });
    expect((await fetchWindow(spec(context(http), [stream('a')], {}, 2))).warnings).toEqual([]);
  });

  it('sends and keeps validators for first pages only; a 304 is nothing new and keeps them', async () => {
    const answers = etagPages('a', [9, 8], 1);
    const first = fakeHttp(answers);
    const one = await fetchWindow(spec(context(first.http), [stream('a')]));
    expect(one.cursor.validators).toEqual({ 'https://api.test/a/1': { etag: '"a1"' } });
    expect(first.sent.map((r) => r.validators)).toEqual([undefined, undefined]);

    const second = fakeHttp(answers);
    const cursor = {
      since: IN(9),
      validators: { ...one.cursor.validators, 'https://gone.test/': { etag: 'x' } },
    };
    const two = await fetchWindow(spec(context(second.http, cursor), [stream('a')]));
    expect(second.sent.map((r) => r.validators)).toEqual([{ etag: '"a1"' }]);
    expect(two.items).toEqual([]);
    // this run's first pages only: a URL no longer asked for is forgotten
    expect(two.cursor).toEqual({ since: IN(9), validators: { 'https://api.test/a/1': { etag: '"a1"' } } });
  });

  it('conditional: false (whole fetch or one stream) neither sends nor keeps validators', async () => {
    const answers = {
      'https://api.test/a/1': { items: [item('1', IN(9))], etag: '"a1"' },
      'https://api.test/b/1': { items: [item('2', IN(9))], etag: '"b1"' },
    };
    const cursor = { validators: { 'https://api.test/a/1': { etag: '"old"' } } };
    const all = fakeHttp(answers);
    const none = await fetchWindow(
      spec(context(all.http, cursor), [stream('a'), stream('b')], { conditional: false }),
    );
    expect(all.sent.map((r) => r.validators)).toEqual([undefined, undefined]);
    expect(none.cursor.validators).toBeUndefined();

    const mixed = fakeHttp(answers);
    const some = await fetchWindow(
      spec(context(mixed.http, cursor), [stream('a', { conditional: false }), stream('b')]),
    );
    expect(mixed.sent.map((r) => r.validators)).toEqual([undefined, undefined]);
    expect(some.cursor.validators).toEqual({ 'https://api.test/b/1': { etag: '"b1"' } });
    // and a stream can turn them on when the fetch has them off
    const on = fakeHttp(answers);
    const kept = await fetchWindow(
      spec(context(on.http, cursor), [stream('a', { conditional: true })], { conditional: false }),
    );
    expect(on.sent[0]?.validators).toEqual({ etag: '"old"' });
    expect(kept.cursor.validators).toEqual({ 'https://api.test/a/1': { etag: '"a1"' } });
  });

  it('everyPageConditional sends and keeps validators for later pages too; a 304 there ends the stream', async () => {
    const answers = etagPages('a', [9, 8, 7], 2);
    const first = fakeHttp(answers);
    const one = await fetchWindow(spec(context(first.http), [stream('a')], { everyPageConditional: true }));
    expect(one.cursor.validators).toEqual({
      'https://api.test/a/1': { etag: '"a1"' },
      'https://api.test/a/2': { etag: '"a2"' },
      'https://api.test/a/3': { etag: '"a3"' },
    });
    const second = fakeHttp(answers);
    const two = await fetchWindow(
      spec(context(second.http, one.cursor), [stream('a')], { everyPageConditional: true }),
    );
    expect(second.sent.map((r) => r.validators)).toEqual([{ etag: '"a1"' }, { etag: '"a2"' }]);
    expect(two.items.map((i) => i.id)).toEqual(['1']);
  });

  it('by default keeps validators under the URL with its secrets masked', async () => {
    const url = 'https://api.test/a/1?key=sekrit-token-123&q=x';
    const { http } = fakeHttp({ [url]: { items: [item('1', IN(9))], etag: '"a1"' } });
    const result = await fetchWindow(
      spec(context(http), [{ label: 'a', first: { url } }], { secrets: () => ['sekrit-token-123'] }),
    );
    const keys = Object.keys(result.cursor.validators ?? {});
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('sekrit');
    expect(JSON.stringify(result.cursor)).not.toContain('sekrit-token-123');
  });

  it('validatorKey names where validators are kept (a URL with a secret is not written to the cursor)', async () => {
    const url = 'https://api.test/a?api_key=s3cret-value';
    const masked = 'https://api.test/a?api_key=***';
    const answers = { [url]: { items: [item('1', IN(9))], etag: '"a1"', unchangedFor: '"a1"' } };
    const mask = (u: string) => u.replace('s3cret-value', '***');
    const one = fakeHttp(answers);
    const first = await fetchWindow(
      spec(context(one.http), [{ label: 'a', first: { url } }], { validatorKey: mask }),
    );
    expect(first.cursor.validators).toEqual({ [masked]: { etag: '"a1"' } });
    const two = fakeHttp(answers);
    await fetchWindow(
      spec(context(two.http, first.cursor), [{ label: 'a', first: { url } }], { validatorKey: mask }),
    );
    expect(two.sent[0]).toMatchObject({ url, validators: { etag: '"a1"' } });
  });

  it("stop: 'stream' ends that stream without keeping its validators; the next streams are read", async () => {
    const { http, sent } = fakeHttp({
      'https://api.test/a/1': { status: 403, etag: '"refused"', next: 'https://api.test/a/2' },
      'https://api.test/b/1': { items: [item('2', IN(9))] },
    });
    const result = await fetchWindow(
      spec(context(http), [stream('a'), stream('b')], {
        page: (res, _req, s) =>
          res.status === 403
            ? { items: [], warnings: [`${s.label}: comments disabled, skipped`], stop: 'stream' }
            : readPage(res),
      }),
    );
    expect(sent.map((r) => r.url)).toEqual(['https://api.test/a/1', 'https://api.test/b/1']);
    expect(result.warnings).toEqual(['"a": comments disabled, skipped']);
    expect(result.cursor.validators).toBeUndefined();
    expect(result.items.map((i) => i.id)).toEqual(['2']);
  });

  it("stop: 'all' with pages or streams unread keeps the old since and says why", async () => {
    const answers = {
      'https://api.test/a/1': { items: [item('1', IN(9))], next: 'https://api.test/a/2' },
      'https://api.test/b/1': { items: [item('2', IN(9))] },
    };
    const backoff = (res: HttpResponse): Page => ({ ...readPage(res), stop: 'all', stopReason: 'backoff' });
    const { http, sent } = fakeHttp(answers);
    const cut = await fetchWindow(
      spec(context(http, { since: IN(1) }), [stream('a'), stream('b')], { page: backoff }),
    );
    expect(sent).toHaveLength(1);
    expect(cut.items.map((i) => i.id)).toEqual(['1']);
    expect(cut.cursor.since).toBe(IN(1));
    expect(cut.warnings).toEqual(['stopped early (backoff); the cursor stays so the rest is read next run']);

    // Stopped on the last page of the last stream: nothing was left, the cursor moves on.
    const last = fakeHttp(answers);
    const done = await fetchWindow(
      spec(context(last.http, { since: IN(1) }), [stream('b')], { page: backoff }),
    );
    expect(done.cursor.since).toBe(IN(9));
    expect(done.warnings).toEqual([]);
  });

  it('a follow-up runs after its stream: items kept once, not windowed, not moving since', async () => {
    const { http, sent } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', IN(5))] },
      'https://api.test/b/1': { items: [item('c1', IN(4))] },
    });
    const followUp = async (h: { request: HttpClient['request'] }, warnings: string[]) => {
      await h.request({ url: 'https://api.test/a/1' });
      warnings.push('read 1 thread');
      return [item('1', IN(5)), item('c1', IN(9)), item('c2', OLD)];
    };
    const result = await fetchWindow(spec(context(http), [stream('a', { followUp }), stream('b')]));
    expect(sent.map((r) => r.url)).toEqual([
      'https://api.test/a/1',
      'https://api.test/a/1',
      'https://api.test/b/1',
    ]);
    expect(result.items.map((i) => i.id)).toEqual(['1', 'c1', 'c2']);
    expect(result.cursor.since).toBe(IN(5));
    expect(result.warnings).toEqual(['read 1 thread']);
    expect(result.requests).toBe(3);
  });

  it('cursor data and enrich: extra cursor data is kept, fresh items are enriched once', async () => {
    const { http } = fakeHttp({
      'https://api.test/a/1': { items: [item('1', IN(9)), item('2', OLD)] },
      'https://api.test/b/1': { items: [item('1', IN(9)), item('3', IN(8))] },
    });
    const enriched: string[][] = [];
    const result = await fetchWindow(
      spec(context(http), [stream('a'), stream('b')], {
        enrich: async (fresh) => {
          enriched.push(fresh.map((i) => i.id ?? ''));
          for (const i of fresh) i.reach = 7;
        },
        cursorData: () => ({ newestId: '42' }),
      }),
    );
    expect(enriched).toEqual([['1'], ['3']]);
    expect(result.items.every((i) => i.reach === 7)).toBe(true);
    expect(result.cursor.data).toEqual({ newestId: '42' });
  });

  it('turns a failure into a SourceError naming the source, without secrets', async () => {
    const secret = 'sk-very-secret-token';
    const { http } = fakeHttp({});
    const error = await fetchWindow(
      spec(context(http), [{ label: 'a', first: { url: `https://api.test/a?access_token=${secret}` } }], {
        secrets: () => [secret, undefined],
        authHint: 'check the token',
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/^Test API: HTTP 503/);
    expect((error as SourceError).message).not.toContain(secret);

    const { http: ok } = fakeHttp({ 'https://api.test/a/1': { items: [] } });
    const thrown = await fetchWindow(
      spec(context(ok), [stream('a')], {
        secrets: () => [secret],
        page: () => {
          throw new Error(`the payload echoed ${secret}`);
        },
      }),
    ).catch((e: unknown) => e);
    expect((thrown as SourceError).message).toBe('Test API: the payload echoed ***');
  });

  it('a refusal (403) carries the auth hint', async () => {
    const http: HttpClient = {
      request: async (req) => {
        throw new HttpError('HTTP 403 Forbidden', req.url, 403, 'status');
      },
    };
    const error = await fetchWindow(
      spec(context(http), [stream('a')], { authHint: 'check the token' }),
    ).catch((e: unknown) => e);
    expect((error as SourceError).message).toBe(
      'Test API: HTTP 403 Forbidden: access was refused — check the token',
    );
  });

  it('termStreams: one stream per distinct term (the source query instead when set), none is an error', () => {
    const ctx = { ...context(fakeHttp({}).http), searchTerms: ['AcmeCloud', 'acmecloud', 'Acme Corp'] };
    const url = (t: string) => ({ url: `https://api.test/?q=${encodeURIComponent(t)}` });
    expect(termStreams(ctx, undefined, 5, url)).toEqual([
      { label: '"AcmeCloud"', first: { url: 'https://api.test/?q=AcmeCloud' } },
      { label: '"Acme Corp"', first: { url: 'https://api.test/?q=Acme%20Corp' } },
    ]);
    expect(termStreams(ctx, undefined, 1, url)).toHaveLength(1);
    expect(termStreams(ctx, 'acme OR cloud', 5, url).map((s) => s.label)).toEqual(['"acme OR cloud"']);
    expect(() => termStreams({ ...ctx, searchTerms: [] }, undefined, 5, url)).toThrow(/no search terms/);
  });
});
