import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { asAdapters, fakeAdapter } from '../../helpers/fakes.js';

const adapters = asAdapters(fakeAdapter({}));
const valid = `company:
  name: Acme
  aliases: [Acme Corp]
sources:
  - id: one
    kind: fake
    feed: a
`;

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, 'earshot.yml', adapters);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('parses a minimal config and fills the documented defaults', () => {
    const config = parseConfig(valid, 'earshot.yml', adapters);
    expect(config.company.aliases).toEqual(['Acme Corp']);
    expect(config.lookbackDays).toBe(14);
    expect(config.budgets.maxNewIssues).toBe(50);
    expect(config.milestones.period).toBe('week');
    expect(config.sources[0]).toMatchObject({ id: 'one', kind: 'fake', enabled: true, weight: 1 });
  });

  it('names the file, the field and the line of a wrong value', () => {
    const e = errorOf(valid.replace('feed: a', 'feed: 42'));
    expect(e.message).toContain('earshot.yml');
    expect(e.issues[0]).toMatchObject({ path: 'sources[0].feed', line: 7 });
    expect(e.message).toMatch(/line 7, sources\[0\]\.feed: .*string/);
  });

  it('reports unknown fields, unknown kinds and duplicate ids with their lines', () => {
    const unknownField = errorOf(`${valid}lookback: 3\n`);
    expect(unknownField.issues[0]).toMatchObject({
      path: 'lookback',
      line: 8,
      message: 'unknown field "lookback" (did you mean "lookbackDays"?)',
    });
    const unknownKind = errorOf(valid.replace('kind: fake', 'kind: myspace'));
    expect(unknownKind.message).toContain('unknown source kind "myspace" (known: fake)');
    expect(unknownKind.issues[0]?.line).toBe(6);
    const dup = errorOf(`${valid}  - id: one\n    kind: fake\n    feed: b\n`);
    expect(dup.issues[0]).toMatchObject({
      path: 'sources[1].id',
      line: 8,
      message: 'duplicate source id "one"',
    });
  });

  it('refuses a literal secret where an environment variable name belongs', () => {
    const e = errorOf(`${valid}    credentials:\n      token: ghp_abc-123!\n`);
    expect(e.issues[0]).toMatchObject({ path: 'sources[0].credentials.token', line: 9 });
    expect(e.message).toContain('name an environment variable');
  });

  it('points at the line of a YAML syntax error', () => {
    const e = errorOf('company:\n  name: Acme\n sources: [\n');
    expect(e.message).toContain('is not valid YAML');
    expect(e.issues[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('says how to start when the file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-config-'));
    await expect(loadConfigFile(join(dir, 'nope.yml'), adapters)).rejects.toThrow(
      /cannot read config .*nope\.yml.*earshot\.example\.yml/,
    );
    writeFileSync(join(dir, 'ok.yml'), valid);
    await expect(loadConfigFile(join(dir, 'ok.yml'), adapters)).resolves.toMatchObject({
      company: { name: 'Acme' },
    });
  });
});

describe('config queries', () => {
  it('a query syntax error names the query field, its line and the position', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig(`${valid}queries:\n  - id: brand\n    query: '(Acme OR'\n`, 'earshot.yml', adapters);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.issues[0]).toMatchObject({ path: 'queries[0].query', line: 10 });
    expect(error?.issues[0]?.message).toMatch(/at position \d+ of "\(Acme OR"/);
  });
});

describe('config credentials', () => {
  it('refuses a token pasted where an environment variable name belongs', () => {
    for (const token of [
      'ghp_0123456789abcdefghijABCDEFGHIJ012345',
      'xoxb_123',
      'sk_live_abc',
      'AKIAABCDEFGHIJKLMNOP',
    ]) {
      expect(
        () => parseConfig(`${valid}    credentials:\n      token: ${token}\n`, 'e.yml', adapters),
        token,
      ).toThrow(/looks like a secret itself/);
    }
    expect(
      parseConfig(`${valid}    credentials:\n      token: GITHUB_TOKEN\n`, 'e.yml', adapters).sources[0]
        ?.credentials,
    ).toEqual({
      token: 'GITHUB_TOKEN',
    });
  });
});

describe('config: unknown fields at every level', () => {
  const typos = `company:
  name: Acme
  alias: [Acme Corp]
sources:
  - id: one
    kind: fake
    feed: a
    wieght: 2
lookbakDays: 3
budgets: { maxNewIsues: 3 }
bootstrap:
  backfil: true
routing:
  - when: { categroy: [complaint] }
    assignees: [billing-lead]
sla:
  firstResponse:
    complaint: { hihg: 4h }
zzzz: 1
`;

  it('reports each unknown key on its own line, with the nearest known key', () => {
    const e = errorOf(typos);
    expect(e.issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [3, 'company.alias', 'unknown field "alias" (did you mean "aliases"?)'],
      [8, 'sources[0].wieght', 'unknown field "wieght" (did you mean "weight"?)'],
      [9, 'lookbakDays', 'unknown field "lookbakDays" (did you mean "lookbackDays"?)'],
      [10, 'budgets.maxNewIsues', 'unknown field "maxNewIsues" (did you mean "maxNewIssues"?)'],
      [12, 'bootstrap.backfil', 'unknown field "backfil" (did you mean "backfill"?)'],
      [14, 'routing[0].when.categroy', 'unknown field "categroy" (did you mean "category"?)'],
      [18, 'sla.firstResponse.complaint.hihg', 'unknown field "hihg" (did you mean "high"?)'],
      [19, 'zzzz', 'unknown field "zzzz"'],
    ]);
    expect(e.message).toContain('line 14, routing[0].when.categroy: unknown field "categroy"');
  });

  it('a misspelled routing condition no longer makes a catch-all rule', () => {
    const rule = `${valid}routing:\n  - when: { categroy: [complaint] }\n    assignees: [billing-lead]\n`;
    expect(() => parseConfig(rule, 'e.yml', adapters)).toThrow(/categroy.*did you mean "category"/);
    const fixed = parseConfig(rule.replace('categroy', 'category'), 'e.yml', adapters);
    expect(fixed.routing[0]?.when).toEqual({ category: ['complaint'] });
  });

  it('keeps values of free-form maps (records) free', () => {
    const config = parseConfig(
      `${valid}priority:\n  typicalReach: { mastodon: 800, anything-goes: 3 }\n`,
      'e.yml',
      adapters,
    );
    expect(config.priority.typicalReach).toEqual({ mastodon: 800, 'anything-goes': 3 });
  });
});
