/**
 * A Chromium for the browser tests, found the way a developer's machine has one:
 *
 * 1. `EARSHOT_CHROMIUM`: a path you choose;
 * 2. a browser installed on the machine (Debian's or Ubuntu's chromium, Google Chrome; the macOS
 *    applications);
 * 3. on Linux x64, the Chromium that the `@sparticuz/chromium` dev dependency ships inside its npm
 *    tarball (brotli-compressed, unpacked once into the temp folder, about 1.5 s): `npm ci` brings
 *    it through the package registry, so `npm test` needs nothing else on a fresh machine.
 *
 * Playwright's own browser download is not used: it fetches from a CDN, which some machines
 * (CI sandboxes, this project's) cannot reach.
 */
import { accessSync, constants } from 'node:fs';

export interface FoundBrowser {
  executablePath: string;
  /** Extra command-line switches this build needs. */
  args: string[];
  /** Where it came from, for the test's name and error messages. */
  source: string;
}

const INSTALLED = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export async function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  candidates: readonly string[] = INSTALLED,
): Promise<FoundBrowser> {
  const chosen = env.EARSHOT_CHROMIUM;
  if (chosen) {
    if (!executable(chosen)) throw new Error(`EARSHOT_CHROMIUM=${chosen} is not an executable file`);
    return { executablePath: chosen, args: [], source: 'EARSHOT_CHROMIUM' };
  }
  const installed = candidates.find(executable);
  if (installed) return { executablePath: installed, args: [], source: installed };
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      const { default: packaged } = await import('@sparticuz/chromium');
      return {
        executablePath: await packaged.executablePath(),
        // A headless-shell build: no zygote, no sandbox (it runs as any user, root included).
        args: ['--no-zygote', '--no-sandbox'],
        source: '@sparticuz/chromium (npm)',
      };
    } catch (error) {
      throw new Error(
        `no Chromium found and the packaged one failed (${String(error)}): run \`npm ci\`, install chromium, or set EARSHOT_CHROMIUM`,
      );
    }
  }
  throw new Error(
    `no Chromium found (looked for ${candidates.join(', ')}): install Chromium or Chrome, or set EARSHOT_CHROMIUM to its path`,
  );
}
