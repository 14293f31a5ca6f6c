import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../helpers/browser.js';

const dir = mkdtempSync(join(tmpdir(), 'earshot-browser-'));
const fakeBrowser = join(dir, 'chromium');
writeFileSync(fakeBrowser, '#!/bin/sh\n');
chmodSync(fakeBrowser, 0o755);
const notExecutable = join(dir, 'not-executable');
writeFileSync(notExecutable, '');

describe('finding a Chromium for the browser tests', () => {
  it('EARSHOT_CHROMIUM wins, and must be executable', async () => {
    await expect(findChromium({ EARSHOT_CHROMIUM: fakeBrowser }, [])).resolves.toMatchObject({
      executablePath: fakeBrowser,
      source: 'EARSHOT_CHROMIUM',
    });
    await expect(findChromium({ EARSHOT_CHROMIUM: notExecutable }, [])).rejects.toThrow(/not an executable/);
  });

  it('then the first installed browser', async () => {
    const found = await findChromium({}, [join(dir, 'missing'), notExecutable, fakeBrowser]);
    expect(found).toEqual({ executablePath: fakeBrowser, args: [], source: fakeBrowser });
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'then, on Linux x64, the Chromium the npm package ships',
    async () => {
      const found = await findChromium({}, []);
      expect(found.source).toBe('@sparticuz/chromium (npm)');
      expect(found.args).toContain('--no-sandbox');
    },
  );
});
