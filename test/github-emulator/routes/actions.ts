/**
 * GitHub Actions workflow runs (docs.github.com/rest/actions/workflow-runs#get-a-workflow-run).
 * Runs exist only as tests create them (`emulator.setWorkflowRun`, `POST /_emulator/workflow-runs`).
 * Access: "Anyone with read access to the repository can use this endpoint"; a GitHub App or
 * GITHUB_TOKEN needs the repository permission "Actions" (read) ("Permissions required for GitHub
 * Apps"), so a token whose `actions` is `none` gets 403 "Resource not accessible by integration".
 */
import { notFound } from '../errors.js';
import { intParam } from '../paging.js';
import type { Route } from '../router.js';

const actionsRead = { scope: 'actions', level: 'read' } as const;

export const actionRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    access: actionsRead,
    handle: (ctx) => {
      const run = ctx.repo.workflowRuns.get(intParam(ctx, 'run_id'));
      if (!run) throw notFound();
      return { status: 200, body: ctx.render.workflowRun(ctx.repo, run) };
    },
  },
];
