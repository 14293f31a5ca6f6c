import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../src/config/load.js';
import { runInit } from '../../../src/init/command.js';
import { configTemplate, respondWorkflow, scanWorkflow } from '../../../src/init/templates.js';
import { adapters } from '../../../src/platforms/index.js';

const temp = () => mkdtempSync(join(tmpdir(), 'earshot-init-unit-'));

describe('earshot init templates', () => {
  it('the config loads for any company name', () => {
    for (const name of ['Acme', "O'Reilly", 'Acme "Cloud"', 'AT&T', 'Café #1: the best']) {
      const config = parseConfig(configTemplate(name), '.github/earshot.yml', adapters);
      expect(config.company.name).toBe(name);
      expect(config.sources.map((s) => s.kind)).toEqual(['hacker-news', 'rss', 'stack-exchange']);
    }
  });

  it('workflows pass each credential variable from the secret of the same name', () => {
    for (const text of [scanWorkflow(['YOUTUBE_API_KEY']), respondWorkflow(['YOUTUBE_API_KEY'])]) {
      const wf = parse(text) as { jobs: Record<string, { steps: { env?: Record<string, string> }[] }> };
      const step = Object.values(wf.jobs)[0]?.steps[1];
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      expect(step?.env).toEqual({ YOUTUBE_API_KEY: '${{ secrets.YOUTUBE_API_KEY }}' });
    }
    const none = parse(scanWorkflow([])) as { jobs: Record<string, { steps: { env?: unknown }[] }> };
    expect(Object.values(none.jobs)[0]?.steps[1]?.env).toBeUndefined();
  });
});

describe('earshot init', () => {
  it('defaults the company to the folder name, keeps existing files, overwrites with --force', async () => {
    const dir = join(temp(), 'acme-cloud');
    const out: string[] = [];
    const first = await runInit({ dir, force: false, adapters, out: (l) => out.push(l) });
    expect(first.written).toHaveLength(5);
    expect(first.secrets).toEqual([]);
    expect(readFileSync(join(dir, '.github/earshot.yml'), 'utf8')).toContain('name: "acme-cloud"');
    writeFileSync(join(dir, '.github/earshot.yml'), '# mine\n');
    await expect(runInit({ dir, force: false, adapters, out: () => {} })).rejects.toThrow(
      /\.github\/earshot\.yml.*already exist.*--force/,
    );
    expect(readFileSync(join(dir, '.github/earshot.yml'), 'utf8')).toBe('# mine\n');
    await runInit({ dir, company: 'Acme', force: true, adapters, out: () => {} });
    expect(readFileSync(join(dir, '.github/earshot.yml'), 'utf8')).toContain('name: "Acme"');
  });
});
