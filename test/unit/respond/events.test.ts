/** Webhook payloads → respond events; the recorded templates match GitHub's webhook schemas. */
import { describe, expect, it } from 'vitest';
import { parseGitHubEvent, RESPOND_EVENTS } from '../../../src/respond/events.js';
import { validateComponent } from '../../github-emulator/openapi.js';
import { payload, type Template, template } from './payloads.js';

const SCHEMAS: Record<Template, string> = {
  'issue_comment.created': 'webhook-issue-comment-created',
  'issues.labeled': 'webhook-issues-labeled',
  'issues.closed': 'webhook-issues-closed',
  'pull_request.closed': 'webhook-pull-request-closed',
};

describe('recorded event payloads', () => {
  for (const [name, schema] of Object.entries(SCHEMAS) as [Template, string][]) {
    it(`${name} matches GitHub's ${schema} schema, and so do payloads built from it`, () => {
      expect(validateComponent(schema, template(name))).toEqual([]);
      const built = payload(name, {
        sender: 'carol',
        comment: { id: 42, body: '/approve' },
        label: 'resolved',
        pull: { number: 9, merged: false },
      });
      expect(validateComponent(schema, built)).toEqual([]);
    });
  }

  it('a payload with a wrong field type is caught by the schema (the check can fail)', () => {
    const bad = { ...template('issues.labeled'), sender: { login: 42 } };
    expect(validateComponent('webhook-issues-labeled', bad).length).toBeGreaterThan(0);
  });
});

describe('parseGitHubEvent', () => {
  it('reads an issue_comment event', () => {
    const parsed = parseGitHubEvent(
      'issue_comment',
      payload('issue_comment.created', { comment: { id: 7, body: '/draft' } }),
    );
    expect(parsed).toMatchObject({
      event: {
        kind: 'comment',
        action: 'created',
        issue: {
          number: 1,
          labels: ['earshot', 'complaint', 'source:mastodon', 'priority:high'],
          isPullRequest: false,
        },
        comment: { id: 7, body: '/draft', user: { login: 'alice', type: 'User' } },
        sender: { login: 'alice' },
      },
    });
    // the node ids that let a command remove several labels in one call
    if (!('event' in parsed) || parsed.event.kind !== 'comment') throw new Error('comment event expected');
    expect(parsed.event.issue.nodeId).toBe('I_kwDOAcme1');
    expect(parsed.event.issue.labelIds).toMatchObject({ earshot: 'LA_kwDOAcme7001' });
  });

  it('reads labeled and closed issues events, and merged pull requests', () => {
    expect(parseGitHubEvent('issues', payload('issues.labeled', { label: 'resolved' }))).toMatchObject({
      event: { kind: 'label', action: 'labeled', label: 'resolved' },
    });
    expect(parseGitHubEvent('issues', payload('issues.closed'))).toMatchObject({
      event: { kind: 'closed', issue: { number: 7, state: 'closed', stateReason: 'completed' } },
    });
    expect(parseGitHubEvent('pull_request', payload('pull_request.closed'))).toMatchObject({
      event: { kind: 'merged', pull: { number: 8, url: 'https://github.com/acme/mentions/pull/8' } },
    });
  });

  it('ignores what respond mode does not act on, with a reason', () => {
    expect(
      parseGitHubEvent(
        'pull_request',
        payload('pull_request.closed', { pull: { number: 8, merged: false } }),
      ),
    ).toEqual({
      ignored: 'pull_request.closed (not merged) needs nothing from Earshot',
    });
    expect(parseGitHubEvent('issues', payload('issues.labeled', { action: 'opened' }))).toHaveProperty(
      'ignored',
    );
    expect(parseGitHubEvent('issue_comment', { action: 'created' })).toHaveProperty('ignored');
    expect(parseGitHubEvent('push', {})).toHaveProperty('ignored');
    expect(RESPOND_EVENTS).toEqual(['issue_comment', 'issues', 'pull_request', 'pull_request_target']);
  });

  it('marks comments on pull requests', () => {
    const p = payload('issue_comment.created', { comment: { id: 7, body: '/draft' } });
    (p.issue as Record<string, unknown>).pull_request = {
      url: 'https://api.github.com/repos/acme/mentions/pulls/1',
    };
    const parsed = parseGitHubEvent('issue_comment', p);
    expect('event' in parsed && parsed.event.kind === 'comment' && parsed.event.issue.isPullRequest).toBe(
      true,
    );
  });
});
