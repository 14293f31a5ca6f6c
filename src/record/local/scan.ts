/**
 * The embedded default tracker: with no GitHub token, each mention becomes a Markdown file under
 * `.earshot/issues/` whose body is exactly what its GitHub issue would hold, with a front-matter
 * block for title, labels, milestone, assignees, state and timestamps; `.earshot/index.md` lists
 * them for people. Same never-duplicate rule as GitHub: the key in the body's marker is the record,
 * the issue file is written (atomically) before the state remembers anything.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { errorMessage, TrackerError } from '../../errors.js';
import { neutralizeInline } from '../../issue/neutralize.js';
import { parseMarker } from '../marker.js';
import {
  type IssueDraft,
  type LabelSpec,
  type LoadedState,
  type RecordIssue,
  type ScanRecord,
  type ScanState,
  type SpecialIssueSpec,
  StateConflictError,
} from '../port.js';
import { findOpenSpecial } from '../special.js';
import { decodeState, emptyState, encodeState, StateDamagedError } from '../state.js';

export interface LocalScanRecordOptions {
  /** The store folder (default `.earshot`). */
  dir: string;
  now?: () => Date;
}

interface FrontMatter {
  number: number;
  title: string;
  state: 'open' | 'closed';
  state_reason?: string | null;
  labels: string[];
  milestone?: string | null;
  milestone_due_on?: string | null;
  assignees: string[];
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  key?: string;
}

const FRONT = /^---\n([\s\S]*?)\n---\n\n?/;

/**
 * An issue title as a cell of index.md. A title is plain text on GitHub (only code spans render),
 * so neutralizeTitle leaves `<`, `[`, `*` … as they are; index.md is Markdown, where they would
 * become HTML, images and links. The title's code spans are unwrapped (neutralizeTitle turned every
 * other backtick into `'`) and the text neutralized again for Markdown.
 */
