/**
 * `npm run release -- patch|minor|major|X.Y.Z [--notes FILE]` — the version bump of a release:
 * package.json and package-lock.json, CHANGELOG.md's Unreleased section cut into the version's
 * (its text written to --notes for the GitHub release). Refuses a new major version until
 * src/version.ts (MAJOR, which the docs and `earshot init` use) says it. Prints the version.
 * The rest — build, commit, tags, GitHub release, npm publish — is .github/workflows/release.yml.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { MAJOR } from '../src/version.js';
import { cutChangelog, nextVersion } from './release-lib.js';

const [bump, ...rest] = process.argv.slice(2);
if (!bump) {
  console.error('usage: npm run release -- patch|minor|major|X.Y.Z [--notes FILE]');
  process.exit(2);
}
const notesAt = rest.indexOf('--notes');
const notesFile = notesAt >= 0 ? rest[notesAt + 1] : undefined;

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const version = nextVersion(pkg.version, bump);
if (Number(version.split('.')[0]) !== MAJOR) {
  console.error(
    `release ${version}: src/version.ts says major ${MAJOR}. A new major version changes every \`uses: …@v${MAJOR}\` and \`npx earshot@${MAJOR}\`: set MAJOR, update the docs (the versions test lists them), then release.`,
  );
  process.exit(1);
}
const date = new Date().toISOString().slice(0, 10);
const { changelog, notes } = cutChangelog(readFileSync('CHANGELOG.md', 'utf8'), version, date);
execFileSync('npm', ['version', version, '--no-git-tag-version', '--allow-same-version'], {
  stdio: 'ignore',
});
writeFileSync('CHANGELOG.md', changelog);
if (notesFile) writeFileSync(notesFile, notes);
process.stdout.write(`${version}\n`);
