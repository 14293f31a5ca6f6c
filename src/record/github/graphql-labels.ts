/**
 * One label added to many issues in few requests: `addLabelsToLabelable` mutations, up to
 * LABEL_BATCH of them (aliased) in one GraphQL request. Each answers the issue's `updatedAt`, the
 * server time of our write, by which the next report recognises it (src/report.ts, isOwnWrite).
 *
 * Pacing (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits,
 * https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#secondary-rate-limits):
 * GitHub counts its secondary GraphQL points per request — 5 for a request with mutations, at most
 * 2,000 a minute — and the client's throttling sends one GraphQL request a second (300 points a
 * minute). It also limits "content-generating" requests to 80 a minute and 500 an hour, and does not
 * publish whether each aliased mutation counts as one: a batch of 50 keeps even that reading at
 * 50 labels a request, and what GitHub refuses (a secondary limit the client does not wait out)
 * stops the labelling — the rest is labelled by the next run.
 */
import type { GitHubClient } from './client.js';
import { graphqlError, graphqlRequest } from './graphql.js';

/** Mutations per request. */
const LABEL_BATCH = 50;

function labelMutation(count: number): string {
  if (count < 1 || count > LABEL_BATCH)
    throw new RangeError(`a label mutation carries 1 to ${LABEL_BATCH} issues`);
  const declared = ['$label: ID!', ...Array.from({ length: count }, (_, i) => `$i${i}: ID!`)];
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `  l${i}: addLabelsToLabelable(input: { labelableId: $i${i}, labelIds: [$label] }) { labelable { ... on Issue { number updatedAt } } }`,
  );
  return `mutation EarshotLabels(${declared.join(', ')}) {\n${fields.join('\n')}\n}`;
}

/** The label's node id, or undefined when the repository has no such label. */
export async function labelNodeId(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  name: string,
): Promise<string | undefined> {
  const { data } = await graphqlRequest<{ repository: { label: { id: string } | null } | null }>(
    octokit,
    'query EarshotLabel($owner: String!, $name: String!, $label: String!) { repository(owner: $owner, name: $name) { label(name: $label) { id } } }',
    { owner: repo.owner, name: repo.repo, label: name },
  );
  return data?.repository?.label?.id ?? undefined;
}

export interface LabelsAdded {
  labeled: { number: number; at?: string }[];
  calls: number;
  error?: unknown;
}

/** Adds the label (by node id) to the issues (by node id), LABEL_BATCH a request, in order. */
export async function addLabelsBatched(
  octokit: GitHubClient,
  labelId: string,
  issues: readonly { number: number; nodeId: string }[],
): Promise<LabelsAdded> {
  const labeled: LabelsAdded['labeled'] = [];
  let calls = 0;
  for (let i = 0; i < issues.length; i += LABEL_BATCH) {
    const batch = issues.slice(i, i + LABEL_BATCH);
    const variables: Record<string, unknown> = { label: labelId };
    batch.forEach((issue, j) => {
      variables[`i${j}`] = issue.nodeId;
    });
    try {
      calls++;
      const { data, errors } = await graphqlRequest<
        Record<string, { labelable?: { updatedAt?: string } } | null>
      >(octokit, labelMutation(batch.length), variables);
      batch.forEach((issue, j) => {
        const answer = data?.[`l${j}`];
        if (answer)
          labeled.push({
            number: issue.number,
            ...(answer.labelable?.updatedAt ? { at: answer.labelable.updatedAt } : {}),
          });
      });
      if (errors.length > 0) return { labeled, calls, error: graphqlError(errors) };
    } catch (error) {
      return { labeled, calls, error };
    }
  }
  return { labeled, calls };
}
