/**
 * Workflow runs as tests create and change them: the control schema shared by
 * `emulator.setWorkflowRun(spec)` and `POST /_emulator/workflow-runs`, and the snapshot both return.
 */
import { z } from 'zod';
import { RUN_CONCLUSIONS, RUN_STATUSES, type Store, type WorkflowRun } from './store.js';
import { isoSeconds } from './util.js';

export const workflowRunSchema = z.object({
  /** `owner/name`; the emulator's default repository when omitted. */
  repo: z
    .string()
    .regex(/^[^/\s]+\/[^/\s]+$/)
    .optional(),
  /** The run id (`GET /repos/{owner}/{repo}/actions/runs/{run_id}`); a known id changes that run. */
  id: z.number().int().min(1),
  name: z.string().nullable().optional(),
  displayTitle: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  /** Only for a completed run (default `success` then); null while queued or in progress. */
  conclusion: z.enum(RUN_CONCLUSIONS).nullable().optional(),
  runAttempt: z.number().int().min(1).optional(),
  runNumber: z.number().int().min(1).optional(),
  event: z.string().min(1).optional(),
  headBranch: z.string().min(1).nullable().optional(),
  headSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  /** The workflow file, e.g. `.github/workflows/earshot.yml` (the default). */
  path: z.string().min(1).optional(),
  /** Login of the person (or bot) that triggered the run (default: the repository owner). */
  actor: z.string().min(1).optional(),
  createdAt: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp')
    .transform((s) => isoSeconds(new Date(s)))
    .optional(),
});
export type WorkflowRunSpec = z.input<typeof workflowRunSchema>;

export interface WorkflowRunSnapshot {
  repo: string;
  id: number;
  name: string | null;
  display_title: string;
  run_number: number;
  run_attempt: number;
  status: WorkflowRun['status'];
  conclusion: WorkflowRun['conclusion'];
  event: string;
  head_branch: string | null;
  head_sha: string;
  path: string;
  workflow_id: number;
  actor: string;
  created_at: string;
  updated_at: string;
  run_started_at: string;
}

/** Creates or changes a run (validated; throws a ZodError or an Error on a bad spec). */
export function setWorkflowRun(
  store: Store,
  defaultRepo: string,
  input: WorkflowRunSpec,
): WorkflowRunSnapshot {
  const { repo: repoName, actor, ...spec } = workflowRunSchema.parse(input);
  const [owner, name] = (repoName ?? defaultRepo).split('/') as [string, string];
  const repo = store.repo(owner, name);
  const run = repo.setWorkflowRun({ ...spec, actor: actor === undefined ? undefined : store.account(actor) });
  return {
    repo: repo.fullName,
    id: run.id,
    name: run.name,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    status: run.status,
    conclusion: run.conclusion,
    event: run.event,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    workflow_id: run.workflowId,
    actor: run.actor.login,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.runStartedAt,
  };
}
