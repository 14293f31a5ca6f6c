// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild. Deterministic: the
// same sources give the same bytes, wherever the repository is checked out (no absolute path may
// reach esbuild as a module path: chunk names hash them), so CI can check that the committed dist/
// is current.
//
// - Minified; the licence comments of the bundled packages go to one file per output
//   (`<file>.LEGAL.txt`, linked from a comment at its end).
// - Code splitting (ES modules): what a run may not need is behind a dynamic import() in the
//   sources and becomes a chunk in dist/chunks/, loaded only when used — the classifier model
//   (src/classify/classifier.ts with model.json), respond mode, the report and its dashboard, the
//   LLM path. Code both entries use is a shared chunk; each entry loads only the chunks it imports.
// - @actions/core imports @actions/http-client (and with it undici, ~0.8 MB) only for
//   core.getIDToken(), the OIDC token Earshot never asks for: that import resolves to a stub that
//   throws if it is ever used.
// - zod's locales other than English, and iconv-lite's double-byte tables (kept as files), are left
//   out of the code (see below).
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';

/** @type {import('esbuild').Plugin} */
const noOidcHttpClient = {
  name: 'no-oidc-http-client',
  setup(b) {
    b.onResolve({ filter: /^@actions\/http-client(\/lib\/auth)?$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'no-oidc' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-oidc' }, () => ({
      loader: 'js',
      contents: `const unavailable = () => { throw new Error('Earshot is built without @actions/http-client: core.getIDToken() is not available'); };
export class HttpClient { constructor() { unavailable(); } }
export class BearerCredentialHandler { constructor() { unavailable(); } }`,
    }));
  },
};

/**
 * zod's error messages in 40-odd languages (~0.26 MB as bundled code): Earshot speaks English only
 * and never calls z.config(z.locales.xx()), so `z.locales` holds English alone.
 */
/** @type {import('esbuild').Plugin} */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? {
            // A path with no directory in it: esbuild's chunk hashes include module paths, and an
            // absolute one would make dist/ differ by where the repository is checked out.
            path: 'zod-english-locales',
            namespace: 'zod-locales',
            pluginData: { dir: join(dirname(args.importer), '../locales') },
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      loader: 'js',
      resolveDir: args.pluginData.dir,
      contents: `export { default as en } from './en.js';`,
    }));
  },
};

/**
 * iconv-lite's double-byte tables (Shift_JIS, EUC-JP, GBK, GB18030, EUC-KR, Big5: ~0.45 MB as
 * bundled code) are required only when such a page is decoded: they stay JSON files next to the
 * chunk that holds iconv-lite (`iconv-tables/`), read by that chunk's own require() on first use.
 */
const ICONV_DBCS = /[\\/]iconv-lite[\\/]encodings[\\/]dbcs-data\.js$/;
const TABLE_REQUIRE = /require\("\.\/tables\/([\w-]+\.json)"\)/g;
/** @type {import('esbuild').Plugin} */
const iconvTablesAside = {
  name: 'iconv-tables-aside',
  setup(b) {
    b.onLoad({ filter: ICONV_DBCS }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text.replace(TABLE_REQUIRE, '__earshotIconvTable("$1")');
      if (contents === text) throw new Error(`${args.path}: no table require() to move aside`);
      // `load` is require itself, out of esbuild's sight, resolved at run time from the file that
      // holds esbuild's require shim: dist/chunks/ (where the tables are) or, were it an entry, dist/.
      const helper = `var __earshotIconvTable = function (name) {
  var load = require;
  try { return load("./iconv-tables/" + name); } catch (e) {
    if (e.code !== "MODULE_NOT_FOUND") throw e;
    return load("./chunks/iconv-tables/" + name);
  }
};`;
      return { loader: 'js', contents: `${helper}\n${contents}` };
    });
  },
};

/**
 * Code a start does not run, loaded synchronously on first use: a stub stands for the package,
 * and its first call require()s a CommonJS file built beside the chunks (see `sideFiles` below). A
 * CommonJS file, unlike a chunk (import()), loads synchronously, so sync APIs (decodeText(),
 * htmlToText()) stay sync while a start no longer compiles these packages:
 * - iconv-lite (~0.09 MB as code), for a legacy charset only (not UTF-8, windows-1252 or UTF-16):
 *   src/http/decode.ts's import → dist/chunks/iconv-lite.cjs;
 * - htmlparser2 and entities (~0.1 MB), for HTML in API payloads and feeds: Earshot's own imports of
 *   them (src/) → dist/chunks/html.cjs. cheerio keeps its own copy (in its chunk).
 */
