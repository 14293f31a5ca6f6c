/**
 * Issue timelines through GraphQL: the timelines of up to 100 issues in one query,
 *
 *   repository(owner, name) {
 *     i12: issue(number: 12) { timelineItems(first: 100, itemTypes: [...]) { pageInfo nodes } }
 *     i15: issue(number: 15) { timelineItems(first: 100, after: $c15, itemTypes: [...]) { … } }
 *     …
 *   }
 *
 * and only the items the report reads (ISSUE_COMMENT, LABELED_EVENT, UNLABELED_EVENT, CLOSED_EVENT,
 * REOPENED_EVENT: what src/report/timeline.ts takes from the REST timeline). An issue with more than
 * 100 such items is paged: its next page rides in a later query with its cursor, so one query always
 * carries at most 100 issues whatever their lengths.
 *
 * GitHub's limits (https://docs.github.com/en/graphql/overview/resource-limitations, now
 * https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api): `first` at most 100 per connection — 100 here; at most 500,000
 * nodes per query — here at most 100 issues × 100 items = 10,000; the primary limit is in points,
 * a query's cost being the connection requests it needs divided by 100 — 100 `timelineItems`
 * connections cost 1 point, so a report of 10,000 changed issues spends about 100 of the 1,000
 * points an hour a GITHUB_TOKEN has per repository. Secondary limits (at most 2,000 points a
 * minute, no more than 100 concurrent requests: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits)
 * are kept by the client's throttling, which sends GraphQL requests one at a time, a second apart.
 */
import type { HistoryEvent } from '../../report/timeline.js';
import type { GitHubClient } from './client.js';
import { graphqlRequest } from './graphql.js';

/** Issues per query, and items per issue per page: GitHub's `first` limit. */
export const TIMELINE_BATCH = 100;

const TIMELINE_ITEM_TYPES = [
  'ISSUE_COMMENT',
  'LABELED_EVENT',
  'UNLABELED_EVENT',
  'CLOSED_EVENT',
  'REOPENED_EVENT',
] as const;

const ITEM_FIELDS = `__typename
          ... on IssueComment { createdAt body author { __typename login } }
          ... on LabeledEvent { createdAt actor { __typename login } label { name } }
          ... on UnlabeledEvent { createdAt actor { __typename login } label { name } }
          ... on ClosedEvent { createdAt actor { __typename login } stateReason }
          ... on ReopenedEvent { createdAt actor { __typename login } }`;

export interface TimelinePage {
  number: number;
  /** The cursor after which to read (a later page of this issue). */
  after?: string;
}

/** The query reading one page of each of these issues' timelines (at most TIMELINE_BATCH). */
export function timelineQuery(pages: readonly TimelinePage[]): {
  query: string;
  variables: Record<string, unknown>;
} {
  if (pages.length === 0 || pages.length > TIMELINE_BATCH)
    throw new RangeError(`a timeline query reads 1 to ${TIMELINE_BATCH} issues, not ${pages.length}`);
  const cursors = pages.filter((p) => p.after !== undefined);
  const declared = ['$owner: String!', '$name: String!', ...cursors.map((p) => `$c${p.number}: String`)];
  const types = TIMELINE_ITEM_TYPES.join(', ');
  const fields = pages.map((p) => {
    const after = p.after !== undefined ? `, after: $c${p.number}` : '';
    return `    i${p.number}: issue(number: ${Math.trunc(p.number)}) {
      timelineItems(first: ${TIMELINE_BATCH}${after}, itemTypes: [${types}]) {
        pageInfo { hasNextPage endCursor }
        nodes {
          ${ITEM_FIELDS}
        }
      }
    }`;
  });
  const query = `query EarshotTimelines(${declared.join(', ')}) {
  repository(owner: $owner, name: $name) {
${fields.join('\n')}
  }
}`;
  const variables: Record<string, unknown> = {};
  for (const p of cursors) variables[`c${p.number}`] = p.after;
  return { query, variables };
}