export function indexTitle(title: string): string {
  return neutralizeInline(title.replace(/`/g, ''), 1000);
}

export function issueFileName(number: number): string {
  return `${String(number).padStart(5, '0')}.md`;
}

export function serializeIssue(issue: RecordIssue, dueOn?: string): string {
  const front: FrontMatter = {
    number: issue.number,
    title: issue.title,
    state: issue.state,
    state_reason: issue.stateReason ?? null,
    labels: issue.labels,
    milestone: issue.milestone ?? null,
    milestone_due_on: dueOn ?? null,
    assignees: issue.assignees,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt ?? null,
    ...(issue.key ? { key: issue.key } : {}),
  };
  return `---\n${stringifyYaml(front, { lineWidth: 0 }).trimEnd()}\n---\n\n${issue.body}\n`;
}

export function parseIssueFile(text: string, file: string): RecordIssue {
  const m = FRONT.exec(text);
  if (!m?.[1]) throw new TrackerError(`${file}: missing front matter`);
  const f = parseYaml(m[1]) as FrontMatter;
  const body = text.slice(m[0].length).replace(/\n$/, '');
  const marker = parseMarker(body);
  const key = marker?.key ?? f.key;
  return {
    number: f.number,
    ...(key ? { key, ids: [key, ...(marker?.ids ?? []).filter((id) => id !== key)] } : {}),
    ...(marker ? { marker } : {}),
    title: f.title,
    body,
    state: f.state,
    ...(f.state_reason ? { stateReason: f.state_reason as RecordIssue['stateReason'] } : {}),
    labels: f.labels ?? [],
    ...(f.milestone ? { milestone: f.milestone } : {}),
    assignees: f.assignees ?? [],
    createdAt: f.created_at,
    updatedAt: f.updated_at,
    ...(f.closed_at ? { closedAt: f.closed_at } : {}),
    url: `${file}`,
  };
}

async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, 'utf8');
  await rename(tmp, path);
}

export class LocalScanRecord implements ScanRecord {
  readonly kind = 'local' as const;
  private readonly issuesDir: string;
  private readonly now: () => Date;
  private readonly loaded = new Map<string, string | undefined>();

  constructor(private readonly options: LocalScanRecordOptions) {
    this.issuesDir = join(options.dir, 'issues');
    this.now = options.now ?? (() => new Date());
  }

  get dir(): string {
    return this.options.dir;
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    await mkdir(this.issuesDir, { recursive: true });
    const path = join(this.options.dir, 'labels.json');
    const existing = await this.readJson<LabelSpec[]>(path, []);
    const names = new Set(existing.map((l) => l.name.toLowerCase()));
    const added = labels.filter((l) => !names.has(l.name.toLowerCase()));
    if (added.length > 0) await writeAtomic(path, `${JSON.stringify([...existing, ...added], null, 2)}\n`);
  }

  /** Every issue in the store (the local store is small enough to read whole). */
  async listIssues(): Promise<RecordIssue[]> {
    let files: string[];
    try {
      files = (await readdir(this.issuesDir)).filter((f) => /^\d+\.md$/.test(f));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TrackerError(`cannot list ${this.issuesDir}: ${errorMessage(error)}`);
    }
    const issues = await Promise.all(
      files.map(async (f) =>
        parseIssueFile(await readFile(join(this.issuesDir, f), 'utf8'), join(this.issuesDir, f)),
      ),
    );
    return issues.sort((a, b) => a.number - b.number);
  }

  /** The local store lists every issue, whatever `since`: it is cheap here and strictly safer. */
  async listCreatedSince(number: number): Promise<RecordIssue[]> {
    return (await this.listIssues()).filter((i) => i.key && i.number > number).reverse();
  }

  async create(draft: IssueDraft): Promise<RecordIssue> {
    await mkdir(this.issuesDir, { recursive: true });
    const existing = await this.listIssues();
    const number = (existing.at(-1)?.number ?? 0) + 1;
    const at = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const issue: RecordIssue = {
      number,
      key: draft.key,
      title: draft.title,
      body: draft.body,
      state: 'open',
      labels: draft.labels,
      ...(draft.milestone ? { milestone: draft.milestone.title } : {}),
      assignees: draft.assignees,
      createdAt: at,
      updatedAt: at,
      url: join(this.issuesDir, issueFileName(number)),
    };
    await writeAtomic(issue.url, serializeIssue(issue, draft.milestone?.dueOn));
    await this.writeIndex([...existing, issue]);
    return issue;
  }

  /**
   * Opens or updates the one open special issue (crisis, first-run summary) carrying `spec.id`.
   * Comments have no place in the local store: the updated body says everything.
   */
  async upsertSpecial(spec: SpecialIssueSpec): Promise<{ issue: RecordIssue; created: boolean }> {
    const existing = findOpenSpecial(await this.listIssues(), spec.id, spec.label);
    const content = spec.render(existing);
    if (existing) {
      const updated = { ...existing, title: content.title, body: content.body };
      await this.update(updated);
      return { issue: updated, created: false };
    }
    // No key: a special issue is not a mention, and the listings skip it.
    const { key: _none, ...issue } = await this.create({ key: '', ...content });
    return { issue, created: true };
  }

  /** Rewrites an issue (used by commands and reports on the local store). */
  async update(issue: RecordIssue): Promise<void> {
    const updated = {
      ...issue,
      updatedAt: this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    };
    const path = join(this.issuesDir, issueFileName(issue.number));
    // The milestone's due date lives only in the file: kept while the milestone stays the same.
    const before = await this.readText(path);
    const front = before ? FRONT.exec(before)?.[1] : undefined;
    const was = front ? (parseYaml(front) as FrontMatter) : undefined;
    const dueOn =
      was && was.milestone === (issue.milestone ?? null) ? (was.milestone_due_on ?? undefined) : undefined;
    await writeAtomic(path, serializeIssue(updated, dueOn));
    await this.writeIndex(await this.listIssues());
  }

  async loadState(name: string): Promise<LoadedState> {
    const text = await this.readText(this.statePath(name));
    this.loaded.set(name, text);
    if (text === undefined) return { state: emptyState(), status: 'missing' };
    try {
      return { state: decodeState(text), status: 'ok' };
    } catch (error) {
      if (!(error instanceof StateDamagedError)) throw error;
      return { state: emptyState(), status: 'damaged', problem: `${this.statePath(name)}: ${error.message}` };
    }
  }

  /** Compare-and-swap against what loadState() read, under a lock file (O_EXCL). */
  async saveState(
    name: string,
    state: ScanState,
    options: { exclusive?: boolean; merge?: (theirs: ScanState, ours: ScanState) => ScanState } = {},
  ): Promise<void> {
    await mkdir(join(this.options.dir, 'state'), { recursive: true });
    const path = this.statePath(name);
    const lock = `${path}.lock`;
    await this.lock(lock);
    try {
      const current = await this.readText(path);
      let next = state;
      if (current !== this.loaded.get(name)) {
        if (options.exclusive)
          throw new StateConflictError(`the state ${name} changed since this run read it`);
        if (options.merge) {
          let theirs = emptyState();
          try {
            if (current !== undefined) theirs = decodeState(current);
          } catch (error) {
            if (!(error instanceof StateDamagedError)) throw error;
          }
          next = options.merge(theirs, state);
        }
      }
      const text = encodeState(next);
      await writeAtomic(path, text);
      this.loaded.set(name, text);
    } finally {
      await rm(lock, { force: true });
    }
  }

  private async lock(path: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await (await open(path, 'wx')).close();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
        if (age > 60_000)
          await rm(path, { force: true }); // a crashed run's lock
        else if (attempt > 200) throw new TrackerError(`${path} is locked by another run`);
        else await new Promise((r) => setTimeout(r, 25));
      }
    }
  }

  private async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TrackerError(`cannot read ${path}: ${errorMessage(error)}`);
    }
  }

  private statePath(name: string): string {
    return join(this.options.dir, 'state', `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  private async writeIndex(issues: readonly RecordIssue[]): Promise<void> {
    const rows = issues.map((i) => {
      const category =
        i.labels.find((l) => ['complaint', 'compliment', 'question', 'neutral'].includes(l)) ?? '';
      const priority = i.labels.find((l) => l.startsWith('priority:'))?.slice(9) ?? '';
      return `| [#${i.number}](issues/${issueFileName(i.number)}) | ${i.state} | ${category} | ${priority} | ${i.milestone ?? ''} | ${indexTitle(i.title)} |`;
    });
    const text = [
      '# Earshot mentions (local tracker)',
      '',
      `${issues.length} issue(s). One file per mention in \`issues/\`; the body is exactly what its GitHub issue would hold.`,
      '',
      '| # | state | category | priority | milestone | title |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    await writeAtomic(join(this.options.dir, 'index.md'), text);
  }

  private async readJson<T>(path: string, fallback: T): Promise<T> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
      throw new TrackerError(`cannot read ${path}: ${errorMessage(error)}`);
    }
  }
}
