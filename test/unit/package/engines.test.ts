/**
 * package.json's `engines` promises only Node versions every installed dependency supports, so
 * `npm install` on a supported Node never warns EBADENGINE.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Version = [number, number, number];

const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, '').split('.').map(Number);
  return [a, b, c];
};
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The subset of npm's range grammar that engines fields use: `>=`, `<=`, `>`, `<`, `^`, `x`, `||`, AND by spaces. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/([<>]=?|\^)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        const m = /^(>=|<=|>|<|\^|=)?v?(\d+(?:\.\d+){0,2})(?:\.x)?$/.exec(comparator);
        if (!m?.[2]) throw new Error(`cannot read the range "${range}"`);
        const bound = parse(m[2]);
        switch (m[1]) {
          case '>=':
            return cmp(v, bound) >= 0;
          case '<=':
            return cmp(v, bound) <= 0;
          case '>':
            return cmp(v, bound) > 0;
          case '<':
            return cmp(v, bound) < 0;
          case '^':
            return v[0] === bound[0] && cmp(v, bound) >= 0;
          default:
            return m[2].split('.').every((part, i) => Number(part) === v[i]);
        }
      }),
  );
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

// Every Node line from 18 to 26, at .0 and at late patch levels.
const candidates = [18, 19, 20, 21, 22, 23, 24, 25, 26].flatMap((major) =>
  [0, 5, 12, 13, 17, 18, 19, 20, 30].map((minor) => `${major}.${minor}.0`),
);

describe('engines', () => {
  it('reads the range forms the lock file uses', () => {
    expect(satisfies('20.20.2', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('21.0.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('22.0.0', '>= 20')).toBe(true);
    expect(satisfies('0.7.1', '>=0.6.11 <=0.7.0 || >=0.7.3')).toBe(false);
  });

  it(`promises (${pkg.engines.node}) only Node versions every dependency supports`, () => {
    const ranges = new Map<string, string>();
    for (const [path, entry] of Object.entries(lock.packages)) {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path && node) ranges.set(path.replace(/^.*node_modules\//, ''), node);
    }
    const promised = candidates.filter((v) => satisfies(v, pkg.engines.node));
    expect(promised.length).toBeGreaterThan(0);
    const broken = promised.flatMap((v) =>
      [...ranges]
        .filter(([, range]) => !satisfies(v, range))
        .map(([name, range]) => `${v}: ${name} needs ${range}`),
    );
    expect(broken).toEqual([]);
  });
});
