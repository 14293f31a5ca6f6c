/**
 * Pinning the report issue is best effort through GraphQL's pinIssue mutation (the REST API has no
 * pin endpoint). A loopback server stands in for api.github.com/graphql here, to see the exact request;
 * graphql-report.test.ts pins through the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/logger.js';
import { createOctokit } from '../../../src/record/github/client.js';
import { GitHubReportRecord } from '../../../src/record/github/report.js';
import { GitHubScanRecord } from '../../../src/record/github/scan.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function store(url: string) {
  const logger = memoryLogger();
  const octokit = createOctokit({ token: 't', baseUrl: url, logger, throttle: false, retries: 0 });
  const tracker = new GitHubScanRecord({ octokit, owner: 'acme', repo: 'mentions', logger });
  return {
    logger,
    store: new GitHubReportRecord({ octokit, owner: 'acme', repo: 'mentions', tracker, logger }),
  };
}

describe('pinning the report issue', () => {
  it('sends pinIssue with the issue node id', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { pinIssue: { issue: { number: 7 } } } }));
    });
    const { store: s } = store(server.url);
    expect(
      await s.pin({ number: 7, url: 'https://github.com/acme/mentions/issues/7', nodeId: 'I_kwDOA' }),
    ).toBe(true);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(`${req.method} ${req.url}`).toBe('POST /graphql');
    const body = JSON.parse(req.body) as { query: string; variables: { id: string } };
    expect(body.query).toMatch(/pinIssue\(input: \{ issueId: \$id \}\)/);
    expect(body.variables).toEqual({ id: 'I_kwDOA' });
  });

  it('a refusal (three issues pinned already, no GraphQL …) leaves the issue unpinned and the run going', async () => {
    server = await startLoopback((req, res) => {
      if (req.url === '/graphql' && req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ errors: [{ type: 'UNPROCESSABLE', message: 'Maximum pinned issues reached' }] }),
        );
      } else {
        res.writeHead(404).end();
      }
    });
    const { store: s, logger } = store(server.url);
    expect(await s.pin({ number: 7, url: 'x', nodeId: 'I_kwDOA' })).toBe(false);
    expect(logger.lines.some((l) => /could not pin the report issue #7/.test(l.message))).toBe(true);
    expect(await s.pin({ number: 8, url: 'x' })).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});
