/**
 * Who is obeyed when the event carries the comment's author_association: only OWNER spares the
 * permission call; every other association (MEMBER and COLLABORATOR included) is asked of the
 * collaborator-permission endpoint, so a read-only member or collaborator is still refused.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../../src/record/respond-port.js';
import { permissionProvenBy } from '../../../src/respond/authorize.js';
import { parseGitHubEvent } from '../../../src/respond/events.js';
import type { RespondEvent } from '../../../src/respond/types.js';
import { runCommand } from '../../../src/respond.js';
import { addMention, commentEvent, labelEvent, makeDeps } from './helpers.js';
import { MemoryPort } from './memory-port.js';
import { payload } from './payloads.js';

/** A memory port that counts permission look-ups. */
class CountingPort extends MemoryPort {
  asked: string[] = [];
  override async permission(login: string): Promise<Permission> {
    this.asked.push(login);
    return super.permission(login);
  }
}

function withAssociation(event: RespondEvent, association: string): RespondEvent {
  if (event.kind !== 'comment') throw new Error('comment event expected');
  return { ...event, comment: { ...event.comment, association } };
}

describe('permissionProvenBy', () => {
  it('OWNER proves admin; nothing else proves anything', () => {
    expect(permissionProvenBy('OWNER')).toBe('admin');
    for (const a of [
      'MEMBER',
      'COLLABORATOR',
      'CONTRIBUTOR',
      'FIRST_TIMER',
      'FIRST_TIME_CONTRIBUTOR',
      'MANNEQUIN',
      'NONE',
      'owner',
      '',
      undefined,
    ])
      expect(permissionProvenBy(a)).toBeUndefined();
  });
});

describe('the permission call', () => {
  let port: CountingPort;
  beforeEach(() => {
    port = new CountingPort();
    port.permissions = { alice: 'write', bob: 'read', tri: 'triage' };
    addMention(port, 1, 'mastodon');
  });

  it('is skipped for the repository owner (OWNER), who is obeyed', async () => {
    const result = await runCommand(
      makeDeps(port),
      withAssociation(commentEvent(port, 1, '/draft'), 'OWNER'),
    );
    expect(result).toMatchObject({ outcome: 'ok', command: 'draft' });
    expect(port.asked).toEqual([]);
  });

  it('is made for MEMBER and COLLABORATOR: a read or triage member is refused', async () => {
    const bob = { login: 'bob', type: 'User' };
    const tri = { login: 'tri', type: 'User' };
    const member = await runCommand(
      makeDeps(port),
      withAssociation(commentEvent(port, 1, '/resolve', bob), 'MEMBER'),
    );
    expect(member.outcome).toBe('refused');
    const collaborator = await runCommand(
      makeDeps(port),
      withAssociation(commentEvent(port, 1, '/resolve', tri), 'COLLABORATOR'),
    );
    expect(collaborator.outcome).toBe('refused');
    expect(port.asked).toEqual(['bob', 'tri']);
    expect(port.issues.get(1)?.state).toBe('open');
    const writer = await runCommand(
      makeDeps(port),
      withAssociation(commentEvent(port, 1, '/draft'), 'COLLABORATOR'),
    );
    expect(writer.outcome).toBe('ok');
    expect(port.asked).toEqual(['bob', 'tri', 'alice']);
  });

  it('is made for labels (their sender carries no association) and for comments without one', async () => {
    await runCommand(makeDeps(port), labelEvent(port, 1, 'status:drafted'));
    await runCommand(makeDeps(port), commentEvent(port, 1, '/approve'));
    expect(port.asked).toEqual(['alice', 'alice']);
  });
});

describe('the issue_comment payload', () => {
  it("carries the comment's author_association into the event", () => {
    const p = payload('issue_comment.created', {
      issue: { number: 3 },
      comment: { id: 9, body: '/draft', user: 'alice' },
      sender: 'alice',
    });
    const parsed = parseGitHubEvent('issue_comment', {
      ...p,
      comment: { ...(p.comment as object), author_association: 'OWNER' },
    });
    if (!('event' in parsed) || parsed.event.kind !== 'comment') throw new Error('comment event expected');
    expect(parsed.event.comment.association).toBe('OWNER');
  });
});
