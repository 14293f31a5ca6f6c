/**
 * inputs → config → route by event → outputs + job summary. The one place that calls setFailed.
 */
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { alertSecretNames } from '../src/alerts/config.js';
import { classifierFromConfig, classifySecrets } from '../src/classify/setup.js';
import { loadConfigFile } from '../src/config/load.js';
import type { EarshotConfig } from '../src/config/schema.js';
import { ConfigError, errorMessage } from '../src/errors.js';
import { createHttpClient } from '../src/http/client.js';
import { adapters } from '../src/platforms/index.js';
import type { RecordBackend } from '../src/record/backend.js';
import { localRecord } from '../src/record/local/backend.js';
import { RESPOND_EVENTS } from '../src/respond/events.js';
import { runScan, type ScanResult } from '../src/scan.js';
import { allSourcesFailed, scanJson } from '../src/scan-format.js';
import { credentialValues, secretFragments } from '../src/secrets.js';
import { modeForEvent, type RunContext, readContext } from './context.js';
import { type ActionInputs, readInputs } from './inputs.js';
import { actionsLogger } from './logger.js';
import { scanSummary } from './summary.js';

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    // With a token, Octokit and the GitHub record load while the config is read (see makeRecord).
    if (inputs.githubToken) loadGitHubRecord().catch(() => {});
    const context = readContext();
    // Comments, labels, closed issues and merged pull requests run respond mode (src/respond.ts).
    const auto = RESPOND_EVENTS.includes(context.eventName) ? 'respond' : modeForEvent(context.eventName);
    const mode = inputs.mode === 'auto' ? auto : inputs.mode;
    const configPath = resolve(context.workspace, inputs.config);
    const config = await loadConfigFile(configPath, adapters);
    core.info(
      `Earshot ${mode} (event ${context.eventName}) with ${inputs.config}: ${config.sources.length} source(s)`,
    );
    if (mode === 'scan') {
      await scan(inputs, context, config);
      return;
    }
    if (mode === 'respond') {
      await respond(inputs, context, config);
      return;
    }
    if (mode === 'report') {
      await report(inputs, context, config);
      return;
    }
    throw new ConfigError(`mode "${mode}" is not available in this version of Earshot; use mode: scan`);
  } catch (error) {
    core.setFailed(error instanceof ConfigError ? error.message : `Earshot failed: ${errorMessage(error)}`);
  }
}

let githubRecordModules:
  | Promise<
      [typeof import('../src/record/github/client.js'), typeof import('../src/record/github/backend.js')]
    >
  | undefined;

/** Octokit and the GitHub record: a chunk loaded only with a token (once). */
function loadGitHubRecord(): NonNullable<typeof githubRecordModules> {
  githubRecordModules ??= Promise.all([
    import('../src/record/github/client.js'),
    import('../src/record/github/backend.js'),
  ]);
  return githubRecordModules;
}

/**
 * The record's backend: GitHub with a token, else the local tracker (.earshot/ in the workspace).
 * Octokit and the GitHub record are loaded only with a token: a local run does not compile them.
 */
async function makeRecord(
  inputs: ActionInputs,
  context: RunContext,
  config: EarshotConfig,
): Promise<RecordBackend> {
  if (!inputs.githubToken) {
    const dir = resolve(context.workspace, config.tracker.localDir);
    core.info(`no github-token: filing into the local tracker at ${dir}`);
    return localRecord({ dir, botLogin: config.respond.botLogin });
  }
  if (!context.repository)
    throw new ConfigError('GITHUB_REPOSITORY is not set: which repository should issues go to?');
  // EARSHOT_THROTTLE=off lifts GitHub's recommended write pacing: for runs against the emulator only.
  const throttle = process.env.EARSHOT_THROTTLE !== 'off';
  const [{ createOctokit }, { githubRecord }] = await loadGitHubRecord();
  // The scan sets the filing lease's end: no rate-limit wait goes past it.
  let deadline: number | undefined;
  const octokit = createOctokit({
    token: inputs.githubToken,
    baseUrl: context.apiUrl,
    logger: actionsLogger,
    throttle,
    deadline: () => deadline,
    deadlineName: "the filing lease's end",
    ...retryScale(),
  });
  return githubRecord({
    octokit,
    ...context.repository,
    stateBranch: config.tracker.stateBranch,
    botLogin: config.respond.botLogin,
    logger: actionsLogger,
    onDeadline: (at) => {
      deadline = at;
    },
  });
}

/**
 * EARSHOT_RETRY_SCALE (tests against the emulator only) shortens every rate-limit wait while the
 * decisions stay in GitHub's seconds (a retry-after of 80 s is still 80 s against the lease).
 */
function retryScale(): { retryAfterScale?: number } {
  const scale = Number(process.env.EARSHOT_RETRY_SCALE);
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? { retryAfterScale: scale } : {};
}

