// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild. Deterministic: the
// same sources give the same bytes, so CI can check that the committed dist/ is current.
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'eof',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle need a real `require`.
  banner: {
    js: "import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);",
  },
};

await build({ ...common, entryPoints: { index: 'action/index.ts', cli: 'src/cli-main.ts' }, outdir });
console.error(`built ${outdir}/index.js and ${outdir}/cli.js`);
