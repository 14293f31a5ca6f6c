/**
 * docs/sources.md cannot rot: its catalogue table and options tables are what the registry and the
 * schemas say (refresh with `npx tsx test/unit/platforms/docs-tables.ts --write`), every kind has a
 * section with an example, and every ```yaml example is a valid config (parseConfig, the loader the
 * action uses). Workflow excerpts are fenced ```yaml workflow and only checked to be YAML.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { adapters, publisherRegistry } from '../../../src/platforms/index.js';
import { DOC, generatedRegions, refresh, regionsIn } from './docs-tables.js';

const markdown = readFileSync(DOC, 'utf8');

interface Block {
  info: string;
  text: string;
  line: number;
  /** The `## ` heading the block is under. */
  section: string;
}

function yamlBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  const lines = md.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const open = /^```(yaml.*)$/.exec(line);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    blocks.push({ info: open[1] ?? '', text: lines.slice(start, end).join('\n'), line: start, section });
    i = end;
  }
  return blocks;
}

/** A `sources:` fragment becomes a whole config with a company. */
function asConfig(text: string): string {
  return /^company:/m.test(text) ? text : `company:\n  name: Acme\n  products: [AcmeCloud]\n${text}\n`;
}

const blocks = yamlBlocks(markdown);
const configBlocks = blocks.filter((b) => b.info.trim() === 'yaml');

describe('docs/sources.md', () => {
  it('holds the catalogue table generated from catalogue() and each kind’s options table', () => {
    const found = regionsIn(markdown);
    const expected = generatedRegions();
    expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, content] of expected) expect(found.get(name), name).toBe(content);
    expect(refresh(markdown)).toBe(markdown);
  });

  it('the catalogue table has one row per registered kind, with its credentials and replies', () => {
    const table = regionsIn(markdown).get('catalogue') ?? '';
    const rows = table.split('\n').slice(2);
    expect(rows).toHaveLength(adapters.length);
    for (const [i, a] of adapters.entries()) {
      const cells = (rows[i] ?? '').split(/(?<!\\)\|/).map((c) => c.trim());
      expect(cells[1]).toBe(`[\`${a.kind}\`](#${a.kind})`);
      for (const c of a.credentials) expect(cells[2]).toContain(`\`${c.name}\``);
      expect(cells[5]).toBe(publisherRegistry.has(a.kind) ? 'yes' : 'no');
    }
  });

  it('has a section per kind, in registry order, each with a valid example of that kind', () => {
    const sections = markdown
      .split('\n')
      .filter((l) => l.startsWith('## `'))
      .map((l) => /^## `([^`]+)`$/.exec(l)?.[1]);
    expect(sections).toEqual(adapters.map((a) => a.kind));
    for (const a of adapters) {
      const examples = configBlocks.filter((b) => b.section === `\`${a.kind}\``);
      expect(examples.length, a.kind).toBeGreaterThan(0);
      const kinds = examples.flatMap((b) =>
        parseConfig(asConfig(b.text), `docs/sources.md:${b.line}`, adapters).sources.map((s) => s.kind),
      );
      expect(kinds, a.kind).toContain(a.kind);
    }
  });

  it('every yaml example is a valid config', () => {
    expect(configBlocks.length).toBeGreaterThanOrEqual(adapters.length + 1);
    for (const b of configBlocks) {
      const where = `docs/sources.md:${b.line}`;
      let error: unknown;
      try {
        const config = parseConfig(asConfig(b.text), where, adapters);
        expect(config.sources.length, where).toBeGreaterThan(0);
      } catch (e) {
        error = e;
      }
      expect(error instanceof ConfigError ? error.message : error, where).toBeUndefined();
    }
  });

  it('source ids are unique across the examples, so they can be combined into one config', () => {
    const ids = configBlocks.flatMap(
      (b) => parseConfig(asConfig(b.text), 'docs', adapters).sources.map((s) => s.id) as string[],
    );
    const combined = `sources:\n${configBlocks.map((b) => b.text.replace(/^sources:\n/, '')).join('\n')}`;
    expect(parseConfig(asConfig(combined), 'docs (all examples)', adapters).sources).toHaveLength(ids.length);
  });

  it('the checker would notice a broken example', () => {
    const broken = 'sources:\n  - id: hn\n    kind: hacker-news\n    hitsPerPage: 5000\n';
    expect(() => parseConfig(asConfig(broken), 'x', adapters)).toThrow(ConfigError);
    expect(() => parseConfig(asConfig('sources:\n  - id: x\n    kind: myspace\n'), 'x', adapters)).toThrow(
      /unknown source kind "myspace"/,
    );
  });

  it('workflow excerpts are YAML that sets the credentials’ variables from secrets', () => {
    const workflows = blocks.filter((b) => b.info.includes('workflow'));
    expect(workflows.length).toBeGreaterThan(0);
    for (const b of workflows) {
      expect(() => parseYaml(b.text)).not.toThrow();
      expect(b.text).toMatch(/\$\{\{ secrets\.[A-Z_]+ \}\}/);
    }
  });
});
