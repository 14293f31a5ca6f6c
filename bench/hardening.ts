/**
 * `npm run bench -- --only hardening`: over a million hostile cases (issue #9).
 *
 * - Rendering (this process): hostile and arbitrary text through the neutralizers (block, inline,
 *   title, URL; checked by findUnsafe), whole issues from hostile items through normalize →
 *   renderIssue (checked by the independent whole-issue checker), and titles in the job summary
 *   and in the local tracker's index.md.
 * - Parsers (a child process with a watchdog, so a case that never returns is counted, killed and
 *   skipped): every adapter's parse() on the hostile corpus, generated inputs (100,000-deep
 *   nesting, 5 MB strings, binary), every single mutation of every recorded payload, then seeded
 *   random multi-mutations and byte damage.
 * - Memory (a child process): three 100 MB bodies (streamed, with Content-Length, a gzip bomb)
 *   offered through the real HTTP client and the rss adapter (peak RSS: `hardening.peakRssMb`),
 *   then a feed just under the 10 MiB cap parsed (`hardening.peakRssCappedParseMb`); the peak after
 *   loading the modules is `hardening.baselineRssMb`.
 *
 * Figures: casesTried, crashes (an exception that is not a clear Error), hangs (a case over its
 * time bound, or one that never returned), violations (unsafe output, a badly typed item, a limit
 * passed), peakRssMb, seconds, and the counts per part. EARSHOT_HARDENING_SCALE scales the volume
 * (default 1: 1,000,000+ cases in about 3 to 5 minutes on 2 cores).
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import fc from 'fast-check';
import { scanSummary } from '../action/summary.js';
import {
  findUnsafe,
  MIN_BLOCK_LENGTH,
  MIN_INLINE_LENGTH,
  neutralizeBlock,
  neutralizeInline,
  neutralizeTitle,
  neutralizeUrl,
} from '../src/issue/neutralize.js';
import { renderTitle } from '../src/issue/render.js';
import { indexTitle } from '../src/record/local/scan.js';
import type { ScanResult } from '../src/scan.js';
import { startLoopback } from '../test/helpers/loopback.js';
import { anyText, directCase, renderCase, setMaxRepeat } from '../test/unit/hardening/arbitraries.js';
import { issueProblems } from '../test/unit/hardening/issue-checker.js';
import type { MemoryFigures } from '../test/unit/hardening/memory-child.js';
import {
  flipBytes,
  generatedInputs,
  genericCorpus,
  type HostileInput,
  jsonMutants,
  jsonPaths,
  MUTATIONS,
  markupMutants,
  type ParserSetup,
  parserSetups,
  prng,
  readFixture,
  runCase,
  timeBound,
} from '../test/unit/hardening/parser-harness.js';
import { indexRowProblems, summaryProblems } from '../test/unit/hardening/summary-checker.js';

const SCALE = Number(process.env.EARSHOT_HARDENING_SCALE) || 1;
const MB = 1024 * 1024;
/** A render case slower than this is a hang. */
const RENDER_BOUND_MS = 2000;
/** The watchdog: a parser case that has not answered after this long is killed and counted. */
const WATCHDOG_MS = Number(process.env.EARSHOT_HARDENING_WATCHDOG_MS) || 30_000;
/** A case index at which the parser child spins forever (checks the watchdog; unset normally). */
const INJECT_HANG = Number(process.env.EARSHOT_HARDENING_INJECT_HANG ?? Number.NaN);

interface Tally {
  cases: number;
  crashes: number;
  hangs: number;
  violations: number;
  maxMs: number;
  examples: string[];
}

const tally = (): Tally => ({ cases: 0, crashes: 0, hangs: 0, violations: 0, maxMs: 0, examples: [] });

