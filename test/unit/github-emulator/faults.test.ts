import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let emu: Emulator;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'mentions' };

beforeAll(async () => {
  emu = await startEmulator();
  octokit = new Octokit({ auth: 'test', baseUrl: emu.url, log: quiet });
});

afterEach(() => {
  expect(emu.violations).toEqual([]);
  emu.reset();
});

afterAll(async () => {
  await emu.close();
});

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; message: string; headers: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; message: string; response?: { headers: Record<string, unknown> } };
    return { status: e.status, message: e.message, headers: e.response?.headers ?? {} };
  }
  throw new Error('expected the request to fail');
}

describe('status faults', () => {
  it('answers a 5xx on the nth matching call without applying the write', async () => {
    emu.faults.add({
      match: { route: 'POST /repos/{owner}/{repo}/issues' },
      nth: 1,
      effect: { type: 'status', status: 503 },
    });
    const first = await failure(octokit.rest.issues.create({ ...repo, title: 'a' }));
    expect(first.status).toBe(503);
    expect(emu.state.issues).toHaveLength(0);
    const second = await octokit.rest.issues.create({ ...repo, title: 'a' });
    expect(second.data.number).toBe(1);
    expect(emu.faults.list()[0]).toMatchObject({ matched: 2, applied: 1 });
  });

  it('answers a secondary rate limit with retry-after, which the throttling plugin retries', async () => {
    emu.faults.add({
      match: { method: 'POST' },
      nth: 1,
      effect: { type: 'secondaryRateLimit', retryAfter: 0 },
    });
    const raw = await failure(octokit.rest.issues.create({ ...repo, title: 'x' }));
    expect(raw.status).toBe(403);
    expect(raw.message).toMatch(/\bsecondary rate\b/i);
    expect(raw.headers['retry-after']).toBe('0');

    // retry-after 0 would make the plugin fall back to 60 s ("0 || fallback"): use 1.
    // A GET, so the plugin's write/notification pacing (1-3 s) does not slow the test down.
    emu.faults.set([
      { match: { method: 'GET' }, nth: 1, effect: { type: 'tooManyRequests', retryAfter: 1 } },
    ]);
    const seen: number[] = [];
    const Throttled = Octokit.plugin(throttling);
    const throttled = new Throttled({
      auth: 'test',
      baseUrl: emu.url,
      log: quiet,
      throttle: {
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(retryAfter);
          return true;
        },
        onRateLimit: () => false,
      },
    });
    const listed = await throttled.rest.issues.listForRepo(repo);
    expect(listed.status).toBe(200);
    expect(seen).toEqual([1]);
    expect(emu.calls.log.map((c) => c.status)).toEqual([403, 429, 200]);
    expect(emu.state.issues).toEqual([]);
  });

  it('sends long retry-after values (80 s) as they are, and the throttling plugin sees them', async () => {
    emu.faults.set([
      { match: { method: 'POST' }, nth: 1, effect: { type: 'secondaryRateLimit', retryAfter: 80 } },
      { match: { method: 'GET' }, nth: 1, effect: { type: 'tooManyRequests', retryAfter: 80 } },
    ]);
    const raw = await failure(octokit.rest.issues.create({ ...repo, title: 'x' }));
    expect(raw.status).toBe(403);
    expect(raw.headers['retry-after']).toBe('80');

    const seen: number[] = [];
    const Throttled = Octokit.plugin(throttling);
    const throttled = new Throttled({
      auth: 'test',
      baseUrl: emu.url,
      log: quiet,
      throttle: {
        // Declining the retry keeps the test from waiting 80 s.
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(retryAfter);
          return false;
        },
        onRateLimit: () => false,
      },
    });
    const limited = await failure(throttled.rest.issues.listForRepo(repo));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('80');
    expect(seen).toEqual([80]);

    const viaControl = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ effect: { type: 'secondaryRateLimit', retryAfter: 3600 } }] }),
    });
    expect(viaControl.status).toBe(200);
    expect((await failure(octokit.rest.issues.listForRepo(repo))).headers['retry-after']).toBe('3600');
  });

  it('injects 422 validation failures and primary rate limits', async () => {
    emu.faults.set([
      { match: { path: '/repos/*/*/labels' }, effect: 'validation' },
      { match: { path: '/repos/**/milestones' }, effect: { type: 'rateLimit', resetSeconds: 30 } },
    ]);
    expect((await failure(octokit.rest.issues.createLabel({ ...repo, name: 'l' }))).status).toBe(422);
    const limited = await failure(octokit.rest.issues.listMilestones(repo));
    expect(limited.status).toBe(403);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(limited.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('delays calls with latency', async () => {
    emu.faults.add({ match: { method: 'GET' }, effect: { type: 'latency', ms: 150 } });
    const started = performance.now();
    await octokit.rest.issues.listForRepo(repo);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fires with a seeded probability, deterministically', async () => {
    const pattern = async (): Promise<number[]> => {
      emu.reset();
      emu.faults.add({
        match: { method: 'GET' },
        probability: 0.5,
        seed: 42,
        effect: { type: 'status', status: 500 },
      });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) {
        out.push(
          await octokit.rest.issues.listForRepo(repo).then(
            (r) => r.status,
            (e: { status: number }) => e.status,
          ),
        );
      }
      return out;
    };
    const a = await pattern();
    const b = await pattern();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });
});