interface Actor {
  __typename?: string;
  login?: string;
}
interface Item {
  __typename?: string;
  createdAt?: string;
  body?: string;
  author?: Actor | null;
  actor?: Actor | null;
  label?: { name?: string } | null;
  stateReason?: string | null;
}
interface IssueAnswer {
  timelineItems?: {
    pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
    nodes?: (Item | null)[];
  };
}

/** GraphQL timeline items → the events the report reads (the GraphQL twin of parseTimeline). */
function parseTimelineItems(items: readonly (Item | null)[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const item of items) {
    const at = item?.createdAt;
    if (!item || typeof at !== 'string' || Number.isNaN(Date.parse(at))) continue;
    const who = item.__typename === 'IssueComment' ? item.author : item.actor;
    // A GitHub App answers as `Bot` with its slug as login (no `[bot]` suffix, unlike REST).
    const bot = who?.__typename === 'Bot' || (who?.login?.endsWith('[bot]') ?? false);
    const base = { at, bot, ...(who?.login ? { actor: who.login } : {}) };
    switch (item.__typename) {
      case 'IssueComment':
        events.push({ kind: 'commented', body: item.body ?? '', ...base });
        break;
      case 'LabeledEvent':
      case 'UnlabeledEvent':
        if (item.label?.name)
          events.push({
            kind: item.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled',
            label: item.label.name,
            ...base,
          });
        break;
      case 'ClosedEvent':
        events.push({
          kind: 'closed',
          ...(item.stateReason ? { reason: item.stateReason.toLowerCase() } : {}),
          ...base,
        });
        break;
      case 'ReopenedEvent':
        events.push({ kind: 'reopened', ...base });
        break;
    }
  }
  return events;
}

export interface TimelinesRead {
  histories: Map<number, HistoryEvent[]>;
  calls: number;
  error?: unknown;
}

/**
 * Reads the timelines of `numbers` (in that order), at most TIMELINE_BATCH issues a query and at
 * most `maxCalls` queries. An issue is answered only once all its pages are read; one GitHub cannot
 * resolve (deleted, transferred) answers no events. A failure ends the reading with `error` set (a
 * GraphQLRefused when GraphQL is unavailable to the run: the caller reads the rest by REST).
 */
export async function readTimelines(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  numbers: readonly number[],
  maxCalls: number,
): Promise<TimelinesRead> {
  const histories = new Map<number, HistoryEvent[]>();
  const partial = new Map<number, HistoryEvent[]>();
  const queue: TimelinePage[] = numbers.map((number) => ({ number }));
  let calls = 0;
  while (queue.length > 0 && calls < maxCalls) {
    const pages = queue.splice(0, TIMELINE_BATCH);
    const { query, variables } = timelineQuery(pages);
    let answer: Awaited<
      ReturnType<typeof graphqlRequest<{ repository: Record<string, IssueAnswer | null> | null }>>
    >;
    try {
      calls++;
      answer = await graphqlRequest(octokit, query, { owner: repo.owner, name: repo.repo, ...variables });
    } catch (error) {
      return { histories, calls, error };
    }
    const repository = answer.data?.repository;
    if (!repository) {
      const why = answer.errors.map((e) => e.message).join('; ') || 'no repository in the answer';
      return { histories, calls, error: new Error(`GraphQL: ${why}`) };
    }
    const followUps: TimelinePage[] = [];
    for (const page of pages) {
      const issue = repository[`i${page.number}`];
      const events = [
        ...(partial.get(page.number) ?? []),
        ...parseTimelineItems(issue?.timelineItems?.nodes ?? []),
      ];
      const info = issue?.timelineItems?.pageInfo;
      if (info?.hasNextPage && info.endCursor) {
        partial.set(page.number, events);
        followUps.push({ number: page.number, after: info.endCursor });
      } else {
        partial.delete(page.number);
        histories.set(page.number, events);
      }
    }
    queue.unshift(...followUps);
  }
  return { histories, calls };
}
