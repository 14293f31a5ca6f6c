/**
 * `npm run emulator -- --port P` — the GitHub emulator standalone (docs/emulator.md).
 * Prints `listening on http://127.0.0.1:P` once ready; Ctrl-C stops it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type EmulatorOptions, type Role, startEmulator } from '../test/github-emulator/index.js';

const USAGE = `usage: npm run emulator -- [--port P] [--repo owner/name] [--private] [--html-base URL]
                            [--user login:permission]... [--read-only-token T] [--seed file.json]
                            [--no-strict] [--no-validate]
  --port P               port on 127.0.0.1 (0 = a free one; default 0)
  --repo owner/name      the default repository (default acme/mentions; any other is created on use)
  --private              repositories are private
  --html-base URL        base of html_url fields (default: the emulator's URL)
  --user login:perm      a person and their role (admin|maintain|write|triage|read|none)
  --read-only-token T    token T can only read (writes answer 403 Resource not accessible by integration)
  --seed file.json       bulk data, as for POST /_emulator/seed
  --no-strict            record OpenAPI violations without answering 500
  --no-validate          skip OpenAPI validation (faster start)`;

const ROLES = new Set(['admin', 'maintain', 'write', 'triage', 'read', 'none']);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      repo: { type: 'string' },
      private: { type: 'boolean', default: false },
      'html-base': { type: 'string' },
      user: { type: 'string', multiple: true },
      'read-only-token': { type: 'string', multiple: true },
      seed: { type: 'string' },
      'no-strict': { type: 'boolean', default: false },
      'no-validate': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  const options: EmulatorOptions = {
    port,
    private: values.private,
    strict: !values['no-strict'],
    validate: !values['no-validate'],
  };
  if (values.repo) options.repo = values.repo;
  if (values['html-base']) options.htmlBase = values['html-base'];
  options.users = (values.user ?? []).map((spec) => {
    const [login, permission = 'write'] = spec.split(':');
    if (!login || !ROLES.has(permission)) throw new Error(`--user expects login:permission, got "${spec}"`);
    return { login, permission: permission as Role };
  });
  options.tokens = Object.fromEntries((values['read-only-token'] ?? []).map((t) => [t, { readOnly: true }]));
  const emulator = await startEmulator(options);
  if (values.seed) {
    const result = emulator.seed(
      JSON.parse(readFileSync(values.seed, 'utf8')) as Parameters<typeof emulator.seed>[0],
    );
    process.stderr.write(`seeded ${result.issues.length} issues into ${result.repo}\n`);
  }
  process.stdout.write(`listening on ${emulator.url}\n`);
  const repo = options.repo ?? 'acme/mentions';
  process.stderr.write(
    'run the bundled action against it (its issues stay here between runs):\n' +
      `  npm run act -- --api-url ${emulator.url} --repo ${repo} --workspace DIR --workflow .github/workflows/earshot-scan.yml\n` +
      `  npm run act -- --api-url ${emulator.url} --repo ${repo} --workspace DIR --workflow .github/workflows/earshot-respond.yml --issue 1 --comment "/draft"\n` +
      `state: ${emulator.url}/_emulator/state\n`,
  );
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
