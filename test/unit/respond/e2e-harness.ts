/**
 * End-to-end harness for respond mode: the bundled action (dist/index.js, run as a runner runs it)
 * against the GitHub emulator and the local reply servers, driven by webhook payloads built from the
 * recorded templates in test/fixtures/events/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDraftComment, sha256 } from '../../../src/respond/drafts/comment.js';
import { renderCommentMarker } from '../../../src/respond/markers.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';
import { type ActionRun, runActionOnEmulator, tempWorkspace } from '../../helpers/run-action.js';
import { configText, ENV, markerFor, mentionBody } from './helpers.js';
import { payload } from './payloads.js';
import { type ReplyServers, startReplyServers } from './reply-servers.js';

export const REPO = 'acme/mentions';
type Json = Record<string, unknown>;

export interface Harness {
  emulator: Emulator;
  servers: ReplyServers;
  workspace: string;
  /** Files a mention issue of a source kind (as Earshot would have); returns its number. */
  mention(kind: string, over?: Json): number;
  /** Posts a draft and its approval as Earshot would have (fewer action runs where that is not the subject). */
  approvedDraft(n: number, kind: string, text: string): void;
  /** A plain (engineering) issue; returns its number. */
  plainIssue(title: string): number;
  issue(n: number): Json;
  /**
   * A person comments on issue n; the action runs on the issue_comment event. `afterEvent` runs once
   * the event's payload is built, before the action: a change GitHub's event does not show.
   */
  comment(
    n: number,
    login: string,
    body: string,
    options?: { afterEvent?: () => void },
  ): Promise<{ run: ActionRun; commentId: number }>;
  /** A person adds a label; the action runs on the issues.labeled event. */
  label(n: number, login: string, label: string): Promise<ActionRun>;
  /** A person closes issue n; the action runs on the issues.closed event. */
  close(n: number, login: string, reason?: 'completed' | 'not_planned'): Promise<ActionRun>;
  /** A pull request was merged (or closed). */
  pullClosed(n: number, login: string, merged: boolean): Promise<ActionRun>;
  comments(n: number): { id: number; body: string; user: string }[];
  lastComment(n: number): string;
  labels(n: number): string[];
  reactionsOn(commentId: number): string[];
  close_(): Promise<void>;
}

export async function startHarness(
  extraConfig = '',
  users?: { login: string; permission: 'admin' | 'write' | 'read' | 'triage' | 'maintain' }[],
  /** Further environment variables for the action (credentials of sources in extraConfig). */
  extraEnv: Record<string, string> = {},
): Promise<Harness> {
  const emulator = await startEmulator({
    repo: REPO,
    users: users ?? [
      { login: 'alice', permission: 'write' },
      { login: 'carol', permission: 'maintain' },
      { login: 'bob', permission: 'read' },
      { login: 'dev', permission: 'write' },
      // The repository's owner (author_association OWNER, as in a personal repository).
      { login: 'acme', permission: 'admin' },
    ],
  });
  const servers = await startReplyServers();
  const workspace = tempWorkspace('earshot-respond-');
  writeFileSync(
    join(workspace, 'earshot.yml'),
    configText(servers.url, extraConfig).replace(
      `baseUrl: ${servers.url}/github`,
      `baseUrl: ${emulator.url}`,
    ),
  );
  const get = (path: string): Json => emulator.as('alice', 'GET', `/repos/${REPO}${path}`).body as Json;
  const run = (name: string, p: Json) =>
    runActionOnEmulator({
      workspace,
      apiUrl: emulator.url,
      repository: REPO,
      mode: 'auto',
      event: { name, payload: p },
      env: { ...ENV, ...extraEnv },
    });
  const h: Harness = {
    emulator,
    servers,
    workspace,
    mention(kind, over = {}) {
      const marker = markerFor(kind, over);
      const seeded = emulator.seed({
        issues: [
          {
            title: `[${marker.category}] ${marker.author ?? 'someone'} on ${kind}: AcmeCloud billing charged me twice`,
            body: mentionBody(marker),
            labels: ['earshot', marker.category, `source:${kind}`, 'priority:high'],
            user: 'github-actions[bot]',
          },
        ],
      });
      const n = seeded.issues[0];
      if (n === undefined) throw new Error('seed failed');
      return n;
    },
    approvedDraft(n, kind, text) {
      const at = '2026-11-20T10:00:00.000Z';
      const draft = emulator.as('github-actions[bot]', 'POST', `/repos/${REPO}/issues/${n}/comments`, {
        body: renderDraftComment({
          marker: {
            kind,
            source: markerFor(kind).source,
            category: 'complaint',
            purpose: 'reply',
            by: 'alice',
            at,
          },
          text,
          heading: 'Reply draft',
        }),
      }).body as Json;
      emulator.as('github-actions[bot]', 'POST', `/repos/${REPO}/issues/${n}/comments`, {
        body: renderCommentMarker('approval', {
          draft: Number(draft.id),
          sha256: sha256(text),
          by: 'carol',
          at,
        }),
      });
      emulator.as('alice', 'POST', `/repos/${REPO}/issues/${n}/labels`, {
        labels: ['status:drafted', 'status:approved'],
      });
    },
    plainIssue(title) {
      const seeded = emulator.seed({
        issues: [{ title, body: 'Engineering issue.', labels: ['bug'], user: 'dev' }],
      });
      const n = seeded.issues[0];
      if (n === undefined) throw new Error('seed failed');
      return n;
    },
    issue: (n) => get(`/issues/${n}`),
    async comment(n, login, body, options) {
      const made = emulator.person(login).comment(n, body);
      if (made.status !== 201) throw new Error(`comment failed: ${made.status} ${JSON.stringify(made.body)}`);
      const c = made.body as Json;
      const p = payload('issue_comment.created', {
        issue: h.issue(n),
        comment: {
          id: Number(c.id),
          body,
          html_url: String(c.html_url),
          user: login,
          association: String(c.author_association),
        },
        sender: login,
      });
      options?.afterEvent?.();
      return { run: await run('issue_comment', p), commentId: Number(c.id) };
    },
    async label(n, login, label) {
      const added = emulator.person(login).addLabels(n, [label]);
      if (added.status !== 200)
        emulator.as('alice', 'POST', `/repos/${REPO}/issues/${n}/labels`, { labels: [label] });
      return run('issues', payload('issues.labeled', { issue: h.issue(n), label, sender: login }));
    },
    async close(n, login, reason = 'completed') {
      emulator.as(login, 'PATCH', `/repos/${REPO}/issues/${n}`, { state: 'closed', state_reason: reason });
      return run('issues', payload('issues.closed', { issue: h.issue(n), sender: login }));
    },
    pullClosed: (n, login, merged) =>
      run('pull_request', payload('pull_request.closed', { pull: { number: n, merged }, sender: login })),
    comments: (n) =>
      emulator.state.comments
        .filter((c) => c.issue_number === n)
        .map((c) => ({ id: c.id, body: c.body, user: c.user })),
    lastComment: (n) => h.comments(n).at(-1)?.body ?? '',
    labels: (n) => emulator.state.issues.find((i) => i.number === n)?.labels ?? [],
    reactionsOn: (id) => emulator.state.reactions.filter((r) => r.comment_id === id).map((r) => r.content),
    async close_() {
      await servers.close();
      await emulator.close();
    },
  };
  return h;
}

/** The run succeeded (exit 0), with its output for the failure message. */
export function ok(run: ActionRun): string {
  return run.code === 0 ? '' : `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
}