describe('applyThenFail and crash', () => {
  it('applyThenFail applies the write and still answers 502', async () => {
    emu.faults.add({
      match: { route: 'POST /repos/{owner}/{repo}/issues' },
      nth: 1,
      effect: 'applyThenFail',
    });
    const res = await failure(
      octokit.rest.issues.create({ ...repo, title: 'ghost write', labels: ['earshot'] }),
    );
    expect(res.status).toBe(502);
    expect(emu.state.issues.map((i) => i.title)).toEqual(['ghost write']);
    const listed = await octokit.rest.issues.listForRepo({ ...repo, labels: 'earshot' });
    expect(listed.data.map((i) => i.title)).toEqual(['ghost write']);
  });

  it('crash destroys the socket without an answer', async () => {
    emu.faults.add({
      match: { method: 'GET', path: '/repos/acme/mentions/issues' },
      nth: 1,
      effect: 'crash',
    });
    const crashed = await failure(octokit.rest.issues.listForRepo(repo));
    expect(crashed.status).toBe(500);
    expect(crashed.message).toMatch(/fetch failed|other side closed|socket|terminated/i);
    expect((await octokit.rest.issues.listForRepo(repo)).status).toBe(200);
    expect(emu.calls.log.map((c) => c.status)).toEqual([0, 200]);
  });

  it('crashAtCall N kills call N and every later call until cleared, and counts calls', async () => {
    await octokit.rest.issues.create({ ...repo, title: 'one' });
    await octokit.rest.issues.create({ ...repo, title: 'two' });
    emu.faults.crashAtCall = 3;
    await failure(octokit.rest.issues.create({ ...repo, title: 'three' }));
    await failure(octokit.rest.issues.listForRepo(repo));
    expect(emu.state.issues).toHaveLength(2);
    emu.faults.crashAtCall = null;
    expect((await octokit.rest.issues.listForRepo(repo)).data).toHaveLength(2);
    expect(emu.calls.snapshot()).toMatchObject({
      total: 5,
      writes: 3,
      byRoute: { 'POST /repos/{owner}/{repo}/issues': 3, 'GET /repos/{owner}/{repo}/issues': 2 },
    });
  });
});

describe('primary rate limit and call listeners', () => {
  it('enforces the primary limit when asked, and reports each call to listeners', async () => {
    const limited = await startEmulator({ rateLimit: { limit: 2, enforce: true } });
    try {
      const client = new Octokit({ auth: 'test', baseUrl: limited.url, log: quiet });
      const seen: string[] = [];
      const off = limited.calls.on((call) => seen.push(`${call.n}:${call.status}`));
      const first = await client.rest.issues.listForRepo(repo);
      expect(first.headers['x-ratelimit-remaining']).toBe('1');
      await client.rest.issues.listForRepo(repo);
      const third = await failure(client.rest.issues.listForRepo(repo));
      expect(third.status).toBe(403);
      expect(third.message).toMatch(/API rate limit exceeded/);
      expect(third.headers['x-ratelimit-remaining']).toBe('0');
      const limits = await client.rest.rateLimit.get();
      expect(limits.data.rate).toMatchObject({ limit: 2, remaining: 0 });
      off();
      await client.rest.rateLimit.get();
      expect(seen).toEqual(['1:200', '2:200', '3:403', '4:200']);
    } finally {
      await limited.close();
    }
  });
});

describe('faults over the control API', () => {
  it('configures rules and crashAtCall with POST /_emulator/faults and counts calls at /_emulator/calls', async () => {
    const set = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        rules: [{ match: { method: 'PATCH' }, effect: { type: 'status', status: 500 } }],
      }),
    });
    expect(set.status).toBe(200);
    await octokit.rest.issues.create({ ...repo, title: 't' });
    expect((await failure(octokit.rest.issues.update({ ...repo, issue_number: 1, title: 'u' }))).status).toBe(
      500,
    );
    const invalid = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ effect: { type: 'status', status: 200 } }] }),
    });
    expect(invalid.status).toBe(400);
    const crash = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ crashAtCall: 3 }),
    });
    expect(((await crash.json()) as { crashAtCall: number }).crashAtCall).toBe(3);
    await failure(octokit.rest.issues.get({ ...repo, issue_number: 1 }));
    await fetch(`${emu.url}/_emulator/faults`, { method: 'DELETE' });
    const calls = (await (await fetch(`${emu.url}/_emulator/calls`)).json()) as {
      total: number;
      byMethod: Record<string, number>;
    };
    expect(calls.total).toBe(3);
    expect(calls.byMethod).toEqual({ POST: 1, PATCH: 1, GET: 1 });
    await fetch(`${emu.url}/_emulator/calls/reset`, { method: 'POST' });
    expect(emu.calls.total).toBe(0);
  });
});
