/**
 * GitHub issues, pull requests and discussions that mention the company, through search.
 *
 * - Issues and PRs: REST `GET {baseUrl}/search/issues?q=<terms> in:title,body,comments is:issue
 *   created:>=YYYY-MM-DD …&sort=created&order=desc&per_page=100&page=N`, one request stream for
 *   `is:issue` and one for `is:pr` (GitHub answers 422 to some tokens when a query mixes both and
 *   its advanced issue search expects the `is:` qualifier). Several terms are OR-joined in
 *   parentheses with `advanced_search=true`. The `text+json` media type asks for `body_text`.
 * - Comments: a result matched by a comment shows only the issue's title and body; when those name
 *   none of the company's terms, the issue's comments are read and each one that names a term is a
 *   mention of its own (./comments.ts, read as the follow-up of the last issue/PR stream), for at most `maxCommentThreads` issues a run.
 * - Discussions: GraphQL `search(query: "<terms> created:>=… sort:created-desc", type: DISCUSSION)`
 *   at `{graphqlUrl}` (default `{baseUrl}/graphql`, or `/api/graphql` on GitHub Enterprise Server),
 *   which needs a token. Searched in title and body only: a discussion's comments are not read, so
 *   `in:comments` is not asked for there.
 * - Scope: `repos` / `orgs` qualifiers; `excludeRepos`; `-label:earshot` by default so the issues
 *   Earshot files itself are never found again; bot authors skipped unless `includeBots`.
 * - Cursor: `since` = created_at of the newest item. Every run asks for the look-back window: the
 *   query's date (and a comments request's `since`) is its start rounded down to the UTC day
 *   (requestStart: stable URLs for conditional requests all day), and items older than the window
 *   are dropped (search lags behind writes; the record drops repeats).
 * - Reach: search results carry no follower count (one more call per author would be needed), so
 *   there is none; engagement = reactions.total_count + comments (discussions: upvotes + comments).
 * - Rate limits: search is 10 requests a minute without a token, 30 with one; a used-up limit
 *   fails the source with the reset time, and the next run catches up from the cursor.
 */
import * as z from 'zod';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  inputJson,
  isoOrUndefined,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  queryOption,
  requestStart,
  requireCredential,
  termsFor,
  timeoutMsOption,
  urlOption,
  validEntry,
  windowStart,
  withQuery,
} from '../shared/api-source.js';
import { mappedCredential } from '../shared/mapped-credential.js';
import {
  fetchWindow,
  type Page,
  type PageRequest,
  type PageStream,
  requireTerms,
} from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceContext } from '../source.js';
import { sourceBaseSchema } from '../source.js';
import { type CommentThread, parseIssueComments, threadsMatchedByComments } from './comments.js';

const TITLE = 'GitHub search';
const MAX_TERMS = 5;
/** GitHub search returns at most 1,000 results per query. */
const SEARCH_CAP = 1000;
const API_VERSION = '2022-11-28';
const TOKEN_HELP = {
  name: 'token',
  env: 'GITHUB_TOKEN',
  howTo:
    `In a workflow \`\${{ secrets.GITHUB_TOKEN }}\` is enough; elsewhere create a fine-grained personal access ` +
    'token (GitHub → Settings → Developer settings → Personal access tokens) with read access to public ' +
    'repositories.',
};

const repoName = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name');

