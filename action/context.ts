/** What the runner tells us about this run: event, repository, workspace. */
import { readFileSync } from 'node:fs';

export interface RunContext {
  eventName: string;
  repository?: { owner: string; repo: string };
  apiUrl: string;
  serverUrl: string;
  workspace: string;
  eventPath?: string;
  payload: Record<string, unknown>;
  actor?: string;
  /** GITHUB_RUN_ID: the same across "Re-run jobs" of one workflow run and across its matrix jobs. */
  runId?: string;
}

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(
        `cannot read the event payload at GITHUB_EVENT_PATH=${env.GITHUB_EVENT_PATH}: ${String(error)}`,
      );
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? 'workflow_dispatch',
    ...(owner && repo ? { repository: { owner, repo } } : {}),
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    ...(env.GITHUB_EVENT_PATH ? { eventPath: env.GITHUB_EVENT_PATH } : {}),
    payload,
    ...(env.GITHUB_ACTOR ? { actor: env.GITHUB_ACTOR } : {}),
    ...(env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID) ? { runId: env.GITHUB_RUN_ID } : {}),
  };
}

/** Which part of Earshot an event runs (DESIGN §2: one action, routed by event). */
export function modeForEvent(eventName: string): 'scan' | 'respond' | 'report' {
  if (eventName === 'issue_comment' || eventName === 'issues') return 'respond';
  return 'scan';
}
