/**
 * Runs the bundled action (dist/index.js) the way a runner does: INPUT_* and GITHUB_* variables,
 * an event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. No network: every URL it is
 * given points at 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionRunOptions {
  workspace: string;
  inputs: Record<string, string>;
  event?: { name: string; payload: Record<string, unknown> };
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Polled every 10 ms: when it says true the process is killed with SIGKILL (a crashed runner). */
  killWhen?: () => boolean;
}

export function tempWorkspace(prefix = 'earshot-ws-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Parses the GITHUB_OUTPUT file (`name<<DELIM\nvalue\nDELIM` blocks, or `name=value`). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-runner-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.event?.payload ?? {}));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_NAME: options.event?.name ?? 'schedule',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const bundle = resolve('dist/index.js');
  if (!existsSync(bundle)) throw new Error('dist/index.js is missing: run `npm run build`');
  const child = spawn(process.execPath, [bundle], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const killWhen = options.killWhen;
  const poll = killWhen
    ? setInterval(() => {
        if (killWhen()) child.kill('SIGKILL');
      }, 10)
    : undefined;
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
}

/** The inputs of a scan into the local tracker (no token), as a workflow would give them. */
export const LOCAL_SCAN_INPUTS: Readonly<Record<string, string>> = {
  'github-token': '',
  config: 'earshot.yml',
  mode: 'scan',
  'dry-run': 'false',
  'max-new-issues': '',
};

export interface EmulatorRunOptions {
  workspace: string;
  /** Base URL of the GitHub emulator (GITHUB_API_URL and GITHUB_SERVER_URL). */
  apiUrl: string;
  mode: string;
  repository?: string;
  token?: string;
  /** Extra action inputs (config is earshot.yml, dry-run false, no new-issue cap). */
  inputs?: Record<string, string>;
  /** Extra environment variables (GITHUB_RUN_ID 2001 and EARSHOT_THROTTLE off are set). */
  env?: Record<string, string>;
  /** The triggering event; a half-hourly schedule by default. */
  event?: { name: string; payload: Record<string, unknown> };
  /** See ActionRunOptions.killWhen. */
  killWhen?: () => boolean;
}

/** Runs the bundled action against the GitHub emulator with the inputs a workflow would give it. */
export function runActionOnEmulator(options: EmulatorRunOptions): Promise<ActionRun> {
  return runAction({
    workspace: options.workspace,
    inputs: {
      'github-token': options.token ?? 'test-token',
      config: 'earshot.yml',
      mode: options.mode,
      'dry-run': 'false',
      'max-new-issues': '',
      ...options.inputs,
    },
    event: options.event ?? { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
    ...(options.killWhen ? { killWhen: options.killWhen } : {}),
    env: {
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: options.apiUrl,
      GITHUB_REPOSITORY: options.repository ?? 'acme/mentions',
      GITHUB_RUN_ID: '2001',
      EARSHOT_THROTTLE: 'off',
      ...options.env,
    },
  });
}

/** What a runner shows of the output: the add-mask commands are consumed, not printed. */
export function withoutMaskCommands(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}
