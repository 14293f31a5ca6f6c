import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cutChangelog, nextVersion } from '../../../scripts/release-lib.js';

describe('the release version', () => {
  it('bumps patch, minor and major, or takes a higher explicit version', () => {
    expect(nextVersion('0.1.0', 'major')).toBe('1.0.0');
    expect(nextVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(nextVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(nextVersion('1.4.2', '1.10.0')).toBe('1.10.0');
    expect(() => nextVersion('1.4.2', '1.4.2')).toThrow(/not after/);
    expect(() => nextVersion('1.4.2', 'v2')).toThrow(/not a release version/);
  });
});

describe('the changelog', () => {
  const text = '# Changelog\n\nIntro.\n\n## Unreleased\n\n- one\n- two\n\n## 1.0.0 — 2026-12-01\n\n- first\n';

  it('moves Unreleased under the version and opens a new, empty Unreleased', () => {
    const { changelog, notes } = cutChangelog(text, '1.1.0', '2026-12-07');
    expect(notes).toBe('- one\n- two\n');
    expect(changelog).toBe(
      '# Changelog\n\nIntro.\n\n## Unreleased\n\n## 1.1.0 — 2026-12-07\n\n- one\n- two\n\n## 1.0.0 — 2026-12-01\n\n- first\n',
    );
  });

  it('refuses a release that says nothing', () => {
    const { changelog } = cutChangelog(text, '1.1.0', '2026-12-07');
    expect(() => cutChangelog(changelog, '1.1.1', '2026-12-08')).toThrow(/nothing under "## Unreleased"/);
    expect(() => cutChangelog('# Changelog\n', '1.0.0', 'x')).toThrow(/no "## Unreleased"/);
  });

  it('the repository changelog has something to release', () => {
    expect(() => cutChangelog(readFileSync('CHANGELOG.md', 'utf8'), '1.0.0', '2026-12-07')).not.toThrow();
  });
});

describe('.github/workflows/release.yml', () => {
  const wf = parse(readFileSync('.github/workflows/release.yml', 'utf8')) as {
    on: { workflow_dispatch: { inputs: Record<string, unknown> } };
    permissions: Record<string, string>;
    jobs: { release: { permissions: Record<string, string>; steps: { run?: string; uses?: string }[] } };
  };
  const runs = wf.jobs.release.steps.map((s) => s.run ?? '').join('\n');

  it('asks for nothing by default, and the job only for pushing and provenance', () => {
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.release.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
  });

  it('checks, bumps, tags vX.Y.Z and the major tag, releases the bundles, publishes with provenance', () => {
    expect(runs).toContain('bash .ci/run');
    expect(runs).toContain('scripts/release.ts "$BUMP"');
    expect(runs).toMatch(/git tag -a "v\$VERSION"/);
    expect(runs).toMatch(/git tag -fa "\$MAJOR"/);
    expect(runs).toMatch(/git push --force origin "\$MAJOR"/);
    // The entries import their chunks: the release carries the whole of dist/.
    expect(runs).toMatch(/tar -czf "\$RUNNER_TEMP\/earshot-dist-v\$VERSION\.tgz" dist\n/);
    expect(runs).toMatch(/gh release create "v\$VERSION" "\$RUNNER_TEMP\/earshot-dist-v\$VERSION\.tgz"/);
    expect(runs).toContain('npm publish --provenance');
  });

  it('never puts an input into a shell line (it goes through env:)', () => {
    expect(runs).not.toMatch(/\$\{\{\s*(inputs|github\.event)/);
  });
});
