/** The example workflow wires every event respond mode needs, with least privilege and concurrency per job. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RESPOND_EVENTS } from '../../../src/respond/events.js';

type Job = {
  if?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
};
const workflow = parse(
  readFileSync(new URL('../../../.github/workflows/earshot.yml', import.meta.url), 'utf8'),
) as {
  on: Record<string, { types?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

describe('.github/workflows/earshot.yml', () => {
  it('triggers on schedule, dispatch, comments, labels, closed issues and closed pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual([
      'schedule',
      'workflow_dispatch',
      'issue_comment',
      'issues',
      'pull_request',
    ]);
    expect(workflow.on.issue_comment?.types).toEqual(['created']);
    expect(workflow.on.issues?.types).toEqual(['labeled', 'closed']);
    for (const e of Object.keys(workflow.on))
      if (!['schedule', 'workflow_dispatch'].includes(e)) expect(RESPOND_EVENTS).toContain(e);
  });

  it('grants nothing by default, and each job only what it needs', () => {
    expect(workflow.permissions).toEqual({});
    // actions: read — whether the run holding the filing lease has finished (a crashed run's re-run)
    expect(workflow.jobs.scan?.permissions).toEqual({ issues: 'write', contents: 'write', actions: 'read' });
    expect(workflow.jobs.respond?.permissions).toEqual({ issues: 'write', contents: 'read' });
  });

  it('serializes scans, and commands per issue, without cancelling a run in progress', () => {
    expect(workflow.jobs.scan?.concurrency).toEqual({ group: 'earshot-scan', 'cancel-in-progress': false });
    expect(workflow.jobs.respond?.concurrency?.group).toContain('github.event.issue.number');
    expect(workflow.jobs.respond?.concurrency?.['cancel-in-progress']).toBe(false);
    expect(workflow.jobs.respond?.if).toContain("github.event.sender.type != 'Bot'");
    expect(workflow.jobs.scan?.if).toContain("github.event_name == 'schedule'");
    expect(workflow.jobs.respond?.if).toContain("contains(github.event.issue.labels.*.name, 'earshot')");
  });
});
