/** action.yml has what a GitHub Marketplace listing needs, and every input is documented. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8')) as {
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

// The colours the Marketplace accepts for branding.color.
const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

describe('action.yml', () => {
  it('has a name, a short description, an author and branding', () => {
    expect(action.name.length).toBeGreaterThan(0);
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.author).toBeTruthy();
    expect(action.branding.icon).toMatch(/^[a-z0-9-]+$/);
    expect(COLORS).toContain(action.branding.color);
    expect(existsSync('README.md')).toBe(true);
  });

  it('runs the committed bundle on a supported Node', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(existsSync(action.runs.main)).toBe(true);
  });

  it('documents every input and output in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      expect(readme, name).toContain(`\`${name}\``);
  });
});
