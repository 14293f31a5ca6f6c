/**
 * One version everywhere (issue #17): every `uses: earshot/earshot@…` in the docs, examples and
 * workflows is the current major tag, and every `npx earshot` names the current major version —
 * the ones src/version.ts gives `earshot init` and the release script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_REF, CLI_PACKAGE } from '../../../src/version.js';

const filesIn = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );

const DOCS = [
  'README.md',
  'CHANGELOG.md',
  'action.yml',
  ...filesIn('docs', /\.md$/),
  ...filesIn('config', /\.ya?ml$/),
  ...filesIn('.github/workflows', /\.ya?ml$/),
];

describe('versions in the docs', () => {
  const found = DOCS.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [
      ...[...text.matchAll(/earshot\/earshot@[\w.-]+/g)].map((m) => ({ file, ref: m[0], want: ACTION_REF })),
      ...[...text.matchAll(/npx earshot(@[\w.-]+)?/g)].map((m) => ({
        file,
        ref: m[0],
        want: `npx ${CLI_PACKAGE}`,
      })),
    ];
  });

  it('finds the references it checks', () => {
    expect(found.filter((f) => f.file === 'README.md').length).toBeGreaterThan(5);
  });

  it(`every action reference is ${ACTION_REF} and every npx is npx ${CLI_PACKAGE}`, () => {
    expect(found.filter((f) => f.ref !== f.want).map((f) => `${f.file}: ${f.ref}`)).toEqual([]);
  });
});
