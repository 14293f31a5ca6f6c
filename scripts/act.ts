/**
 * `npm run act -- …` — runs the bundled action (dist/index.js) on one event against the GitHub
 * emulator, as a runner would (docs/emulator.md#running-the-action-locally).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../test/github-emulator/index.js';
import { act, type Role } from '../test/helpers/act.js';

const USAGE = `usage: npm run act -- [--workspace DIR] [--workflow FILE | --mode scan|respond|report] [--config F]
                       [--event schedule|workflow_dispatch]
                       [--issue N (--comment TEXT | --label NAME | --close [completed|not_planned])]
                       [--as LOGIN] [--role admin|maintain|write|triage|read|none]
                       [--api-url URL] [--repo owner/name] [--dry-run] [--report-html DIR] [--show-env] [-v]
  --workspace DIR   the repository the action runs in (default: the current folder)
  --workflow FILE   take the inputs and env: of the Earshot step of this workflow (relative to the workspace)
  --api-url URL     a running emulator (npm run emulator -- --port 8787): its issues stay between runs;
                    without it, one is started for this run and its issues are listed at the end
  --show-env        print the variables the action ran with (INPUT_GITHUB-TOKEN …)
  -v, --verbose     keep the action's ::debug:: lines (every API call)`;

const ROLES = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      workflow: { type: 'string' },
      mode: { type: 'string' },
      config: { type: 'string' },
      event: { type: 'string' },
      issue: { type: 'string' },
      comment: { type: 'string' },
      label: { type: 'string' },
      close: { type: 'string' },
      as: { type: 'string' },
      role: { type: 'string' },
      'api-url': { type: 'string' },
      repo: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'report-html': { type: 'string' },
      'show-env': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.event && !['schedule', 'workflow_dispatch'].includes(values.event))
    throw new Error(
      '--event is schedule or workflow_dispatch; a comment, label or close sets the event itself',
    );
  if (values.role && !ROLES.includes(values.role)) throw new Error(`--role is one of ${ROLES.join(', ')}`);
  if (values.close && !['completed', 'not_planned'].includes(values.close))
    throw new Error('--close is completed or not_planned');
  const repo = values.repo ?? 'acme/mentions';
  const own = values['api-url'] ? undefined : await startEmulator({ repo });
  const apiUrl = values['api-url'] ?? own?.url ?? '';
  try {
    const result = await act({
      apiUrl,
      repo,
      workspace: resolve(values.workspace ?? '.'),
      ...(values.workflow ? { workflow: values.workflow } : {}),
      inputs: {
        ...(values.mode ? { mode: values.mode } : {}),
        ...(values.config ? { config: values.config } : {}),
        ...(values['dry-run'] ? { 'dry-run': 'true' } : {}),
        ...(values['report-html'] ? { 'report-html': values['report-html'] } : {}),
      },
      ...(values.event ? { event: values.event as 'schedule' | 'workflow_dispatch' } : {}),
      ...(values.issue ? { issue: Number(values.issue) } : {}),
      ...(values.comment !== undefined ? { comment: values.comment } : {}),
      ...(values.label ? { label: values.label } : {}),
      ...(values.close ? { close: values.close as 'completed' | 'not_planned' } : {}),
      ...(values.as ? { as: values.as } : {}),
      ...(values.role ? { role: values.role as Role } : {}),
    });
    process.stdout.write(
      result.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::') && (values.verbose || !l.startsWith('::debug::')))
        .join('\n'),
    );
    process.stderr.write(result.stderr);
    process.stdout.write(`\n== ${result.eventName} → exit ${result.code}\n`);
    for (const [k, v] of Object.entries(result.outputs))
      if (k !== 'result' && k !== 'report') process.stdout.write(`output ${k}: ${v}\n`);
    if (values['show-env'])
      for (const [k, v] of Object.entries(result.shownEnv)) process.stdout.write(`env ${k}=${v}\n`);
    if (own)
      for (const i of own.state.issues as { number: number; state: string; title: string }[])
        process.stdout.write(`issue #${i.number} [${i.state}] ${i.title}\n`);
    else process.stdout.write(`issues: ${apiUrl}/_emulator/state\n`);
    return result.code ?? 1;
  } finally {
    await own?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`act: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  },
);
