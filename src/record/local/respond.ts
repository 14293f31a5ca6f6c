/**
 * The respond port on the local tracker (.earshot/), for `earshot respond`: issues are the tracker's
 * Markdown files, comments and reactions live in `comments/<number>.json` next to them. The local
 * store is on the user's disk, so it counts as private (a follow-up note is kept in its comment):
 * do not commit .earshot/ to a public repository if you record notes there.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TrackerError } from '../../errors.js';
import type {
  IssuePatch,
  Permission,
  PortComment,
  ReactionContent,
  ReactionTarget,
  RecordIssue,
  RepoInfo,
  RespondRecord,
} from '../respond-port.js';
import { LocalScanRecord } from './scan.js';

export interface LocalRespondRecordOptions {
  /** The store folder (config tracker.localDir, default .earshot). */
  dir: string;
  /** The login Earshot's own comments carry (respond.botLogin). */
  botLogin: string;
  /** People's permissions; anyone not listed has `defaultPermission` (default admin: it is your disk). */
  permissions?: Readonly<Record<string, Permission>>;
  defaultPermission?: Permission;
  now?: () => Date;
}

interface StoredReaction {
  content: ReactionContent;
  user: string;
}

interface StoredComment extends PortComment {
  reactions: StoredReaction[];
}

interface CommentFile {
  comments: StoredComment[];
  reactions: StoredReaction[];
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class LocalRespondRecord implements RespondRecord {
  readonly kind = 'local' as const;
  readonly tracker: LocalScanRecord;
  private readonly now: () => Date;

  constructor(private readonly options: LocalRespondRecordOptions) {
    this.now = options.now ?? (() => new Date());
    this.tracker = new LocalScanRecord({ dir: options.dir, now: this.now });
  }

  private file(number: number): string {
    return join(this.options.dir, 'comments', `${String(number).padStart(5, '0')}.json`);
  }

  private async load(number: number): Promise<CommentFile> {
    try {
      return JSON.parse(await readFile(this.file(number), 'utf8')) as CommentFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { comments: [], reactions: [] };
      throw new TrackerError(`cannot read ${this.file(number)}: ${(error as Error).message}`);
    }
  }

  private async save(number: number, data: CommentFile): Promise<void> {
    await mkdir(join(this.options.dir, 'comments'), { recursive: true });
    const path = this.file(number);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
    await rename(tmp, path);
  }

  async repo(): Promise<RepoInfo> {
    return { fullName: 'local', private: true, url: this.options.dir };
  }

  async getIssue(number: number): Promise<RecordIssue | undefined> {
    const issue = (await this.tracker.listIssues()).find((i) => i.number === number);
    if (!issue) return undefined;
    return { ...issue, isPullRequest: false };
  }

  private async mustGet(number: number) {
    const issue = (await this.tracker.listIssues()).find((i) => i.number === number);
    if (!issue) throw new TrackerError(`issue #${number} is not in ${this.options.dir}`);
    return issue;
  }

  async listComments(number: number): Promise<PortComment[]> {
    return (await this.load(number)).comments.map(({ reactions: _r, ...c }) => c);
  }

  /** Adds a comment as `login` (a person), for `earshot respond --comment`. */
  async commentAs(number: number, login: string, body: string): Promise<PortComment> {
    await this.mustGet(number);
    const data = await this.load(number);
    const id = number * 100_000 + data.comments.length + 1;
    const comment: StoredComment = {
      id,
      body,
      user: { login, type: login === this.options.botLogin ? 'Bot' : 'User' },
      createdAt: iso(this.now()),
      url: `${this.file(number)}#${id}`,
      reactions: [],
    };
    data.comments.push(comment);
    await this.save(number, data);
    const { reactions: _r, ...out } = comment;
    return out;
  }

  async comment(number: number, body: string): Promise<PortComment> {
    return this.commentAs(number, this.options.botLogin, body);
  }

  async react(target: ReactionTarget, content: ReactionContent): Promise<void> {
    const number = 'issue' in target ? target.issue : Math.floor(target.comment / 100_000);
    const data = await this.load(number);
    const reaction = { content, user: this.options.botLogin };
    if ('issue' in target) data.reactions.push(reaction);
    else {
      const c = data.comments.find((x) => x.id === target.comment);
      if (!c) throw new TrackerError(`comment ${target.comment} not found`);
      if (!c.reactions.some((r) => r.content === content && r.user === reaction.user))
        c.reactions.push(reaction);
    }
    await this.save(number, data);
  }

  /** Reactions on a comment (for tests and the CLI's output). */
  async reactionsOf(commentId: number): Promise<ReactionContent[]> {
    const data = await this.load(Math.floor(commentId / 100_000));
    return data.comments.find((c) => c.id === commentId)?.reactions.map((r) => r.content) ?? [];
  }

  async addLabels(number: number, labels: readonly string[]): Promise<void> {
    const issue = await this.mustGet(number);
    const have = new Set(issue.labels.map((l) => l.toLowerCase()));
    const added = labels.filter((l) => !have.has(l.toLowerCase()));
    if (added.length > 0) await this.tracker.update({ ...issue, labels: [...issue.labels, ...added] });
  }

  async removeLabel(number: number, label: string): Promise<void> {
    const issue = await this.mustGet(number);
    const labels = issue.labels.filter((l) => l.toLowerCase() !== label.toLowerCase());
    if (labels.length !== issue.labels.length) await this.tracker.update({ ...issue, labels });
  }

  async removeLabels(number: number, names: readonly string[]): Promise<void> {
    const issue = await this.mustGet(number);
    const gone = new Set(names.map((n) => n.toLowerCase()));
    const labels = issue.labels.filter((l) => !gone.has(l.toLowerCase()));
    if (labels.length !== issue.labels.length) await this.tracker.update({ ...issue, labels });
  }

  async addAssignees(number: number, logins: readonly string[]): Promise<string[]> {
    const issue = await this.mustGet(number);
    const assignees = [...new Set([...issue.assignees, ...logins])];
    await this.tracker.update({ ...issue, assignees });
    return assignees;
  }

  async updateIssue(number: number, patch: IssuePatch): Promise<void> {
    const issue = await this.mustGet(number);
    const next = { ...issue };
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.state === 'closed') {
      next.state = 'closed';
      next.stateReason = patch.stateReason ?? 'completed';
      next.closedAt = iso(this.now());
    } else if (patch.state === 'open') {
      next.state = 'open';
      next.stateReason = 'reopened';
      delete next.closedAt;
    } else if (patch.stateReason) next.stateReason = patch.stateReason;
    await this.tracker.update(next);
  }

  async permission(login: string): Promise<Permission> {
    return this.options.permissions?.[login] ?? this.options.defaultPermission ?? 'admin';
  }
}