export const githubSchema = sourceBaseSchema.extend({
  kind: z
    .literal('github')
    .describe('GitHub issues, pull requests and discussions that mention you (GitHub search).'),
  include: z
    .array(z.enum(['issues', 'prs', 'discussions']))
    .min(1)
    .default(['issues', 'prs'])
    .describe('What to search: issues, prs (pull requests), discussions (needs the token credential).'),
  repos: z
    .array(repoName)
    .optional()
    .describe('Only these repositories (owner/name); several are combined with OR.'),
  orgs: z
    .array(z.string().regex(/^[A-Za-z0-9-]+$/, 'an organization or user login'))
    .optional()
    .describe('Only repositories of these organizations or users.'),
  excludeRepos: z
    .array(repoName)
    .default([])
    .describe('Never these repositories (e.g. the one Earshot files its issues in).'),
  excludeEarshotIssues: z
    .boolean()
    .default(true)
    .describe('Leave out issues labelled "earshot" (the ones Earshot filed) with -label:earshot.'),
  includeBots: z
    .boolean()
    .default(false)
    .describe('Keep items written by bots (Dependabot, Renovate …); skipped by default.'),
  searchIn: z
    .array(z.enum(['title', 'body', 'comments']))
    .min(1)
    .default(['title', 'body', 'comments'])
    .describe('Where the terms must appear (the in: qualifier).'),
  maxCommentThreads: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(20)
    .describe(
      'Issues and PRs found by a comment (their title and body do not name you) whose comments are read per run, one request each (0–100, default 20; 0: none).',
    ),
  query: queryOption,
  perPage: z.number().int().min(1).max(100).default(100).describe('Results per page (1–100, default 100).'),
  maxPages: maxPagesOption(3, 10),
  baseUrl: urlOption(
    'https://api.github.com',
    'Root of the GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3)',
  ),
  graphqlUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, 'an http(s) URL without query or fragment')
    .optional()
    .describe(
      'GraphQL endpoint for discussions (default: baseUrl + /graphql; on GHES https://HOST/api/graphql).',
    ),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type GithubSource = z.infer<typeof githubSchema>;

// ---------------------------------------------------------------------------------------------
// Payloads

const userSchema = z
  .object({ login: z.string(), html_url: z.string().nullish(), type: z.string().nullish() })
  .nullish();

const issueSchema = z.object({
  number: z.number().int(),
  html_url: z.string(),
  repository_url: z.string().refine((u) => URL.canParse(u), 'a URL'),
  node_id: z.string().nullish(),
  title: z.string().nullish(),
  body: z.string().nullish(),
  body_text: z.string().nullish(),
  user: userSchema,
  created_at: z.string().nullish(),
  comments: z.number().nullish(),
  reactions: z.object({ total_count: z.number() }).nullish(),
  pull_request: z.object({}).loose().nullish(),
});
type Issue = z.infer<typeof issueSchema>;

const searchSchema = z.object({
  total_count: z.number(),
  incomplete_results: z.boolean().optional(),
  items: z.array(z.unknown()),
});

const discussionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  url: z.string(),
  title: z.string().nullish(),
  bodyText: z.string().nullish(),
  createdAt: z.string().nullish(),
  author: z.object({ login: z.string(), url: z.string().nullish() }).nullish(),
  repository: z.object({ nameWithOwner: z.string() }),
  comments: z.object({ totalCount: z.number() }).nullish(),
  upvoteCount: z.number().nullish(),
});
type Discussion = z.infer<typeof discussionSchema>;

const graphqlSchema = z.object({
  data: z
    .object({
      search: z
        .object({
          discussionCount: z.number().optional(),
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
          nodes: z.array(z.unknown().nullable()),
        })
        .nullish(),
    })
    .nullish(),
  errors: z.array(z.object({ message: z.string(), type: z.string().optional() })).optional(),
});

export interface GithubPage {
  items: RawItem[];
  /** Issues and PRs with comments, for the ones a comment matched (REST only). */
  threads: CommentThread[];
  warnings: string[];
  /** How many results the page held (bots and invalid items included). */
  count: number;
  /** How many results the whole search has (REST only). */
  total?: number;
  /** Oldest creation time on the page (results are newest first). */
  oldest?: string;
}

function isBot(user: { login: string; type?: string | null | undefined } | null | undefined): boolean {
  return user?.type === 'Bot' || /\[bot\]$/.test(user?.login ?? '');
}

/** owner/name from `https://api.github.com/repos/owner/name`. */
function repoFromUrl(repositoryUrl: string): string {
  const parts = new URL(repositoryUrl).pathname.split('/').filter(Boolean);
  return parts.slice(-2).join('/');
}