function note(t: Tally, what: string): void {
  if (t.examples.length < 10) t.examples.push(what.slice(0, 300));
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------
// Rendering (this process)

/** Runs `check` on `count` samples of `arb`, in batches that yield to the event loop. */
async function sampled<T>(
  t: Tally,
  arb: fc.Arbitrary<T>,
  count: number,
  seed: number,
  check: (value: T) => string[],
): Promise<void> {
  const BATCH = 500;
  for (let done = 0, batch = 0; done < count; done += BATCH, batch++) {
    const values = fc.sample(arb, { numRuns: Math.min(BATCH, count - done), seed: seed + batch });
    for (const v of values) {
      const started = performance.now();
      let problems: string[];
      try {
        problems = check(v);
      } catch (error) {
        t.crashes++;
        note(t, `crash: ${String(error)}`);
        problems = [];
      }
      const ms = performance.now() - started;
      t.cases++;
      t.maxMs = Math.max(t.maxMs, ms);
      if (ms > RENDER_BOUND_MS) {
        t.hangs++;
        note(t, `slow render: ${ms.toFixed(0)} ms`);
      }
      if (problems.length > 0) {
        t.violations++;
        note(t, problems.join('; '));
      }
    }
    await tick();
  }
}

const neutralizeCase = fc.tuple(
  anyText(300),
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: 400 }),
);
const SAFE_URL = /^https?:\/\/[^\s()<>"'`\\[\]{}|^]+$/;

function checkNeutralize([text, kind, n]: [string, number, number]): string[] {
  const problems: string[] = [];
  if (kind === 0) {
    const max = MIN_BLOCK_LENGTH + n * 30;
    const out = neutralizeBlock(text, max);
    const p = findUnsafe(out.text, 'block', max);
    if (p) problems.push(`block: ${p}`);
  } else if (kind === 1) {
    const max = MIN_INLINE_LENGTH + n;
    const p = findUnsafe(neutralizeInline(text, max), 'inline', max);
    if (p) problems.push(`inline: ${p}`);
  } else if (kind === 2) {
    const max = MIN_INLINE_LENGTH + n;
    const p = findUnsafe(neutralizeTitle(text, max), 'title', max);
    if (p) problems.push(`title: ${p}`);
  } else {
    for (const url of [text, `https://${text}`, `https://example.com/${text}`]) {
      const out = neutralizeUrl(url);
      if (out !== undefined && (!SAFE_URL.test(out) || !URL.canParse(out))) problems.push(`url: ${out}`);
    }
  }
  return problems;
}

const titleCase = fc.tuple(anyText(80), anyText(200), anyText(200)).map(([author, title, text]) =>
  renderTitle(
    {
      key: 'k',
      ids: ['k'],
      sourceId: 's',
      sourceKind: 'rss',
      author,
      title,
      text,
      published: '2026-11-20T12:00:00.000Z',
      fetched: '2026-11-20T12:00:00.000Z',
    },
    'complaint',
    'forum',
  ),
);

const LINKS = new Set(['https://github.com/acme/mentions/issues/1']);

function checkTitleRenderings([title, error]: [string, string]): string[] {
  const result: ScanResult = {
    new: 1,
    deferred: 0,
    dryRun: false,
    sources: [{ id: 's', kind: 'rss', fetched: 1, matched: 1, new: 1, error: error || 'x', ms: 1 }],
    filed: [{ key: 'k', title, number: 1, url: 'https://github.com/acme/mentions/issues/1', labels: [] }],
  };
  const summary = scanSummary(result, 'github');
  const html = summary.stringify();
  summary.emptyBuffer();
  return [
    ...summaryProblems(html, LINKS),
    ...indexRowProblems(
      `| [#1](issues/00001.md) | open | complaint | high | 2026-W47 | ${indexTitle(title)} |`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Parsers (child process)

type ParserMessage =
  | { type: 'at'; index: number }
  | {
      type: 'progress';
      next: number;
      cases: number;
      crashes: number;
      hangs: number;
      violations: number;
      maxMs: number;
      examples: string[];
    }
  | { type: 'done'; total: number };

/** The deterministic list of parser cases, from `start`: [setup, name, input]. */
function* parserCases(target: number): Generator<[ParserSetup, string, HostileInput]> {
  const setups = parserSetups();
  const dec = new TextDecoder();
  let n = 0;
  const emit = function* (s: ParserSetup, c: HostileInput): Generator<[ParserSetup, string, HostileInput]> {
    n++;
    yield [s, c.name, c];
  };
  // A: the committed generic corpus and the generated inputs, for every parser.
  const generic = [
    ...genericCorpus(),
    ...generatedInputs({ depth: 100_000, hugeBytes: 5_000_000, items: 50_000 }),
  ];
  for (const s of setups) for (const c of generic) yield* emit(s, c);
  // B: every single mutation of every recorded payload.
  const scale = { depth: 100_000, hugeString: 1_000_000 };
  for (const s of setups) {
    for (const f of s.fixtures) {
      const text = dec.decode(readFixture(f.path));
      const mutants = s.format === 'json' ? jsonMutants(text, scale) : markupMutants(text, scale);
      for (const m of mutants) yield* emit(s, { name: `${f.path} ${m.name}`, body: m.body });
    }
  }
  // C: seeded random damage until the target: several mutations at once, or bytes overwritten.
  // Shallow here: rounds compound, and the 100,000-deep cases are all in B.
  const light = { depth: 30, hugeString: 10_000 };
  for (let seed = 1; n < target; seed++) {
    const r = prng(seed);
    const s = setups[Math.floor(r() * setups.length)]!;
    const f = s.fixtures[Math.floor(r() * s.fixtures.length)]!;
    const bytes = readFixture(f.path);
    if (s.format === 'json' && r() < 0.6) {
      let text = dec.decode(bytes);
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) {
        const paths = jsonPaths(JSON.parse(text) as Parameters<typeof jsonPaths>[0], 100_000);
        if (paths.length === 0) break;
        const op = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!;
        const offset = Math.floor(r() * paths.length);
        const next = jsonMutants(text, light, { stride: paths.length, offset, ops: [op] }).next();
        if (next.done) continue;
        text = next.value.body;
      }
      yield* emit(s, { name: `seed ${seed}: ${rounds} mutation(s) of ${f.path}`, body: text });
    } else if (r() < 0.5) {
      yield* emit(s, {
        name: `seed ${seed}: bytes of ${f.path}`,
        body: flipBytes(bytes, 1 + Math.floor(r() * 20), seed),
      });
    } else {
      const text = dec.decode(bytes);
      const cut = Math.floor(r() * text.length);
      yield* emit(s, { name: `seed ${seed}: ${f.path} cut at ${cut}`, body: text.slice(0, cut) });
    }
  }
}

/**
 * The child's loop: runs cases from `start`, reporting progress to the parent every 250 ms. For
 * the first `careful` cases it also announces each case before running it, so a case that hangs
 * or takes the process down is known exactly.
 */
async function parserChild(start: number, target: number, careful: number): Promise<void> {
  const send = (m: ParserMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  const t = tally();
  let index = 0;
  let lastSent = performance.now();
  for (const [s, name, c] of parserCases(target)) {
    if (index < start) {
      index++;
      continue;
    }
    if (index < start + careful) {
      await send({ type: 'progress', next: index, ...t });
      Object.assign(t, tally());
      await send({ type: 'at', index });
    }
    index++;
    while (index - 1 === INJECT_HANG) {
      // spin: the watchdog must find this case, count it and go on
    }
    const input = { body: c.body, url: s.url, contentType: c.contentType ?? s.contentType };
    const r = runCase(s, input);
    t.cases++;
    t.maxMs = Math.max(t.maxMs, r.ms);
    if (r.outcome === 'crash') {
      t.crashes++;
      note(t, `${s.name} ← ${name}: ${r.message}`);
    }
    if (r.ms > timeBound(input)) {
      t.hangs++;
      note(t, `${s.name} ← ${name}: ${r.ms.toFixed(0)} ms`);
    }
    if (r.problems.length > 0) {
      t.violations++;
      note(t, `${s.name} ← ${name}: ${r.problems[0]}`);
    }
    if (performance.now() - lastSent > 250) {
      await send({ type: 'progress', next: index, ...t });
      Object.assign(t, tally());
      lastSent = performance.now();
    }
  }
  await send({ type: 'progress', next: index, ...t });
  await send({ type: 'done', total: index });
}

/**
 * Runs the parser cases in a child. When it hangs (the watchdog kills it) or dies, it is restarted
 * where its last report left off, announcing each case, until the culprit is known: that case is
 * counted (a hang or a crash) and skipped.
 */
async function runParsers(target: number): Promise<Tally> {
  const t = tally();
  let start = 0;
  let careful = 0;
  for (;;) {
    let at: number | undefined;
    const outcome = await new Promise<'done' | 'hung' | 'died'>((resolve, reject) => {
      const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
        env: {
          ...process.env,
          EARSHOT_HARDENING_ROLE: 'parsers',
          EARSHOT_HARDENING_START: String(start),
          EARSHOT_HARDENING_TARGET: String(target),
          EARSHOT_HARDENING_CAREFUL: String(careful),
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      let watchdog = setTimeout(() => child.kill('SIGKILL'), WATCHDOG_MS);
      let finished = false;
      child.on('message', (m: ParserMessage) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => child.kill('SIGKILL'), WATCHDOG_MS);
        if (m.type === 'at') at = m.index;
        else if (m.type === 'progress') {
          start = m.next;
          t.cases += m.cases;
          t.crashes += m.crashes;
          t.hangs += m.hangs;
          t.violations += m.violations;
          t.maxMs = Math.max(t.maxMs, m.maxMs);
          for (const e of m.examples) note(t, e);
        } else finished = true;
      });
      child.on('exit', (_code, signal) => {
        clearTimeout(watchdog);
        if (finished) resolve('done');
        else resolve(signal === 'SIGKILL' ? 'hung' : 'died');
      });
      child.on('error', reject);
    });
    if (outcome === 'done') return t;
    if (at === undefined || at < start) {
      // Somewhere in the last unreported stretch: run it again, one announced case at a time.
      careful = 5_000;
      process.stderr.write(
        `  hardening: the parser child ${outcome} after case ${start}; finding the case …\n`,
      );
      continue;
    }
    t.cases++;
    if (outcome === 'hung') t.hangs++;
    else t.crashes++;
    note(
      t,
      `parser case ${at} ${outcome === 'hung' ? `never returned (killed after ${WATCHDOG_MS / 1000} s)` : 'took its process down'}`,
    );
    process.stderr.write(`  hardening: parser case ${at} ${outcome}; skipped\n`);
    start = at + 1;
    careful = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Memory (child process)

/** Streams `total` bytes of `chunk` with backpressure; stops when the client goes away. */
function stream(res: ServerResponse, total: number, chunk: Buffer): void {
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return;
    }
    if (sent >= total) res.end();
  };
  res.on('drain', pump);
  pump();
}

async function measureMemory(): Promise<MemoryFigures> {
  const chunk = Buffer.from(
    '<item><title>Acme</title><description>filler filler filler</description></item>'.repeat(200),
  );
  const server = await startLoopback((req, res) => {
    if (req.url === '/big.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      stream(res, 100 * MB, chunk);
    } else if (req.url === '/big-declared.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(100 * MB) });
      stream(res, 100 * MB, chunk);
    } else {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      res.on('close', () => gzip.destroy());
      stream(gzip as unknown as ServerResponse, 100 * MB, Buffer.alloc(MB));
    }
  });
  try {
    return await new Promise((resolve, reject) => {
      const child = fork(
        fileURLToPath(new URL('../test/unit/hardening/memory-child.ts', import.meta.url)),
        [],
        {
          env: { ...process.env, EARSHOT_HARDENING_BASE: server.url },
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        },
      );
      let answer: MemoryFigures | undefined;
      child.on('message', (m: MemoryFigures) => {
        answer = m;
      });
      child.on('exit', (code) =>
        answer ? resolve(answer) : reject(new Error(`the memory child exited with ${code}`)),
      );
    });
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------

export async function benchHardening(): Promise<Record<string, number>> {
  const started = performance.now();
  const memory = await measureMemory();
  for (const e of memory.errors) process.stderr.write(`  hardening memory: ${e}\n`);
  process.stderr.write(
    `  hardening: peak RSS ${memory.baselineRssMb.toFixed(0)} MB loaded, ${memory.offeredRssMb.toFixed(0)} MB after three 100 MB bodies were offered, ${memory.parsedRssMb.toFixed(0)} MB after parsing a 10 MB feed\n`,
  );

  setMaxRepeat(3000);
  const parserTarget = Math.round(150_000 * SCALE);
  const parsers = runParsers(parserTarget);
  const neutralize = tally();
  const issues = tally();
  const titles = tally();
  await sampled(neutralize, neutralizeCase, Math.round(560_000 * SCALE), 1_000, checkNeutralize);
  await sampled(issues, renderCase, Math.round(150_000 * SCALE), 2_000_000, (c) =>
    issueProblems(c.draft, c.mention),
  );
  await sampled(issues, directCase, Math.round(50_000 * SCALE), 3_000_000, (c) =>
    issueProblems(c.draft, c.mention),
  );
  await sampled(
    titles,
    fc.tuple(titleCase, anyText(300)),
    Math.round(100_000 * SCALE),
    4_000_000,
    checkTitleRenderings,
  );
  process.stderr.write(
    `  hardening: rendering done in ${((performance.now() - started) / 1000).toFixed(0)} s; waiting for the parsers …\n`,
  );
  const parsed = await parsers;

  const parts = { neutralize, issues, titles, parsers: parsed };
  for (const [name, t] of Object.entries(parts)) {
    for (const e of t.examples) process.stderr.write(`  hardening ${name}: ${e}\n`);
  }
  const sum = (k: 'cases' | 'crashes' | 'hangs' | 'violations') =>
    Object.values(parts).reduce((n, t) => n + t[k], 0);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `  hardening: ${sum('cases')} cases (${neutralize.cases} neutralizer, ${issues.cases} whole issues, ${titles.cases} summary/index titles, ${parsed.cases} parser), ` +
      `${sum('crashes')} crashes, ${sum('hangs')} hangs, ${sum('violations')} violations in ${seconds.toFixed(0)} s\n`,
  );
  return {
    'hardening.casesTried': sum('cases'),
    'hardening.crashes': sum('crashes') + memory.errors.length,
    'hardening.hangs': sum('hangs'),
    'hardening.violations': sum('violations'),
    'hardening.peakRssMb': Math.round(memory.offeredRssMb),
    'hardening.baselineRssMb': Math.round(memory.baselineRssMb),
    'hardening.peakRssCappedParseMb': Math.round(memory.parsedRssMb),
    'hardening.neutralizerCases': neutralize.cases,
    'hardening.issueCases': issues.cases,
    'hardening.titleCases': titles.cases,
    'hardening.parserCases': parsed.cases,
    'hardening.slowestParserCaseMs': Math.round(parsed.maxMs),
    'hardening.seconds': Math.round(seconds),
  };
}

// The parser child runs this same module.
if (process.env.EARSHOT_HARDENING_ROLE === 'parsers' && process.send) {
  parserChild(
    Number(process.env.EARSHOT_HARDENING_START),
    Number(process.env.EARSHOT_HARDENING_TARGET),
    Number(process.env.EARSHOT_HARDENING_CAREFUL) || 0,
  ).then(
    () => process.disconnect(),
    (error: unknown) => {
      process.stderr.write(`hardening parser child: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
