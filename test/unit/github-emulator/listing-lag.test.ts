import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let clock = Date.parse('2026-03-01T10:00:00Z');
const repo = { owner: 'acme', repo: 'mentions' };

describe('issue listing lag', () => {
  let emu: Emulator;
  let octokit: Octokit;
  const titles = async (): Promise<string[]> =>
    (await octokit.rest.issues.listForRepo({ ...repo, state: 'all' })).data.map((i) => i.title);

  beforeAll(async () => {
    emu = await startEmulator({ now: () => new Date(clock), issueListingLagMs: 2_000 });
    octokit = new Octokit({ auth: 'test', baseUrl: emu.url, log: quiet });
  });
  afterEach(() => {
    expect(emu.violations).toEqual([]);
    emu.reset();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('lists a new issue only N ms after its creation; GET by number sees it at once', async () => {
    emu.seed({ issues: [{ title: 'seeded' }] });
    const created = await octokit.rest.issues.create({ ...repo, title: 'fresh' });
    expect(await titles()).toEqual(['seeded']);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: created.data.number })).data.title).toBe(
      'fresh',
    );
    clock += 1_999;
    expect(await titles()).toEqual(['seeded']);
    clock += 1;
    expect(await titles()).toEqual(['fresh', 'seeded']);
    // Issues created by people through the API lag too.
    emu.person('alice', 'write').request('POST', '/repos/acme/mentions/issues', { title: 'by alice' });
    expect(await titles()).toEqual(['fresh', 'seeded']);
    clock += 2_000;
    expect(await titles()).toEqual(['by alice', 'fresh', 'seeded']);
  });

  it('is changed at run time (in process or over HTTP) and back to the option on reset', async () => {
    emu.setIssueListingLag(0);
    await octokit.rest.issues.create({ ...repo, title: 'now' });
    expect(await titles()).toEqual(['now']);
    const set = await fetch(`${emu.url}/_emulator/issue-listing-lag`, {
      method: 'POST',
      body: JSON.stringify({ ms: 60_000 }),
    });
    expect(await set.json()).toEqual({ issueListingLagMs: 60_000 });
    await octokit.rest.issues.create({ ...repo, title: 'later' });
    expect(await titles()).toEqual(['now']);
    clock += 60_000;
    expect(await titles()).toEqual(['later', 'now']);
    const bad = await fetch(`${emu.url}/_emulator/issue-listing-lag`, {
      method: 'POST',
      body: JSON.stringify({ ms: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(() => emu.setIssueListingLag(Number.NaN)).toThrow();
    emu.reset();
    expect(emu.store.issueListingLagMs).toBe(2_000);
  });

  it('is off by default', async () => {
    const plain = await startEmulator({ now: () => new Date(clock) });
    try {
      const client = new Octokit({ auth: 'test', baseUrl: plain.url, log: quiet });
      await client.rest.issues.create({ ...repo, title: 'at once' });
      expect((await client.rest.issues.listForRepo(repo)).data.map((i) => i.title)).toEqual(['at once']);
    } finally {
      await plain.close();
    }
  });
});
