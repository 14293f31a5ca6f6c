/**
 * GitHub search matches issues and pull requests by their comments too (`in:…,comments`), but the
 * search result is the issue: its title and body. When neither names any of the company's terms, the
 * hit came from a comment, so the thread's comments are read
 * (`GET /repos/{owner}/{repo}/issues/{number}/comments?since=…`, the `text+json` media type) and each
 * comment that names a term becomes a mention of its own — its own URL (`…#issuecomment-N`), author
 * and time, replied to on its issue. The query language then decides, as for every mention.
 */
import * as z from 'zod';
import { foldText } from '../../mentions/match.js';
import type { RawItem } from '../../mentions/mention.js';
import { isoOrUndefined } from '../shared/api-source.js';

/** A search hit whose comments may hold the match. */
export interface CommentThread {
  repo: string;
  number: number;
  type: 'issue' | 'pr';
  nodeId?: string;
  /** What the search result shows: title and body. */
  shown: string;
  comments: number;
}

/** True when the text names one of the terms (case- and width-insensitive, as a substring). */
export function namesAnyTerm(text: string, terms: readonly string[]): boolean {
  const folded = foldText(text);
  return terms.some((t) => {
    const term = foldText(t.trim());
    return term !== '' && folded.includes(term);
  });
}

/** The threads worth reading: comments exist, and the title and body do not name a term. */
export function threadsMatchedByComments(
  threads: readonly CommentThread[],
  terms: readonly string[],
): CommentThread[] {
  return threads.filter((t) => t.comments > 0 && !namesAnyTerm(t.shown, terms));
}

const commentSchema = z.object({
  id: z.number().int(),
  html_url: z.string(),
  body: z.string().nullish(),
  body_text: z.string().nullish(),
  user: z.object({ login: z.string(), html_url: z.string().nullish(), type: z.string().nullish() }).nullish(),
  created_at: z.string().nullish(),
  reactions: z.object({ total_count: z.number() }).nullish(),
});

export interface CommentsPage {
  items: RawItem[];
  warnings: string[];
  /** Comments on the page (all of them: a full page means there may be more). */
  count: number;
}

/**
 * One page of an issue's comments → the comments that name a term, as mentions. Bots are skipped
 * unless `includeBots`; comments created before `start` are left out (`since` filters by update).
 */
export function parseIssueComments(
  json: unknown,
  thread: CommentThread,
  options: { terms: readonly string[]; start: Date; includeBots: boolean },
): CommentsPage {
  const list = z.array(z.unknown()).safeParse(json);
  if (!list.success) throw new Error(`comments of ${thread.repo}#${thread.number}: not a list`);
  const page: CommentsPage = { items: [], warnings: [], count: list.data.length };
  list.data.forEach((raw, i) => {
    const parsed = commentSchema.safeParse(raw);
    if (!parsed.success) {
      page.warnings.push(`${thread.repo}#${thread.number} comment ${i} skipped: not a valid comment`);
      return;
    }
    const c = parsed.data;
    const login = c.user?.login ?? 'ghost';
    if (!options.includeBots && (c.user?.type === 'Bot' || /\[bot\]$/.test(login))) return;
    const published = isoOrUndefined(c.created_at);
    if (published && Date.parse(published) < options.start.getTime()) return;
    const text = (c.body_text ?? c.body ?? '').trim();
    if (!namesAnyTerm(text, options.terms)) return;
    const item: RawItem = {
      id: `${thread.repo}#${thread.number}#issuecomment-${c.id}`,
      url: c.html_url,
      text,
      author: login,
      replyTo: {
        repo: thread.repo,
        number: String(thread.number),
        type: thread.type,
        commentId: String(c.id),
        ...(thread.nodeId ? { nodeId: thread.nodeId } : {}),
      },
    };
    if (c.user?.html_url && login !== 'ghost') item.authorUrl = c.user.html_url;
    if (c.reactions) item.engagement = c.reactions.total_count;
    if (published) item.published = published;
    page.items.push(item);
  });
  return page;
}