function issueToItem(issue: Issue): RawItem {
  const repo = repoFromUrl(issue.repository_url);
  const isPr = issue.pull_request !== undefined && issue.pull_request !== null;
  const item: RawItem = {
    id: `${repo}#${issue.number}`,
    url: issue.html_url,
    text: (issue.body_text ?? issue.body ?? '').trim(),
    engagement: (issue.reactions?.total_count ?? 0) + (issue.comments ?? 0),
    replyTo: { repo, number: String(issue.number), type: isPr ? 'pr' : 'issue' },
  };
  if (issue.node_id) item.replyTo = { ...item.replyTo, nodeId: issue.node_id };
  if (issue.title) item.title = issue.title;
  // A deleted account shows as "ghost": keep the name, not the profile.
  item.author = issue.user?.login ?? 'ghost';
  if (issue.user?.html_url && item.author !== 'ghost') item.authorUrl = issue.user.html_url;
  const published = isoOrUndefined(issue.created_at);
  if (published) item.published = published;
  return item;
}

/** One `/search/issues` page → items (bots skipped unless asked for). */
export function parseIssueSearch(json: unknown, url: string, includeBots = false): GithubPage {
  const page = parsePayload(searchSchema, json, TITLE, url);
  const out: GithubPage = {
    items: [],
    threads: [],
    warnings: [],
    count: page.items.length,
    total: page.total_count,
  };
  if (page.incomplete_results) out.warnings.push('GitHub search timed out and returned incomplete results');
  page.items.forEach((raw, i) => {
    const parsed = validEntry(issueSchema, raw, out.warnings, `result ${i}`, 'item');
    if (!parsed) return;
    const created = isoOrUndefined(parsed.created_at);
    if (created && (!out.oldest || created < out.oldest)) out.oldest = created;
    if (!includeBots && isBot(parsed.user)) return;
    const item = issueToItem(parsed);
    out.items.push(item);
    if ((parsed.comments ?? 0) > 0 && item.replyTo) {
      out.threads.push({
        repo: item.replyTo.repo!,
        number: parsed.number,
        type: item.replyTo.type === 'pr' ? 'pr' : 'issue',
        ...(parsed.node_id ? { nodeId: parsed.node_id } : {}),
        shown: `${item.title ?? ''}\n${item.text}`,
        comments: parsed.comments ?? 0,
      });
    }
  });
  return out;
}

function discussionToItem(d: Discussion): RawItem {
  const repo = d.repository.nameWithOwner;
  const item: RawItem = {
    id: `${repo}#${d.number}`,
    url: d.url,
    text: (d.bodyText ?? '').trim(),
    author: d.author?.login ?? 'ghost',
    engagement: (d.upvoteCount ?? 0) + (d.comments?.totalCount ?? 0),
    replyTo: { repo, number: String(d.number), type: 'discussion', nodeId: d.id },
  };
  if (d.title) item.title = d.title;
  if (d.author?.url) item.authorUrl = d.author.url;
  const published = isoOrUndefined(d.createdAt);
  if (published) item.published = published;
  return item;
}

export interface DiscussionPage extends GithubPage {
  hasNextPage: boolean;
  endCursor?: string;
}

/** One GraphQL discussion search answer → items; GraphQL errors throw with GitHub's words. */
export function parseDiscussionSearch(json: unknown, url: string): DiscussionPage {
  const body = parsePayload(graphqlSchema, json, TITLE, url);
  if (body.errors && body.errors.length > 0) {
    const first = body.errors[0]!;
    throw new Error(`${TITLE}: GraphQL error${first.type ? ` ${first.type}` : ''}: ${first.message}`);
  }
  const search = body.data?.search;
  if (!search) throw new Error(`${TITLE}: ${url} is not the expected payload: data.search: missing`);
  const out: DiscussionPage = {
    items: [],
    threads: [],
    warnings: [],
    count: search.nodes.length,
    hasNextPage: search.pageInfo.hasNextPage,
  };
  if (search.pageInfo.endCursor) out.endCursor = search.pageInfo.endCursor;
  search.nodes.forEach((raw, i) => {
    if (raw === null) return;
    const parsed = validEntry(discussionSchema, raw, out.warnings, `discussion ${i}`, 'node');
    if (!parsed) return;
    const created = isoOrUndefined(parsed.createdAt);
    if (created && (!out.oldest || created < out.oldest)) out.oldest = created;
    out.items.push(discussionToItem(parsed));
  });
  return out;
}