/** EARSHOT_LEASE_SECONDS (tests against the emulator only) shortens the filing lease. */
function leaseSeconds(): { leaseMs?: number } {
  const seconds = Number(process.env.EARSHOT_LEASE_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? { leaseMs: seconds * 1000 } : {};
}

/** Masks each value in the log, and each fragment of a secret one (a message cut short keeps a prefix). */
function maskSecrets(values: readonly string[], fragments: readonly string[]): void {
  for (const value of new Set([...values, ...fragments])) core.setSecret(value);
}

async function scan(inputs: ActionInputs, context: RunContext, config: EarshotConfig): Promise<ScanResult> {
  const tracker = (await makeRecord(inputs, context, config)).scan;
  const secretEnv = new Set([
    ...config.sources.flatMap((s) => Object.values(s.credentials ?? {})),
    ...alertSecretNames(config.alerts),
  ]);
  const forms = credentialValues(config.sources, process.env);
  maskSecrets(
    [
      ...[...secretEnv].map((name) => process.env[name]).filter((v): v is string => !!v),
      // Their URL-encoded and JSON-escaped forms too: a URL or a JSON body in a log line carries those.
      ...forms,
      ...classifySecrets(config, process.env),
    ],
    secretFragments(forms),
  );
  const http = createHttpClient();
  const result = await runScan(
    {
      config,
      adapters,
      tracker,
      http,
      classifier: classifierFromConfig({
        config,
        env: process.env,
        http,
        githubToken: inputs.githubToken,
        logger: actionsLogger,
        workspace: context.workspace,
      }),
      env: process.env,
      now: () => new Date(),
      logger: actionsLogger,
    },
    {
      dryRun: inputs.dryRun,
      ...(inputs.maxNewIssues !== undefined ? { maxNewIssues: inputs.maxNewIssues } : {}),
      ...(inputs.shard ? { shard: inputs.shard } : {}),
      ...(context.runId ? { runId: context.runId } : {}),
      ...leaseSeconds(),
    },
  );
  core.setOutput('new-issues', result.new);
  core.setOutput('deferred', result.deferred);
  core.setOutput('sources-failed', result.sources.filter((s) => s.error).length);
  core.setOutput('result', scanJson(result));
  await scanSummary(result, tracker.kind).write();
  const failure = allSourcesFailed(result);
  if (failure) core.setFailed(`Earshot: ${failure}`);
  return result;
}

// Respond and report load their code when they run: a scan does not evaluate it.
async function respond(inputs: ActionInputs, context: RunContext, config: EarshotConfig): Promise<void> {
  const { respondSecrets, respondToEvent } = await import('../src/respond/setup.js');
  const secrets = respondSecrets(config, process.env);
  maskSecrets(secrets, secretFragments(secrets));
  const result = await respondToEvent({
    config,
    workspace: context.workspace,
    token: inputs.githubToken,
    apiUrl: context.apiUrl,
    repository: context.repository,
    eventName: context.eventName,
    payload: context.payload,
    env: process.env,
    logger: actionsLogger,
    // EARSHOT_THROTTLE=off lifts GitHub's recommended write pacing: for runs against the emulator only.
    throttle: process.env.EARSHOT_THROTTLE !== 'off',
  });
  core.info(`respond: ${result.outcome}${result.command ? ` (${result.command})` : ''}: ${result.message}`);
  core.setOutput('command', result.command ?? '');
  core.setOutput('outcome', result.outcome);
  core.setOutput('result', JSON.stringify(result));
  if (result.outcome === 'failed') core.warning(`Earshot ${result.command ?? 'respond'}: ${result.message}`);
}

/** mode: report — metrics → job summary, the period's report issue, breach labels, dashboard page. */
async function report(inputs: ActionInputs, context: RunContext, config: EarshotConfig): Promise<void> {
  const [{ runReport }, { reportClock, reportJson }] = await Promise.all([
    import('../src/report.js'),
    import('../src/report/setup.js'),
  ]);
  const store = (await makeRecord(inputs, context, config)).report;
  const html = core.getInput('report-html').trim();
  const result = await runReport(
    // EARSHOT_NOW pins the report's clock (a report as of that time).
    { config, store, now: reportClock(process.env.EARSHOT_NOW), logger: actionsLogger },
    { dryRun: inputs.dryRun, ...(html ? { htmlDir: resolve(context.workspace, html) } : {}) },
  );
  for (const w of result.warnings) core.warning(w);
  core.setOutput('report', reportJson(result));
  core.setOutput('report-issue', result.reportIssue ? String(result.reportIssue.number) : '');
  core.setOutput('report-html', result.dashboard ?? '');
  await core.summary.addRaw(result.markdown, true).write();
}
