/**
 * Files Earshot ships next to its code (config/playbooks/, test/fixtures/ for the demo), found
 * upwards from this module: src/ when run from the sources, dist/ or dist/chunks/ in the bundle
 * (code splitting puts a module in whichever file esbuild chose), the package's root when installed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of `relative` (e.g. `config/playbooks`) in the nearest folder upwards that has it. */
export function findShipped(relative: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
