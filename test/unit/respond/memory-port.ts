/** An in-memory RespondRecord for unit tests (DESIGN convention 5: fakes for ports). */
import type {
  IssuePatch,
  Permission,
  PortComment,
  ReactionContent,
  ReactionTarget,
  RecordIssue,
  RepoInfo,
  RespondRecord,
} from '../../../src/record/respond-port.js';

export interface MemoryIssue extends Omit<RecordIssue, 'comments'> {
  /** The issue's comments, oldest first. */
  thread: PortComment[];
}

export class MemoryPort implements RespondRecord {
  readonly kind = 'memory' as const;
  issues = new Map<number, MemoryIssue>();
  reactions: { target: ReactionTarget; content: ReactionContent }[] = [];
  permissions: Record<string, Permission> = {};
  assignable = new Set<string>();
  other = new Map<string, RepoInfo & { issues: { number: number; title: string; body: string }[] }>();
  private nextId = 1000;
  writes = 0;
  failOn?: string;

  constructor(
    public info: RepoInfo = {
      fullName: 'acme/mentions',
      private: false,
      url: 'https://github.example/acme/mentions',
    },
    readonly botLogin = 'github-actions[bot]',
  ) {}

  add(issue: Partial<RecordIssue> & { number: number; body: string }): MemoryIssue {
    const full: MemoryIssue = {
      title: `[complaint] issue ${issue.number}`,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: [],
      url: `${this.info.url}/issues/${issue.number}`,
      isPullRequest: false,
      createdAt: '2026-11-20T00:00:00Z',
      updatedAt: '2026-11-20T00:00:00Z',
      ...issue,
      thread: [],
    };
    this.issues.set(issue.number, full);
    return full;
  }

  private must(n: number): MemoryIssue {
    const i = this.issues.get(n);
    if (!i) throw new Error(`no issue ${n}`);
    return i;
  }

  /** A comment by a person (not counted as a write by Earshot). */
  personComment(n: number, login: string, body: string): PortComment {
    const c = {
      id: this.nextId++,
      body,
      user: { login, type: 'User' },
      createdAt: '2026-11-20T00:00:00Z',
      url: `${this.info.url}/issues/${n}#c`,
    };
    c.url += c.id;
    this.must(n).thread.push(c);
    return c;
  }

  comments(n: number): PortComment[] {
    return this.must(n).thread;
  }

  async repo() {
    return this.info;
  }
  async getIssue(n: number) {
    const i = this.issues.get(n);
    if (!i) return undefined;
    const { thread: _t, ...rest } = i;
    return { ...rest, labels: [...rest.labels], assignees: [...rest.assignees] };
  }
  async listComments(n: number) {
    return [...this.must(n).thread];
  }
  async comment(n: number, body: string) {
    if (this.failOn === 'comment') throw new Error('comment failed (test)');
    this.writes++;
    const c = {
      id: this.nextId++,
      body,
      user: { login: this.botLogin, type: 'Bot' },
      createdAt: '2026-11-20T00:00:00Z',
      url: '',
    };
    c.url = `${this.info.url}/issues/${n}#issuecomment-${c.id}`;
    this.must(n).thread.push(c);
    return c;
  }
  async react(target: ReactionTarget, content: ReactionContent) {
    this.reactions.push({ target, content });
  }
  reactionsOn(commentId: number): ReactionContent[] {
    return this.reactions
      .filter((r) => 'comment' in r.target && r.target.comment === commentId)
      .map((r) => r.content);
  }
  async addLabels(n: number, labels: readonly string[]) {
    this.writes++;
    const i = this.must(n);
    for (const l of labels) if (!i.labels.some((x) => x.toLowerCase() === l.toLowerCase())) i.labels.push(l);
  }
  async removeLabel(n: number, label: string) {
    const i = this.must(n);
    i.labels = i.labels.filter((l) => l.toLowerCase() !== label.toLowerCase());
  }
  async removeLabels(n: number, labels: readonly string[]) {
    for (const l of labels) await this.removeLabel(n, l);
  }
  async addAssignees(n: number, logins: readonly string[]) {
    const i = this.must(n);
    for (const l of logins) if (this.assignable.has(l) && !i.assignees.includes(l)) i.assignees.push(l);
    return [...i.assignees];
  }
  async updateIssue(n: number, patch: IssuePatch) {
    const i = this.must(n);
    if (patch.title !== undefined) i.title = patch.title;
    if (patch.state) i.state = patch.state;
    if (patch.stateReason) i.stateReason = patch.stateReason;
  }
  async permission(login: string): Promise<Permission> {
    return this.permissions[login] ?? (this.info.private ? 'none' : 'read');
  }
  async repoInfo(fullName: string) {
    if (fullName === this.info.fullName) return this.info;
    const o = this.other.get(fullName);
    return o ? { fullName: o.fullName, private: o.private, url: o.url } : undefined;
  }
  async createIssueIn(fullName: string, issue: { title: string; body: string }) {
    const o = this.other.get(fullName);
    if (!o) throw new Error(`no repo ${fullName}`);
    const number = o.issues.length + 1;
    o.issues.push({ number, ...issue });
    return { number, url: `${o.url}/issues/${number}` };
  }
}
