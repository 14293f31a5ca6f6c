/**
 * The pure steps of a release (scripts/release.ts runs them; .github/workflows/release.yml runs
 * that): the next version, and CHANGELOG.md's "Unreleased" section cut into the new version's.
 */

export type Bump = 'patch' | 'minor' | 'major';

/** `1.4.2` + minor → `1.5.0`; an explicit `X.Y.Z` must be higher than the current version. */
export function nextVersion(current: string, bump: Bump | string): string {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
    if (!m) throw new Error(`not a release version: "${v}" (X.Y.Z)`);
    return [Number(m[1]), Number(m[2]), Number(m[3])] as const;
  };
  const [major, minor, patch] = parse(current);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  const wanted = parse(bump);
  const higher = wanted[0] - major || wanted[1] - minor || wanted[2] - patch;
  if (higher <= 0) throw new Error(`${bump} is not after the current version ${current}`);
  return bump;
}

const UNRELEASED = /^## Unreleased[ \t]*\n/m;

/**
 * The changelog with its `## Unreleased` section renamed `## X.Y.Z — date` and a new, empty
 * `## Unreleased` above it; and that section's text, for the release notes. A release with nothing
 * under Unreleased is refused: a release says what changed.
 */
export function cutChangelog(
  text: string,
  version: string,
  date: string,
): { changelog: string; notes: string } {
  const m = UNRELEASED.exec(text);
  if (!m) throw new Error('CHANGELOG.md has no "## Unreleased" section');
  const start = m.index + m[0].length;
  const next = text.slice(start).search(/^## /m);
  const end = next < 0 ? text.length : start + next;
  const notes = text.slice(start, end).trim();
  if (!notes) throw new Error('CHANGELOG.md: nothing under "## Unreleased" to release');
  const changelog = `${text.slice(0, m.index)}## Unreleased\n\n## ${version} — ${date}\n\n${notes}\n\n${text.slice(end)}`;
  return { changelog: `${changelog.trimEnd()}\n`, notes: `${notes}\n` };
}