/** Which kind of payload this is: GraphQL answers have `data` or `errors`, REST search `items`. */
function parseAny(json: unknown, url: string, includeBots: boolean): RawItem[] {
  if (json !== null && typeof json === 'object' && ('data' in json || 'errors' in json)) {
    return parseDiscussionSearch(json, url).items;
  }
  return parseIssueSearch(json, url, includeBots).items;
}

// ---------------------------------------------------------------------------------------------
// Queries

export const DISCUSSION_QUERY = `query EarshotDiscussions($q: String!, $first: Int!, $after: String) {
  search(query: $q, type: DISCUSSION, first: $first, after: $after) {
    discussionCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on Discussion {
        id number url title bodyText createdAt upvoteCount
        author { login url }
        repository { nameWithOwner }
        comments { totalCount }
      }
    }
  }
}`;

/** The terms part of q: the source's own query, or the terms quoted and OR-joined. */
export function termsQuery(terms: readonly string[], query: string | undefined): string {
  if (query) return query;
  const quoted = terms.map((t) => (/[\s:()]/.test(t) ? `"${t.replace(/"/g, '')}"` : t.replace(/"/g, '')));
  return quoted.length === 1 ? quoted[0]! : `(${quoted.join(' OR ')})`;
}

export function deriveGraphqlUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/api\/v3$/.test(base) ? base.replace(/\/api\/v3$/, '/api/graphql') : `${base}/graphql`;
}

function scopeQualifiers(source: GithubSource): string[] {
  return [
    ...(source.repos ?? []).map((r) => `repo:${r}`),
    ...(source.orgs ?? []).map((o) => `org:${o}`),
    ...source.excludeRepos.map((r) => `-repo:${r}`),
  ];
}

export function issueSearchQuery(
  source: GithubSource,
  terms: string,
  type: 'issue' | 'pr',
  sinceDay: string,
): string {
  return [
    terms,
    `in:${source.searchIn.join(',')}`,
    `is:${type}`,
    `created:>=${sinceDay}`,
    ...scopeQualifiers(source),
    ...(source.excludeEarshotIssues ? ['-label:earshot'] : []),
  ].join(' ');
}

/** Where discussions are searched: `searchIn` without comments (a discussion's comments are not read). */
export function discussionSearchIn(source: GithubSource): string[] {
  return source.searchIn.filter((where) => where !== 'comments');
}

export function discussionSearchQuery(source: GithubSource, terms: string, sinceDay: string): string {
  return [
    terms,
    `in:${discussionSearchIn(source).join(',')}`,
    `created:>=${sinceDay}`,
    ...scopeQualifiers(source),
    'sort:created-desc',
  ].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Failures GitHub explains in its body

const messageSchema = z.object({
  message: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional() }).loose()).optional(),
});

function explainRefusal(res: HttpResponse, hasToken: boolean): Error {
  let message = '';
  let details = '';
  try {
    const body = messageSchema.safeParse(res.json());
    if (body.success) {
      message = body.data.message ?? '';
      details = (body.data.errors ?? [])
        .map((e) => e.message)
        .filter(Boolean)
        .join('; ');
    }
  } catch {
    // not JSON: the status says enough
  }
  const said = [message, details].filter(Boolean).join(': ') || 'no explanation';
  const remaining = res.headers['x-ratelimit-remaining'];
  const reset = Number(res.headers['x-ratelimit-reset']);
  if (res.status === 403 && (remaining === '0' || /rate limit/i.test(message))) {
    const until = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return new Error(
      `the search rate limit is used up${until} (GitHub said: ${said}); search allows 10 requests a minute ` +
        `without a token and 30 with one${hasToken ? '' : ' — set the "token" credential'}`,
    );
  }
  if (res.status === 401) {
    return new Error(`GitHub refused the token (401: ${said}); check the "token" credential`);
  }
  if (res.status === 403) {
    return new Error(
      `GitHub refused the request (403: ${said})${hasToken ? '' : ' — set the "token" credential'}`,
    );
  }
  return new Error(`GitHub refused the query (${res.status}: ${said})`);
}

