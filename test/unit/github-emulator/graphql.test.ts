/**
 * The emulator's `POST /graphql`: answers shaped as GitHub's (HTTP 200, `data` and `errors` with
 * `type`, `path`, `locations`), computed from the store the REST routes use (same node ids, same
 * timeline), the documented limits it enforces (first/last 1–100, 500,000 nodes), points charged
 * (`rateLimit`), and each request counted as one call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

describe('emulator GraphQL', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions' });
    emulator.seed({
      users: [{ login: 'alice', permission: 'write' }],
      labels: [{ name: 'status:replied', color: '0e8a16' }],
      issues: [
        { title: 'one', body: 'b', labels: [] },
        { title: 'two', body: 'b' },
      ],
    });
    emulator.person('alice').comment(1, 'Thanks!');
    emulator.as('alice', 'POST', '/repos/acme/mentions/issues/1/labels', { labels: ['status:replied'] });
    emulator.as('alice', 'PATCH', '/repos/acme/mentions/issues/1', {
      state: 'closed',
      state_reason: 'not_planned',
    });
    emulator.calls.reset();
  });
  afterEach(async () => {
    expect(emulator.violations).toEqual([]);
    await emulator.close();
  });

  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${emulator.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers a timeline the way the REST timeline tells it, with the same node ids', async () => {
    const { status, body } = await post(
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
        i1: issue(number: 1) { id number timelineItems(first: 100, itemTypes: [ISSUE_COMMENT, LABELED_EVENT, CLOSED_EVENT]) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { __typename ... on IssueComment { id body author { __typename login } }
                  ... on LabeledEvent { label { name } actor { login } } ... on ClosedEvent { stateReason } } } } } }`,
      { owner: 'acme', name: 'mentions' },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const issue = (body.data as { repository: { i1: Record<string, unknown> } }).repository.i1;
    const rest = emulator.as('alice', 'GET', '/repos/acme/mentions/issues/1').body as { node_id: string };
    expect(issue.id).toBe(rest.node_id);
    const items = issue.timelineItems as { totalCount: number; nodes: Record<string, unknown>[] };
    expect(items.nodes.map((n) => n.__typename)).toEqual(['IssueComment', 'LabeledEvent', 'ClosedEvent']);
    expect(items.totalCount).toBe(3);
    expect(items.nodes[0]).toMatchObject({ body: 'Thanks!', author: { __typename: 'User', login: 'alice' } });
    expect(items.nodes[1]).toMatchObject({ label: { name: 'status:replied' }, actor: { login: 'alice' } });
    expect(items.nodes[2]).toEqual({ __typename: 'ClosedEvent', stateReason: 'NOT_PLANNED' });
    expect(emulator.calls.count('POST /graphql')).toBe(1);
    expect(emulator.calls.snapshot().writes).toBe(0);
  });

  it('a missing issue answers null with a NOT_FOUND error carrying its path; the rest is kept', async () => {
    const query =
      'query { repository(owner: "acme", name: "mentions") { a: issue(number: 2) { number } b: issue(number: 99) { number } } }';
    const { body } = await post(query);
    expect(body.data).toEqual({ repository: { a: { number: 2 }, b: null } });
    expect(body.errors).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['repository', 'b'],
        locations: [{ line: 1, column: query.indexOf('b: issue') + 1 }],
        message: 'Could not resolve to an Issue with the number of 99.',
      },
    ]);
  });

  it('enforces the documented connection limits before running anything', async () => {
    const too = await post(
      'query { repository(owner: "acme", name: "mentions") { issue(number: 1) { timelineItems(first: 101) { totalCount } } } }',
    );
    expect(too.body.data).toBeUndefined();
    expect(too.body.errors).toMatchObject([
      {
        type: 'EXCESSIVE_PAGINATION',
        message:
          'Requesting 101 records on the `timelineItems` connection exceeds the `first` limit of 100 records.',
      },
    ]);
    const none = await post(
      'query { repository(owner: "acme", name: "mentions") { issue(number: 1) { timelineItems { totalCount } } } }',
    );
    expect(none.body.errors).toMatchObject([{ type: 'MISSING_PAGINATION_BOUNDARIES' }]);
  });

  it('refuses a query over 500,000 nodes (counted as GitHub documents)', async () => {
    // 6,000 aliases × 100 items = 600,000 nodes.
    const fields = Array.from(
      { length: 6000 },
      (_, i) => `a${i}: issue(number: 1) { timelineItems(first: 100) { totalCount } }`,
    );
    const { body } = await post(
      `query { repository(owner: "acme", name: "mentions") { ${fields.join(' ')} } }`,
    );
    expect(body.data).toBeUndefined();
    expect(body.errors).toMatchObject([{ type: 'MAX_NODE_LIMIT_EXCEEDED' }]);
    expect(String((body.errors as { message: string }[])[0]!.message)).toContain('600,000');
  });

  it('charges points as GitHub computes them: 100 timeline connections cost 1', async () => {
    const fields = Array.from(
      { length: 100 },
      (_, i) => `a${i}: issue(number: 1) { timelineItems(first: 100) { totalCount } }`,
    );
    const { body } = await post(
      `query { rateLimit { cost limit remaining used nodeCount resetAt } repository(owner: "acme", name: "mentions") { ${fields.join(' ')} } }`,
    );
    const rate = (body.data as { rateLimit: Record<string, unknown> }).rateLimit;
    expect(rate).toMatchObject({ cost: 1, limit: 5000, remaining: 4999, used: 1, nodeCount: 10_000 });
    expect(typeof rate.resetAt).toBe('string');
  });

  it('answers RATE_LIMITED, running nothing, once the points of the hour are spent', async () => {
    await emulator.close();
    emulator = await startEmulator({ repo: 'acme/mentions', graphqlPointsPerHour: 2 });
    emulator.seed({ labels: [{ name: 'x', color: '000000' }], issues: [{ title: 'one', body: 'b' }] });
    const issue = emulator.as('alice', 'GET', '/repos/acme/mentions/issues/1').body as { node_id: string };
    const label = await post(
      'query { repository(owner: "acme", name: "mentions") { label(name: "x") { id } } }',
    );
    const labelId = (label.body.data as { repository: { label: { id: string } } }).repository.label.id;
    await post('query { rateLimit { remaining } }');
    const response = await fetch(`${emulator.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation($i: ID!, $l: ID!) { addLabelsToLabelable(input: { labelableId: $i, labelIds: [$l] }) { clientMutationId } }',
        variables: { i: issue.node_id, l: labelId },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-resource')).toBe('graphql');
    const body = await response.json();
    expect(body).toEqual({
      errors: [{ type: 'RATE_LIMITED', message: expect.stringMatching(/^API rate limit exceeded/) }],
    });
    expect(emulator.state.issues[0]?.labels).toEqual([]);
  });

  it('names unknown fields and syntax errors as GitHub does', async () => {
    const unknown = await post('query { repository(owner: "acme", name: "mentions") { nope } }');
    expect(unknown.body.errors).toMatchObject([
      {
        extensions: { code: 'undefinedField', typeName: 'Repository', fieldName: 'nope' },
        path: ['query', 'repository', 'nope'],
      },
    ]);
    const broken = await post('query { repository(owner: "acme" ');
    expect(broken.status).toBe(200);
    expect(broken.body.errors).toMatchObject([{ message: expect.stringMatching(/^Parse error on/) }]);
  });

  it('adds labels by mutation through the store (a labeled event, updated_at moved) and counts a write', async () => {
    const issue = emulator.as('alice', 'GET', '/repos/acme/mentions/issues/2').body as { node_id: string };
    const label = await post(
      'query { repository(owner: "acme", name: "mentions") { label(name: "status:replied") { id } } }',
    );
    const labelId = (label.body.data as { repository: { label: { id: string } } }).repository.label.id;
    const { body } = await post(
      'mutation($i: ID!, $l: ID!) { x: addLabelsToLabelable(input: { labelableId: $i, labelIds: [$l] }) { labelable { __typename ... on Issue { number updatedAt } } } }',
      { i: issue.node_id, l: labelId },
    );
    expect(body.errors).toBeUndefined();
    const answered = (body.data as { x: { labelable: { updatedAt: string } } }).x.labelable;
    expect(answered).toMatchObject({ __typename: 'Issue', number: 2 });
    const after = emulator.as('alice', 'GET', '/repos/acme/mentions/issues/2').body as {
      labels: { name: string }[];
      updated_at: string;
    };
    expect(after.labels.map((l) => l.name)).toContain('status:replied');
    expect(after.updated_at).toBe(answered.updatedAt);
    expect(emulator.calls.snapshot().writes).toBe(1);
  });
  it('removes only the labels named by mutation; one the issue lacks is no error, an unknown id is NOT_FOUND', async () => {
    emulator.as('alice', 'POST', '/repos/acme/mentions/issues/2/labels', {
      labels: ['status:approved', 'status:drafted', 'vip'],
    });
    const issue = emulator.as('alice', 'GET', '/repos/acme/mentions/issues/2').body as {
      node_id: string;
      labels: { name: string; node_id: string }[];
    };
    const id = (name: string) => issue.labels.find((l) => l.name === name)?.node_id;
    const replied = (
      (
        await post(
          'query { repository(owner: "acme", name: "mentions") { label(name: "status:replied") { id } } }',
        )
      ).body.data as { repository: { label: { id: string } } }
    ).repository.label.id;
    emulator.calls.reset();
    const mutation =
      'mutation($i: ID!, $l: [ID!]!) { removeLabelsFromLabelable(input: { labelableId: $i, labelIds: $l }) { labelable { ... on Issue { number } } } }';
    const { body } = await post(mutation, {
      i: issue.node_id,
      l: [id('status:approved'), id('status:drafted'), replied],
    });
    expect(body.errors).toBeUndefined();
    expect(emulator.calls.snapshot().writes).toBe(1);
    const labels = () =>
      (
        emulator.as('alice', 'GET', '/repos/acme/mentions/issues/2').body as { labels: { name: string }[] }
      ).labels.map((l) => l.name);
    expect(labels()).toEqual(['vip']);
    const gone = await post(mutation, { i: issue.node_id, l: [id('vip'), 'LA_nope'] });
    expect(gone.body.errors).toMatchObject([{ type: 'NOT_FOUND' }]);
    expect(labels()).toEqual(['vip']);
  });
});
