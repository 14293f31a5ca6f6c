/**
 * The Octokit factory's retries against the GitHub emulator: only 5xx and network errors on
 * idempotent requests, rate limits by the throttling plugin within a deadline, every other answer
 * sent once. Each test counts the calls the emulator saw.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/logger.js';
import { createOctokit, isRateLimitError, type OctokitOptions } from '../../../src/record/github/client.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ repo: 'acme/mentions' });
});
afterAll(async () => emulator.close());
afterEach(() => {
  expect(emulator.violations).toEqual([]);
});
beforeEach(() => {
  emulator.reset();
  emulator.seed({ issues: [{ title: 'one' }] });
  emulator.calls.reset();
});

const repo = { owner: 'acme', repo: 'mentions' };

function client(extra: Partial<OctokitOptions> = {}) {
  const logger = memoryLogger();
  const octokit = createOctokit({
    token: 't',
    baseUrl: emulator.url,
    logger,
    throttle: false,
    retryAfterScale: 0.001,
    ...extra,
  });
  return { octokit, logger, log: () => logger.lines.map((l) => l.message).join('\n') };
}

async function failure(promise: Promise<unknown>): Promise<Error & { status?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { status?: number };
  }
  throw new Error('expected the request to fail');
}

describe('answers that are final are sent once', () => {
  for (const status of [400, 401, 404, 409, 410, 422]) {
    it(`GET answered ${status}`, async () => {
      emulator.faults.add({ match: { method: 'GET' }, effect: { type: 'status', status } });
      const error = await failure(client().octokit.rest.issues.get({ ...repo, issue_number: 1 }));
      expect(error.status).toBe(status);
      expect(emulator.calls.total).toBe(1);
    });
  }

  for (const status of [404, 409, 422]) {
    it(`PATCH and POST answered ${status}`, async () => {
      emulator.faults.add({ match: { method: 'PATCH' }, effect: { type: 'status', status } });
      emulator.faults.add({ match: { method: 'POST' }, effect: { type: 'status', status } });
      const { octokit } = client();
      expect(
        (await failure(octokit.rest.issues.update({ ...repo, issue_number: 1, title: 'x' }))).status,
      ).toBe(status);
      expect((await failure(octokit.rest.issues.create({ ...repo, title: 'x' }))).status).toBe(status);
      expect(emulator.calls.count('PATCH /repos/{owner}/{repo}/issues/{issue_number}')).toBe(1);
      expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(1);
    });
  }

  it('a 422 from the emulator itself (the label exists already) is sent once', async () => {
    const { octokit } = client();
    await octokit.rest.issues.createLabel({ ...repo, name: 'dup' });
    const error = await failure(octokit.rest.issues.createLabel({ ...repo, name: 'dup' }));
    expect(error.status).toBe(422);
    expect(emulator.calls.log.map((c) => c.status)).toEqual([201, 422]);
  });
});

describe('5xx and network errors', () => {
  it('a 502 on a GET is retried and succeeds', async () => {
    emulator.faults.add({ match: { method: 'GET' }, nth: 1, effect: { type: 'status', status: 502 } });
    const { data } = await client().octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(data.title).toBe('one');
    expect(emulator.calls.log.map((c) => c.status)).toEqual([502, 200]);
  });

  it('a 503 on every try of a GET gives up after 3 retries', async () => {
    emulator.faults.add({ match: { method: 'GET' }, effect: { type: 'status', status: 503 } });
    const error = await failure(client().octokit.rest.issues.get({ ...repo, issue_number: 1 }));
    expect(error.status).toBe(503);
    expect(emulator.calls.total).toBe(4);
  });

  it('a reset connection on a GET is retried', async () => {
    emulator.faults.add({ match: { method: 'GET' }, nth: 1, effect: 'crash' });
    const { data } = await client().octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(data.number).toBe(1);
    expect(emulator.calls.log.map((c) => c.status)).toEqual([0, 200]);
  });

  it('a 502 on PATCH and PUT is retried (they are idempotent)', async () => {
    emulator.faults.add({ match: { method: 'PATCH' }, nth: 1, effect: { type: 'status', status: 502 } });
    emulator.faults.add({ match: { method: 'PUT' }, nth: 1, effect: { type: 'status', status: 502 } });
    const { octokit } = client();
    await octokit.rest.issues.update({ ...repo, issue_number: 1, title: 'renamed' });
    await octokit.rest.issues.setLabels({ ...repo, issue_number: 1, labels: ['bug'] });
    expect(emulator.calls.log.map((c) => `${c.method} ${c.status}`)).toEqual([
      'PATCH 502',
      'PATCH 200',
      'PUT 502',
      'PUT 200',
    ]);
    expect(emulator.state.issues[0]).toMatchObject({ title: 'renamed', labels: ['bug'] });
  });

  it('a 502 on POST /issues is not retried by the plugin', async () => {
    emulator.faults.add({ match: { method: 'POST' }, nth: 1, effect: { type: 'status', status: 502 } });
    const error = await failure(client().octokit.rest.issues.create({ ...repo, title: 'new' }));
    expect(error.status).toBe(502);
    expect(emulator.calls.total).toBe(1);
    expect(emulator.state.issues).toHaveLength(1);
  });

  it('an applied create answered 502 is not sent again: one comment, one call', async () => {
    emulator.faults.add({ match: { method: 'POST' }, nth: 1, effect: 'applyThenFail' });
    const error = await failure(
      client().octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hello' }),
    );
    expect(error.status).toBe(502);
    expect(emulator.calls.total).toBe(1);
    expect(emulator.state.comments.map((c) => c.body)).toEqual(['hello']);
  });

  it('a reset POST is not sent again', async () => {
    emulator.faults.add({ match: { method: 'POST' }, nth: 1, effect: 'crash' });
    await failure(client().octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' }));
    expect(emulator.calls.total).toBe(1);
  });

  it('a POST that says it is idempotent (a reaction) is retried', async () => {
    emulator.faults.add({ match: { method: 'POST' }, nth: 1, effect: { type: 'status', status: 502 } });
    await client().octokit.rest.reactions.createForIssue({
      ...repo,
      issue_number: 1,
      content: 'eyes',
      request: { idempotent: true },
    });
    expect(emulator.calls.log.map((c) => c.status)).toEqual([502, 201]);
    expect(emulator.state.reactions).toHaveLength(1);
  });

  it("a caller's retries: 0 turns retries off; another count never repeats a 404", async () => {
    emulator.faults.add({ match: { method: 'GET' }, effect: { type: 'status', status: 502 } });
    const { octokit } = client();
    await failure(octokit.rest.issues.get({ ...repo, issue_number: 1, request: { retries: 0 } }));
    expect(emulator.calls.total).toBe(1);
    emulator.faults.set([{ match: { method: 'GET' }, effect: { type: 'status', status: 404 } }]);
    emulator.calls.reset();
    await failure(octokit.rest.issues.get({ ...repo, issue_number: 1, request: { retries: 5 } }));
    expect(emulator.calls.total).toBe(1);
  });
});

describe('rate limits and the deadline', () => {
  // The throttling plugin's write pacing (1 s between writes) is not scaled: rate-limit tests use GETs
  // where pacing does not matter, and one create.
  const throttled = (extra: Partial<OctokitOptions> = {}) =>
    client({ throttle: true, deadlineName: "the filing lease's end", ...extra });

  it('a secondary rate limit with retry-after 80 and a deadline 10 s away fails at once', async () => {
    emulator.faults.add({
      match: { method: 'POST' },
      nth: 1,
      effect: { type: 'secondaryRateLimit', retryAfter: 80 },
    });
    // Scale 0.01: waiting would take 800 ms, well above what failing at once takes.
    const { octokit, log } = throttled({ retryAfterScale: 0.01, deadline: () => Date.now() + 10_000 });
    const started = performance.now();
    const error = await failure(octokit.rest.issues.create({ ...repo, title: 'new' }));
    expect(performance.now() - started).toBeLessThan(600);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/);
    expect(error.message).toContain("retry-after 80 s would pass the filing lease's end");
    expect(isRateLimitError(error)).toBe(true);
    expect(log()).toContain("retry-after 80 s would pass the filing lease's end");
    expect(emulator.calls.total).toBe(1);
    expect(emulator.state.issues).toHaveLength(1);
  });

  it('the same limit with a distant deadline is waited and succeeds', async () => {
    emulator.faults.add({
      match: { method: 'POST' },
      nth: 1,
      effect: { type: 'secondaryRateLimit', retryAfter: 80 },
    });
    const { octokit, log } = throttled({
      retryAfterScale: 0.01,
      deadline: () => Date.now() + 3_600_000,
    });
    const started = performance.now();
    const { data } = await octokit.rest.issues.create({ ...repo, title: 'new' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
    expect(data.number).toBe(2);
    expect(log()).toContain('retrying in 80 s');
    expect(emulator.calls.log.map((c) => c.status)).toEqual([403, 201]);
    expect(emulator.state.issues).toHaveLength(2);
  });

  it('no deadline (undefined) waits too', async () => {
    emulator.faults.add({
      match: { method: 'GET' },
      nth: 1,
      effect: { type: 'tooManyRequests', retryAfter: 80 },
    });
    const { octokit } = throttled({ deadline: () => undefined });
    await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(emulator.calls.log.map((c) => c.status)).toEqual([429, 200]);
  });

  it('a primary rate limit whose reset passes the deadline fails at once, recognisably', async () => {
    emulator.faults.add({
      match: { method: 'GET' },
      nth: 1,
      effect: { type: 'rateLimit', resetSeconds: 80 },
    });
    const { octokit, log } = throttled({ deadline: () => Date.now() + 10_000 });
    const error = await failure(octokit.rest.issues.get({ ...repo, issue_number: 1 }));
    expect(error.status).toBe(403);
    expect(isRateLimitError(error)).toBe(true);
    expect(error.message).toMatch(/API rate limit exceeded .*would pass the filing lease's end/);
    expect(log()).toMatch(/GitHub rate limit on GET .*retry-after 8\d s would pass the filing lease's end/);
    expect(emulator.calls.total).toBe(1);
  });

  it('a 429 longer than the accepted wait fails with 429 and is not retried by plugin-retry', async () => {
    emulator.faults.add({ match: { method: 'GET' }, effect: { type: 'tooManyRequests', retryAfter: 80 } });
    const { octokit, log } = throttled({ maxRetryAfterSeconds: 60 });
    const error = await failure(octokit.rest.issues.get({ ...repo, issue_number: 1 }));
    expect(error.status).toBe(429);
    expect(isRateLimitError(error)).toBe(true);
    expect(error.message).toContain('retry-after 80 s is longer than the 60 s accepted');
    expect(log()).toContain('secondary rate limit on GET');
    expect(emulator.calls.total).toBe(1);
  });

  it('a limit that persists is waited 3 times, then fails', async () => {
    emulator.faults.add({ match: { method: 'GET' }, effect: { type: 'secondaryRateLimit', retryAfter: 1 } });
    const { octokit } = throttled();
    const error = await failure(octokit.rest.issues.get({ ...repo, issue_number: 1 }));
    expect(error.status).toBe(403);
    expect(error.message).toContain('still limited after 3 waits');
    expect(emulator.calls.total).toBe(4);
  });
});
