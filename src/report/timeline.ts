/**
 * An issue's history, read from GitHub's issue timeline (events and comments), reduced to the few
 * facts the metrics need. Label names come from src/issue/labels.ts, the same constants the
 * respond commands apply.
 *
 * First response — what reached the customer, or a person's own words — is the first, at or after
 * the issue was filed, of
 *  - a `status:replied` or `status:followed-up` label being added (by anyone, the bot included:
 *    `/reply` and `/followup` apply them once the reply or follow-up happened),
 *  - a comment by a person (not a bot) that is not a command: `/draft`, `/approve`, `/assign` …
 *    are work on the answer, not the answer, and a refused command changed nothing at all,
 *  - the issue being closed (resolved or dismissed).
 */
import { STATUS_LABELS } from '../issue/labels.js';
import { parseCommand } from '../respond/parse.js';

export const REPLIED_LABEL = labelNamed('status:replied');
export const FOLLOWED_UP_LABEL = labelNamed('status:followed-up');
export const ESCALATED_LABEL = labelNamed('escalated');
export const SLA_BREACHED_LABEL = labelNamed('sla:breached');

function labelNamed(name: string): string {
  const found = STATUS_LABELS.find((l) => l.name === name);
  if (!found) throw new Error(`label ${name} is not among the status labels of src/issue/labels.ts`);
  return found.name;
}

export type HistoryEvent =
  | { kind: 'labeled' | 'unlabeled'; at: string; label: string; actor?: string; bot: boolean }
  | { kind: 'commented'; at: string; actor?: string; bot: boolean; body: string }
  | { kind: 'closed'; at: string; actor?: string; bot: boolean; reason?: string }
  | { kind: 'reopened'; at: string; actor?: string; bot: boolean };

export type ResponseKind = 'replied' | 'followed-up' | 'comment' | 'closed';

export interface HistoryFacts {
  firstResponseAt?: string;
  firstResponseBy?: ResponseKind;
  /** First time `status:replied` was added: a public reply where they spoke. */
  repliedAt?: string;
  /** First time `status:followed-up` was added: the conversation went private. */
  followedUpAt?: string;
  escalatedAt?: string;
  /** Fix references from `/link` commands: `#12` or `owner/repo#12`. */
  fixes: string[];
}

interface ApiUser {
  login?: unknown;
  type?: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isBotUser(user: unknown): boolean {
  if (!isRecord(user)) return false;
  const u = user as ApiUser;
  return u.type === 'Bot' || (typeof u.login === 'string' && u.login.endsWith('[bot]'));
}

function login(user: unknown): string | undefined {
  return isRecord(user) && typeof user.login === 'string' ? user.login : undefined;
}

/** GitHub timeline items (GET /repos/{o}/{r}/issues/{n}/timeline) → the events that matter. */
export function parseTimeline(items: readonly unknown[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const item of items) {
    if (!isRecord(item) || typeof item.event !== 'string') continue;
    const at = typeof item.created_at === 'string' ? item.created_at : undefined;
    if (!at || Number.isNaN(Date.parse(at))) continue;
    const actorUser = item.event === 'commented' ? (item.user ?? item.actor) : item.actor;
    const actor = login(actorUser);
    const base = { at, bot: isBotUser(actorUser), ...(actor ? { actor } : {}) };
    switch (item.event) {
      case 'labeled':
      case 'unlabeled': {
        const name =
          isRecord(item.label) && typeof item.label.name === 'string' ? item.label.name : undefined;
        if (name) events.push({ kind: item.event, label: name, ...base });
        break;
      }
      case 'commented':
        events.push({ kind: 'commented', body: typeof item.body === 'string' ? item.body : '', ...base });
        break;
      case 'closed':
        events.push({
          kind: 'closed',
          ...(typeof item.state_reason === 'string' ? { reason: item.state_reason } : {}),
          ...base,
        });
        break;
      case 'reopened':
        events.push({ kind: 'reopened', ...base });
        break;
    }
  }
  return events;
}

const LINK_COMMAND = /^\s*\/link\b(.*)$/i;
const ISSUE_REF = /(?:^|\s)(?:([A-Za-z0-9][\w.-]*\/[\w.-]+))?#(\d+)\b/g;
const ISSUE_URL = /https?:\/\/[^\s/]+\/([\w.-]+\/[\w.-]+)\/(?:issues|pull)\/(\d+)/g;

/** The fix references of a `/link` command on a comment's first line (`#12`, `o/r#12`, URLs). */
export function linkRefs(body: string): string[] {
  const first = body.split('\n', 1)[0] ?? '';
  const m = LINK_COMMAND.exec(first);
  if (!m) return [];
  const rest = m[1] ?? '';
  const refs: string[] = [];
  for (const u of rest.matchAll(ISSUE_URL)) refs.push(`${u[1]}#${u[2]}`);
  for (const r of rest.replace(ISSUE_URL, ' ').matchAll(ISSUE_REF))
    refs.push(r[1] ? `${r[1]}#${r[2]}` : `#${r[2]}`);
  return [...new Set(refs)];
}

/** The facts of one issue's history (events in any order; those before `createdAt` are ignored). */
export function historyFacts(createdAt: string, events: readonly HistoryEvent[]): HistoryFacts {
  const created = Date.parse(createdAt);
  const ordered = events
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .filter((x) => x.t >= created)
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const facts: HistoryFacts = { fixes: [] };
  const respond = (at: string, by: ResponseKind) => {
    if (facts.firstResponseAt === undefined) {
      facts.firstResponseAt = at;
      facts.firstResponseBy = by;
    }
  };
  for (const { e } of ordered) {
    if (e.kind === 'labeled') {
      const name = e.label.toLowerCase();
      if (name === REPLIED_LABEL) {
        facts.repliedAt ??= e.at;
        respond(e.at, 'replied');
      } else if (name === FOLLOWED_UP_LABEL) {
        facts.followedUpAt ??= e.at;
        respond(e.at, 'followed-up');
      } else if (name === ESCALATED_LABEL) {
        facts.escalatedAt ??= e.at;
      }
    } else if (e.kind === 'commented' && !e.bot) {
      if (!parseCommand(e.body)) respond(e.at, 'comment');
      for (const ref of linkRefs(e.body)) if (!facts.fixes.includes(ref)) facts.fixes.push(ref);
    } else if (e.kind === 'closed') {
      respond(e.at, 'closed');
    }
  }
  return facts;
}
