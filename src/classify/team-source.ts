/**
 * Reads the team's labels (src/classify/team-labels.ts) from where the mention issues live: a
 * GitHub repository (one listing call per 100 Earshot issues, plus one comments call per issue
 * whose category changed — corrections are few) or the local tracker's store.
 */

import { INDEX_LABEL } from '../issue/labels.js';
import { silentLogger } from '../logger.js';
import { githubRecord, localRecord } from '../record/backends.js';
import type { GitHubClient } from '../record/github/client.js';
import { toTrackerError } from '../record/github/errors.js';
import { fromApiIssue } from '../record/issue.js';
import type { PortComment } from '../record/respond-port.js';
import { type IssueForLabels, maybeCorrected, type TeamLabel, teamLabelOf } from './team-labels.js';

export interface TeamLabelsRead {
  labels: TeamLabel[];
  /** How many of the labels are corrections (the rest are confirmations). */
  corrections: number;
  /** Earshot issues read. */
  issues: number;
  /** API calls (GitHub) or comment files read (local). */
  calls: number;
}

export interface TeamLabelSource {
  readonly where: string;
  read(): Promise<TeamLabelsRead>;
}

async function collect(
  issues: readonly IssueForLabels[],
  comments: (number: number) => Promise<readonly PortComment[]>,
  botLogin: string,
): Promise<{ labels: TeamLabel[]; corrections: number; commentReads: number }> {
  const labels: TeamLabel[] = [];
  let commentReads = 0;
  for (const issue of issues) {
    let list: readonly PortComment[] = [];
    if (maybeCorrected(issue)) {
      list = await comments(issue.number);
      commentReads++;
    }
    const label = teamLabelOf(issue, list, botLogin);
    if (label) labels.push(label);
  }
  const corrections = labels.filter((l) => l.kind === 'corrected').length;
  return { labels, corrections, commentReads };
}

export function githubTeamLabels(options: {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  botLogin: string;
}): TeamLabelSource {
  const { octokit, owner, repo } = options;
  const port = githubRecord({
    octokit,
    owner,
    repo,
    botLogin: options.botLogin,
    logger: silentLogger,
  }).respond;
  return {
    where: `${owner}/${repo}`,
    async read() {
      let calls = 0;
      const issues: IssueForLabels[] = [];
      try {
        for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
          owner,
          repo,
          labels: INDEX_LABEL,
          state: 'all',
          per_page: 100,
        })) {
          calls++;
          for (const i of page.data) if (!i.pull_request) issues.push(fromApiIssue(i));
        }
      } catch (error) {
        throw toTrackerError(error, 'listing Earshot issues for the team labels', 'issues: read');
      }
      const { labels, corrections } = await collect(
        issues,
        async (number) => {
          const list = await port.listComments(number);
          calls += Math.max(1, Math.ceil(list.length / 100));
          return list;
        },
        options.botLogin,
      );
      return { labels, corrections, issues: issues.length, calls };
    },
  };
}

export function localTeamLabels(options: { dir: string; botLogin: string }): TeamLabelSource {
  const port = localRecord({ dir: options.dir, botLogin: options.botLogin }).respond;
  return {
    where: options.dir,
    async read() {
      const issues = (await port.tracker.listIssues()).filter((i) => i.labels.includes(INDEX_LABEL));
      const { labels, corrections, commentReads } = await collect(
        issues,
        (n) => port.listComments(n),
        options.botLogin,
      );
      return { labels, corrections, issues: issues.length, calls: commentReads };
    },
  };
}
