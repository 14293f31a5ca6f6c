/** Page slicing with GitHub's `Link` header, plus small readers for request bodies and params. */
import { ApiError } from './errors.js';
import type { RequestContext, RouteResult } from './router.js';
import { isRecord } from './util.js';

/**
 * One page of `items` as GitHub returns it: `per_page` (default 30, at most 100) and `page`
 * (default 1), with a `Link` header naming `prev`, `next`, `last` and `first` where they exist.
 */
export function paged<T>(
  ctx: RequestContext,
  items: readonly T[],
  render: (item: T) => unknown,
): RouteResult {
  const perPageRaw = Number(ctx.query.get('per_page') ?? 30);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw >= 1 ? Math.min(Math.floor(perPageRaw), 100) : 30;
  const pageRaw = Number(ctx.query.get('page') ?? 1);
  const page = Number.isFinite(pageRaw) && pageRaw >= 1 ? Math.floor(pageRaw) : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  const link = linkHeader(ctx, page, last);
  if (link) headers.link = link;
  return { status: 200, body: slice.map(render), headers };
}

function linkHeader(ctx: RequestContext, page: number, last: number): string | undefined {
  if (last <= 1 && page <= 1) return undefined;
  const url = (n: number): string => {
    const query = new URLSearchParams(ctx.query);
    query.set('page', String(n));
    return `<${ctx.render.api}${ctx.path}?${query.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${url(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) parts.push(`${url(1)}; rel="first"`);
  return parts.length === 0 ? undefined : parts.join(', ');
}

export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  return isRecord(ctx.body) ? ctx.body : {};
}

export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** A string or null (explicit null clears); undefined when absent. */
export function optNullableString(body: Record<string, unknown>, key: string): string | null | undefined {
  if (body[key] === null) return null;
  return optString(body, key);
}

export function optStringArray(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

/** Label names from any of the accepted shapes: strings, `{name}` objects, or a `labels` wrapper. */
export function labelNames(value: unknown): string[] | undefined {
  const list = isRecord(value) ? value.labels : value;
  if (typeof list === 'string') return [list];
  if (!Array.isArray(list)) return undefined;
  const names: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') names.push(item);
    else if (isRecord(item) && typeof item.name === 'string') names.push(item.name);
  }
  return names;
}

export function intParam(ctx: RequestContext, name: string): number {
  const raw = ctx.params[name];
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n)) throw new ApiError(404, 'Not Found');
  return n;
}

export function param(ctx: RequestContext, name: string): string {
  const raw = ctx.params[name];
  if (raw === undefined) throw new ApiError(404, 'Not Found');
  return raw;
}

/** Sort helper: compares ISO timestamps (fixed width, so string order is time order). */
export function byTime(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