const onDemandLoader = (file) => `var lib;
function load() {
  if (!lib) {
    // \`req\` is require itself, out of esbuild's sight: the file is in dist/chunks/, found from a
    // chunk or, were this in an entry, from dist/.
    var req = require;
    try { lib = req("./${file}"); } catch (e) {
      if (e.code !== "MODULE_NOT_FOUND") throw e;
      lib = req("./chunks/${file}");
    }
  }
  return lib;
}`;
const ON_DEMAND = {
  'iconv-lite': {
    importer: /[\\/]src[\\/]http[\\/]decode\.ts$/,
    contents: `${onDemandLoader('iconv-lite.cjs')}
export default {
  encodingExists: function (encoding) { return load().encodingExists(encoding); },
  decode: function (buffer, encoding, options) { return load().decode(buffer, encoding, options); },
};`,
  },
  htmlparser2: {
    importer: /[\\/]src[\\/]/,
    // A name not exported here fails the build ("No matching export"), never the run.
    contents: `${onDemandLoader('html.cjs')}
export function Parser(cbs, options) { return new (load().Parser)(cbs, options); }
export function parseDocument(data, options) { return load().parseDocument(data, options); }
export var DomUtils = new Proxy({}, { get: function (_, name) { return load().DomUtils[name]; } });`,
  },
  entities: {
    importer: /[\\/]src[\\/]/,
    contents: `${onDemandLoader('html.cjs')}
export function decodeHTML(text, mode) { return load().decodeHTML(text, mode); }
export function decodeHTMLStrict(text) { return load().decodeHTMLStrict(text); }`,
  },
};
/** @type {import('esbuild').Plugin} */
const onDemand = {
  name: 'on-demand',
  setup(b) {
    b.onResolve({ filter: /^(iconv-lite|htmlparser2|entities)$/ }, (args) =>
      ON_DEMAND[args.path].importer.test(args.importer)
        ? { path: `${args.path}-on-demand`, namespace: 'on-demand', pluginData: args.path }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'on-demand' }, (args) => ({
      loader: 'js',
      contents: ON_DEMAND[args.pluginData].contents,
    }));
  },
};

/** Copies iconv-lite's tables next to the output file that holds dbcs-data.js (a chunk). */
function copyIconvTables(metafile) {
  const [out] = Object.entries(metafile.outputs).filter(([, o]) =>
    Object.keys(o.inputs).some((i) => ICONV_DBCS.test(i)),
  );
  if (!out) throw new Error('no output holds iconv-lite (dbcs-data.js)');
  const input = Object.keys(out[1].inputs).find((i) => ICONV_DBCS.test(i));
  const tables = join(dirname(input), 'tables');
  const target = join(dirname(out[0]), 'iconv-tables');
  mkdirSync(target, { recursive: true });
  for (const f of readdirSync(tables).sort()) copyFileSync(join(tables, f), join(target, f));
}

// Old chunks and legal files would otherwise stay next to the new ones.
mkdirSync(outdir, { recursive: true });
for (const f of readdirSync(outdir)) if (/\.(js|txt)$/.test(f)) rmSync(join(outdir, f));
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
rmSync(join(outdir, 'iconv-tables'), { recursive: true, force: true });

/**
 * Parsers a scan needs only once a source answers are chunks loaded on first use: the feed reader
 * (src/platforms/shared/feed/reader.ts: read-feed.ts with sax, rss-parser, the "not a feed"
 * diagnosis) and cheerio (src/platforms/html/cheerio.ts). Each of those files imports its module
 * statically, for the sources and the tests; the bundle takes its `.lazy.ts` twin instead, a
 * dynamic import behind the same loader (awaited in the fetch) and sync accessor.
 */
const LAZY = /[\\/](shared[\\/]feed[\\/]reader|html[\\/]cheerio)\.ts$/;
/** @type {import('esbuild').Plugin} */
const lazyParsers = {
  name: 'lazy-parsers',
  setup(b) {
    b.onLoad({ filter: LAZY }, async (args) => ({
      loader: 'ts',
      resolveDir: dirname(args.path),
      contents: await readFile(args.path.replace(/\.ts$/, '.lazy.ts'), 'utf8'),
    }));
  },
};

const result = await build({
  entryPoints: { index: 'action/index.ts', cli: 'src/cli-main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [noOidcHttpClient, zodEnglishOnly, onDemand, iconvTablesAside, lazyParsers],
  // CommonJS dependencies inside an ES module bundle need a real `require` (in every chunk).
  banner: {
    js: "import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);",
  },
});
// The on-demand files (above), CommonJS, each bundled alone; iconv-lite's tables beside it.
const sideFiles = {
  'iconv-lite.cjs': "module.exports = require('iconv-lite');",
  'html.cjs':
    "export { DomUtils, Parser, parseDocument } from 'htmlparser2';\nexport { decodeHTML, decodeHTMLStrict } from 'entities';",
};
let iconvResult;
for (const [file, contents] of Object.entries(sideFiles)) {
  const side = await build({
    stdin: { contents, resolveDir: '.', sourcefile: file.replace(/\.cjs$/, '-entry.js'), loader: 'js' },
    outfile: join(outdir, 'chunks', file),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: false,
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
    plugins: [iconvTablesAside],
  });
  if (file === 'iconv-lite.cjs') iconvResult = side;
}
// The stubs stand for every import of iconv-lite: no chunk may hold a copy of it.
for (const [out, o] of Object.entries(result.metafile.outputs))
  if (Object.keys(o.inputs).some((i) => /[\\/]node_modules[\\/]iconv-lite[\\/]/.test(i)))
    throw new Error(`${out} holds iconv-lite: only chunks/iconv-lite.cjs may`);
copyIconvTables(iconvResult.metafile);
// EARSHOT_METAFILE=path: esbuild's metafile, to see what each chunk holds (bench/profiling).
if (process.env.EARSHOT_METAFILE)
  writeFileSync(process.env.EARSHOT_METAFILE, JSON.stringify(result.metafile));
console.error(`built ${outdir}/index.js and ${outdir}/cli.js (chunks in ${outdir}/chunks/)`);