/** REST headers: plain-text bodies (`body_text`), the API version, the token when there is one. */
function restHeaders(token: string | undefined): Record<string, string> {
  return {
    accept: 'application/vnd.github.text+json',
    'x-github-api-version': API_VERSION,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

const refused = (s: number) => s === 401 || s === 403 || s === 422;
const accepted = (s: number) => (s >= 200 && s < 300) || s === 304 || refused(s);

// ---------------------------------------------------------------------------------------------
// Fetch

/** A page of `/search/issues`; the issues with comments are added to `threads` for the follow-up. */
function readIssuePage(
  res: HttpResponse,
  req: PageRequest,
  source: GithubSource,
  start: Date,
  threads: CommentThread[],
  hasToken: boolean,
): Page {
  if (refused(res.status)) throw explainRefusal(res, hasToken);
  const parsed = parseIssueSearch(res.json(), req.url, source.includeBots);
  threads.push(...parsed.threads);
  const page = Number(new URL(req.url).searchParams.get('page'));
  const olderThanWindow = parsed.oldest !== undefined && Date.parse(parsed.oldest) < start.getTime();
  const allRead = page * source.perPage >= Math.min(parsed.total ?? SEARCH_CAP, SEARCH_CAP);
  const more = parsed.count >= source.perPage && !olderThanWindow && !allRead;
  return {
    items: parsed.items,
    warnings: parsed.warnings,
    next: more ? { ...req, url: withQuery(req.url, { page: page + 1 }) } : undefined,
  };
}

/** A page of the GraphQL discussion search; the next one is asked for `after` its end cursor. */
function readDiscussionPage(res: HttpResponse, req: PageRequest, start: Date): Page {
  if (refused(res.status)) throw explainRefusal(res, true);
  const parsed = parseDiscussionSearch(res.json(), req.url);
  const olderThanWindow = parsed.oldest !== undefined && Date.parse(parsed.oldest) < start.getTime();
  const body = req.body as { query: string; variables: Record<string, unknown> };
  return {
    items: parsed.items,
    warnings: parsed.warnings,
    next:
      parsed.hasNextPage && parsed.endCursor && !olderThanWindow
        ? { ...req, body: { ...body, variables: { ...body.variables, after: parsed.endCursor } } }
        : undefined,
  };
}

/** The comments of the issues a comment matched: one request each, at most `maxCommentThreads`. */
async function readCommentThreads(
  ctx: SourceContext<GithubSource>,
  http: MeteredHttp,
  found: readonly CommentThread[],
  headers: Record<string, string>,
  warnings: string[],
): Promise<RawItem[]> {
  const { source } = ctx;
  const start = windowStart(ctx);
  const unique = new Map(found.map((t) => [`${t.repo}#${t.number}`, t]));
  const threads = threadsMatchedByComments([...unique.values()], ctx.searchTerms);
  if (threads.length > source.maxCommentThreads) {
    warnings.push(
      `${threads.length} results were found by a comment; the comments of ${source.maxCommentThreads} were read (raise maxCommentThreads)`,
    );
  }
  const items: RawItem[] = [];
  for (const thread of threads.slice(0, source.maxCommentThreads)) {
    const [owner, repo] = thread.repo.split('/');
    const url = apiUrl(
      source.baseUrl,
      `/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(repo!)}/issues/${thread.number}/comments`,
      { since: requestStart(ctx).toISOString(), per_page: 100 },
    );
    const res = await http.request({
      url,
      headers,
      acceptStatus: (s) => accepted(s) || s === 404 || s === 410,
    });
    if (res.status === 404 || res.status === 410) {
      warnings.push(`${thread.repo}#${thread.number}: comments not readable (${res.status})`);
      continue;
    }
    if (refused(res.status)) throw explainRefusal(res, 'authorization' in headers);
    const page = parseIssueComments(res.json(), thread, {
      terms: ctx.searchTerms,
      start,
      includeBots: source.includeBots,
    });
    warnings.push(...page.warnings);
    if (page.count >= 100) {
      warnings.push(
        `${thread.repo}#${thread.number}: more than 100 comments in the window; the first 100 were read`,
      );
    }
    items.push(...page.items);
  }
  return items;
}

export const githubAdapter: SourceAdapter<GithubSource> = {
  kind: 'github',
  title: TITLE,
  schema: githubSchema,
  credentials: [
    {
      name: 'token',
      required: false,
      description:
        'Optional for issues and pull requests (raises search from 10 to 30 requests a minute; once mapped in ' +
        `the config it must be set); required for discussions (GraphQL). ${TOKEN_HELP.howTo}`,
    },
  ],
  cursor: 'created_at of the newest item (query by day, next run drops items older than it minus 1 hour)',
  reach:
    'none (search results carry no follower count); engagement: reactions.total_count + comments (discussions: upvotes + comments)',
  urlNamesItem: true,
  limits:
    'search: 10 requests/min without a token, 30 with one; at most 1,000 results per query; one stream per issues/prs/discussions',

  parse(input: ParseInput, source: GithubSource): RawItem[] {
    return parseAny(inputJson(input, TITLE), input.url, source.includeBots);
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const wantsDiscussions = source.include.includes('discussions');
    const token = wantsDiscussions
      ? requireCredential(TITLE, ctx, TOKEN_HELP)
      : mappedCredential(TITLE, ctx, TOKEN_HELP);
    const start = windowStart(ctx);
    const sinceDay = requestStart(ctx).toISOString().slice(0, 10);
    const headers = restHeaders(token);
    const threads: CommentThread[] = [];
    let discussions: PageStream | undefined;
    const warnings: string[] = [];
    const result = await fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [token],
      authHint: 'check the "token" credential',
      streams() {
        const terms = requireTerms(termsFor(ctx, source.query, MAX_TERMS));
        const termPart = termsQuery(terms, source.query);
        const advanced = !source.query && terms.length > 1;
        const types = (['issue', 'pr'] as const).filter((t) =>
          source.include.includes(t === 'issue' ? 'issues' : 'prs'),
        );
        const streams: PageStream[] = types.map((type) => {
          const q = issueSearchQuery(source, termPart, type, sinceDay);
          return {
            label: `"${q}"`,
            first: {
              url: apiUrl(source.baseUrl, '/search/issues', {
                q,
                sort: 'created',
                order: 'desc',
                per_page: source.perPage,
                page: 1,
                advanced_search: advanced ? 'true' : undefined,
              }),
              headers,
              acceptStatus: accepted,
            },
          };
        });
        const lastRest = streams[streams.length - 1];
        if (lastRest) lastRest.followUp = (http, w) => readCommentThreads(ctx, http, threads, headers, w);
        if (wantsDiscussions && token && discussionSearchIn(source).length === 0) {
          warnings.push('discussions are searched in title and body only: searchIn lists neither');
        } else if (wantsDiscussions && token) {
          const q = discussionSearchQuery(source, termPart, sinceDay);
          discussions = {
            label: 'discussions',
            // One GraphQL URL for every query: nothing to keep validators for.
            conditional: false,
            first: {
              url: source.graphqlUrl ?? deriveGraphqlUrl(source.baseUrl),
              method: 'POST',
              headers: { accept: 'application/json', authorization: `Bearer ${token}` },
              body: { query: DISCUSSION_QUERY, variables: { q, first: source.perPage, after: null } },
              retryPost: true,
              acceptStatus: accepted,
            },
          };
          streams.push(discussions);
        }
        return streams;
      },
      page: (res, req, stream) =>
        stream === discussions
          ? readDiscussionPage(res, req, start)
          : readIssuePage(res, req, source, start, threads, token !== undefined),
    });
    result.warnings?.push(...warnings);
    return result;
  },
};
