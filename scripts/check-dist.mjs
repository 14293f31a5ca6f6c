// Fails when the committed dist/ is not what the sources build to (DESIGN convention 1).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'earshot-dist-'));
try {
  execFileSync(process.execPath, ['scripts/build.mjs', tmp], { stdio: 'inherit' });
  const stale = [];
  // Every file, chunks/ included (paths relative to the folder).
  const list = (dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
      .sort();
  const built = list(tmp);
  const committed = list('dist');
  for (const f of new Set([...built, ...committed])) {
    let a;
    let b;
    try {
      a = readFileSync(join(tmp, f));
      b = readFileSync(join('dist', f));
    } catch {
      stale.push(f);
      continue;
    }
    if (!a.equals(b)) stale.push(f);
  }
  if (stale.length > 0) {
    console.error(`dist/ is not current (${stale.join(', ')}): run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.error('dist/ is current');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
