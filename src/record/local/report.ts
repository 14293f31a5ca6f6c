/**
 * The report on the local tracker (.earshot/): issues are its Markdown files (front matter with
 * labels, state and the created/updated/closed times), comments are the `comments/<number>.json`
 * files that `earshot respond` writes. The local store records no label events, so times that only
 * a label would tell (when `status:replied` was added) are unknown there; a person's comment or a
 * close still dates the first response. The report of a period is written to
 * `reports/<period>.md`; milestones and pinning do not exist locally.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { errorMessage, TrackerError } from '../../errors.js';
import { INDEX_LABEL } from '../../issue/labels.js';
import { REPORT_SHARD, type ReportState } from '../../report/cache.js';
import {
  ESCALATED_LABEL,
  FOLLOWED_UP_LABEL,
  type HistoryEvent,
  REPLIED_LABEL,
} from '../../report/timeline.js';
import type { RecordIssue } from '../issue.js';
import { parseCommentMarker, reportPeriodOf } from '../marker.js';
import { runEach } from '../read-each.js';
import type {
  FixState,
  HistoryRead,
  LabelWrite,
  MilestoneRecord,
  ReportIssueRef,
  ReportRecord,
} from '../report-port.js';
import type { LocalScanRecord } from './scan.js';

/** The label GitHub would show added with each of the bot's records (src/respond/markers.ts). */
const MARKER_LABELS: Readonly<Record<string, string>> = {
  replied: REPLIED_LABEL,
  followup: FOLLOWED_UP_LABEL,
  escalation: ESCALATED_LABEL,
};

const commentFileSchema = z.object({
  comments: z
    .array(
      z.object({
        body: z.string().default(''),
        user: z.object({ login: z.string(), type: z.string().optional() }),
        createdAt: z.string(),
      }),
    )
    .default([]),
});

async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, 'utf8');
  await rename(tmp, path);
}

export interface LocalReportRecordOptions {
  tracker: LocalScanRecord;
  /** The login of Earshot's own comments (respond.botLogin): they are not responses. */
  botLogin: string;
}

export class LocalReportRecord implements ReportRecord {
  readonly kind = 'local' as const;
  readonly hasHistory = true;
  readonly cacheHistory = false;
  private issues: RecordIssue[] | undefined;

  constructor(private readonly options: LocalReportRecordOptions) {}

  private get dir(): string {
    return this.options.tracker.dir;
  }

  private async all(): Promise<RecordIssue[]> {
    this.issues ??= await this.options.tracker.listIssues();
    return this.issues;
  }

  private async comments(number: number): Promise<z.infer<typeof commentFileSchema>['comments']> {
    const path = join(this.dir, 'comments', `${String(number).padStart(5, '0')}.json`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TrackerError(`cannot read ${path}: ${errorMessage(error)}`);
    }
    const parsed = commentFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new TrackerError(`${path} is not a comment file of the local store`);
    return parsed.data.comments;
  }

  async listIssues(since: Date): Promise<RecordIssue[]> {
    const out: RecordIssue[] = [];
    for (const issue of await this.all()) {
      if (!issue.labels.some((l) => l.toLowerCase() === INDEX_LABEL)) continue;
      if (Date.parse(issue.updatedAt) < since.getTime() && Date.parse(issue.createdAt) < since.getTime())
        continue;
      out.push({ ...issue, comments: (await this.comments(issue.number)).length });
    }
    return out;
  }

  /**
   * Comments (a person's or the bot's) and the close. No label events exist locally: the bot's own
   * reply, follow-up and escalation records stand for the labels it adds with them on GitHub.
   */
  async readHistories(numbers: readonly number[]): Promise<HistoryRead> {
    const { done, error } = await runEach(numbers, 4, (n) => this.readHistory(n));
    return { histories: done, calls: 0, notes: [], ...(error !== undefined ? { error } : {}) };
  }

  private async readHistory(number: number): Promise<HistoryEvent[]> {
    const bot = this.options.botLogin.toLowerCase();
    const events: HistoryEvent[] = [];
    for (const c of await this.comments(number)) {
      const isBot =
        c.user.type === 'Bot' || c.user.login.toLowerCase() === bot || c.user.login.endsWith('[bot]');
      events.push({ kind: 'commented', at: c.createdAt, actor: c.user.login, bot: isBot, body: c.body });
      const label = isBot ? MARKER_LABELS[parseCommentMarker(c.body)?.type ?? ''] : undefined;
      if (label) events.push({ kind: 'labeled', at: c.createdAt, label, actor: c.user.login, bot: true });
    }
    const issue = (await this.all()).find((i) => i.number === number);
    if (issue?.state === 'closed' && issue.closedAt) {
      events.push({
        kind: 'closed',
        at: issue.closedAt,
        bot: false,
        ...(issue.stateReason ? { reason: issue.stateReason } : {}),
      });
    }
    return events;
  }

  async fixState(ref: string): Promise<FixState> {
    const m = /^#(\d+)$/.exec(ref);
    const issue = m ? (await this.all()).find((i) => i.number === Number(m[1])) : undefined;
    if (!issue) return { state: 'missing' };
    return issue.state === 'closed' && issue.closedAt
      ? { state: 'closed', closedAt: issue.closedAt }
      : { state: 'open' };
  }

  async labelIssues(issues: readonly { number: number }[], label: string): Promise<LabelWrite> {
    const { done, error } = await runEach(issues, 1, (i) => this.addLabel(i.number, label));
    return {
      labeled: [...done.keys()].map((i) => ({ number: i.number })),
      calls: 0,
      notes: [],
      ...(error !== undefined ? { error } : {}),
    };
  }

  private async addLabel(number: number, label: string): Promise<void> {
    const issue = (await this.all()).find((i) => i.number === number);
    if (!issue) throw new TrackerError(`issue #${number} is not in ${this.dir}`);
    if (!issue.labels.some((l) => l.toLowerCase() === label.toLowerCase())) {
      issue.labels = [...issue.labels, label];
      await this.options.tracker.update(issue);
    }
  }

  async listMilestones(): Promise<MilestoneRecord[]> {
    return [];
  }

  async updateMilestone(): Promise<void> {}

  private reportPath(period: string): string {
    return join(this.dir, 'reports', `${period}.md`);
  }

  async findReportIssue(period: string): Promise<ReportIssueRef | undefined> {
    try {
      await readFile(this.reportPath(period), 'utf8');
      return { number: 0, url: this.reportPath(period) };
    } catch {
      return undefined;
    }
  }

  async createReportIssue(title: string, body: string): Promise<ReportIssueRef> {
    const period = reportPeriodOf(body);
    if (!period) throw new TrackerError('a report without its period marker');
    await mkdir(join(this.dir, 'reports'), { recursive: true });
    await writeAtomic(this.reportPath(period), `# ${title}\n\n${body}\n`);
    return { number: 0, url: this.reportPath(period) };
  }

  async updateReportIssue(
    _number: number,
    patch: { title: string; body: string },
  ): Promise<ReportIssueRef | undefined> {
    return this.createReportIssue(patch.title, patch.body);
  }

  async pin(): Promise<boolean> {
    return false;
  }

  loadState(): Promise<ReportState> {
    return this.options.tracker.loadState(REPORT_SHARD).then((l) => l.state);
  }

  saveState(state: ReportState): Promise<void> {
    return this.options.tracker.saveState(REPORT_SHARD, state);
  }
}
