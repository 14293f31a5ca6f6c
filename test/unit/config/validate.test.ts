import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-validate-'));
  const file = join(dir, 'earshot.yml');
  writeFileSync(file, text);
  return file;
}

async function validate(file: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['validate', '--config', file], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const base = `company: { name: Acme }
sources:
  - id: hn
    kind: hacker-news
  - id: yt
    kind: youtube
`;

describe('earshot validate: credentials', () => {
  it('fails when a source needs a credential the config does not map, naming the source and line', async () => {
    const r = await validate(configFile(base));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /line 5, sources\[1\]\.credentials: source "yt" \(youtube\) needs the credential "apiKey"/,
    );
  });

  it('passes once it is mapped, and notes a variable that is not set here', async () => {
    const file = configFile(`${base}    credentials: { apiKey: YOUTUBE_API_KEY }\n`);
    const unset = await validate(file);
    expect(unset.code).toBe(0);
    expect(unset.out).toContain('is valid: 2 source(s)');
    expect(unset.out).toContain('note: YOUTUBE_API_KEY (credential "apiKey" of source "yt") is not set here');
    const set = await validate(file, { YOUTUBE_API_KEY: 'k' });
    expect(set.code).toBe(0);
    expect(set.out).not.toContain('note:');
  });

  it('ignores a disabled source', async () => {
    const r = await validate(configFile(`${base}    enabled: false\n`));
    expect(r.code).toBe(0);
  });
});
