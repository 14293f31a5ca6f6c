/**
 * Wiring respond mode for the action and the CLI: the port (GitHub or the local store), the HTTP
 * client, the optional language model, and the event.
 */

import type { EarshotConfig } from '../config/schema.js';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import { type ChatClient, createChatClient, llmApiKey } from '../llm/openai-compatible.js';
import type { Logger } from '../logger.js';
import { githubRecord, localRecord } from '../record/backends.js';
import { createOctokit } from '../record/github/client.js';
import type { RespondRecord } from '../record/respond-port.js';
import { runCommand } from '../respond.js';
import { parseGitHubEvent } from './events.js';
import type { RespondDeps, RespondResult } from './types.js';

/** The chat client respond.llm describes, or undefined (not configured, or no key). */
export function llmFromConfig(
  config: EarshotConfig,
  env: Readonly<Record<string, string | undefined>>,
  http: HttpClient,
  githubToken: string | undefined,
  logger: Logger,
): ChatClient | undefined {
  const llm = config.respond.llm;
  if (!llm) return undefined;
  const apiKey = llmApiKey(llm, env, githubToken);
  if (llm.apiKeyEnv && !apiKey) {
    logger.warn(`respond.llm: the environment variable ${llm.apiKeyEnv} is empty; drafts are not polished`);
    return undefined;
  }
  return createChatClient({
    http,
    endpoint: llm.endpoint,
    model: llm.model,
    apiKey,
    timeoutMs: llm.timeoutMs,
  });
}

export { respondSecrets } from './secrets.js';

export interface ActionRespondOptions {
  config: EarshotConfig;
  /** Where relative config paths resolve (GITHUB_WORKSPACE). */
  workspace: string;
  /** The action's github-token; empty → the local store. */
  token: string;
  apiUrl: string;
  repository?: { owner: string; repo: string } | undefined;
  eventName: string;
  payload: unknown;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** GitHub's write pacing (off only against the emulator). */
  throttle: boolean;
  /** For tests: another port or HTTP client. */
  port?: RespondRecord;
  http?: HttpClient;
}

export async function respondToEvent(o: ActionRespondOptions): Promise<RespondResult> {
  const parsed = parseGitHubEvent(o.eventName, o.payload);
  if ('ignored' in parsed) return { outcome: 'ignored', message: parsed.ignored };
  const http = o.http ?? createHttpClient();
  let port = o.port;
  if (!port) {
    if (o.token && o.repository) {
      const octokit = createOctokit({
        token: o.token,
        baseUrl: o.apiUrl,
        logger: o.logger,
        throttle: o.throttle,
      });
      port = githubRecord({
        octokit,
        ...o.repository,
        botLogin: o.config.respond.botLogin,
        logger: o.logger,
      }).respond;
    } else {
      const { resolve } = await import('node:path');
      port = localRecord({
        dir: resolve(o.workspace, o.config.tracker.localDir),
        botLogin: o.config.respond.botLogin,
      }).respond;
    }
  }
  const deps: RespondDeps = {
    config: o.config,
    port,
    http,
    env: o.env,
    now: () => new Date(),
    logger: o.logger,
    root: o.workspace,
    llm: llmFromConfig(o.config, o.env, http, o.token || undefined, o.logger),
  };
  return runCommand(deps, parsed.event);
}
