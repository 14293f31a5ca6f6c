/**
 * Loads and validates the YAML config. A broken config fails with a ConfigError that names the
 * file, the field and the line (DESIGN convention 3).
 */
import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, errorMessage } from '../errors.js';
import type { SourceAdapter } from '../platforms/source.js';
import { didYouMean } from './did-you-mean.js';
import { buildConfigSchema, type EarshotConfig } from './schema.js';
import { type UnknownKey, unknownKeys } from './unknown-keys.js';

export interface ConfigIssue {
  path: string;
  message: string;
  line?: number;
}

export async function loadConfigFile(
  file: string,
  adapters: readonly SourceAdapter[],
): Promise<EarshotConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? ' (create it from config/earshot.example.yml, or pass --config)' : '';
    throw new ConfigError(`cannot read config ${file}: ${errorMessage(error)}${hint}`, file);
  }
  return parseConfig(text, file, adapters);
}

export function parseConfig(text: string, file: string, adapters: readonly SourceAdapter[]): EarshotConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      path: '',
      message: e.message.split('\n')[0] ?? e.message,
      line: lineCounter.linePos(e.pos[0]).line,
    }));
    throw new ConfigError(formatIssues(file, 'is not valid YAML', issues), file, issues);
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${file}: expected a mapping with company:, sources: …, got ${typeof data}`, file);
  }
  const schema = buildConfigSchema(adapters);
  // Parsed once: zod's compiled fast path (new Function per object schema) would cost more than it saves.
  const result = schema.safeParse(data, { jitless: true });
  // Unknown keys come from our own walk (every level, one issue per key, on the key's line), so
  // zod's own unrecognized_keys issues (strict objects) would only repeat them.
  const unknown = unknownKeys(schema, data).map((u) => unknownKeyIssue(u, doc, lineCounter));
  if (result.success && unknown.length === 0) return result.data as EarshotConfig;

  const issues = [
    ...unknown,
    ...(result.success ? [] : result.error.issues)
      .filter((issue) => issue.code !== 'unrecognized_keys')
      .map((issue) => toConfigIssue(issue, data, doc, lineCounter, adapters)),
  ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ConfigError(formatIssues(file, 'is invalid', issues), file, issues);
}

function unknownKeyIssue(
  u: UnknownKey,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): ConfigIssue {
  const path = formatPath([...u.path, u.key]);
  const message = `unknown field "${u.key}"${didYouMean(u.suggestion)}`;
  const parent = u.path.length === 0 ? doc.contents : doc.getIn(u.path, true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === u.key);
    if (pair && isNode(pair.key) && pair.key.range)
      return { path, message, line: lineCounter.linePos(pair.key.range[0]).line };
  }
  return { path, message, ...lineOf(doc, lineCounter, u.path) };
}

function toConfigIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  adapters: readonly SourceAdapter[],
): ConfigIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let message = issue.message;
  // Point unknown source kinds at the catalogue instead of zod's union/literal message.
  if (path[0] === 'sources' && typeof path[1] === 'number' && (path.length === 2 || path[2] === 'kind')) {
    const entry = (data as { sources?: unknown[] }).sources?.[path[1]] as { kind?: unknown } | undefined;
    const kinds = adapters.map((a) => a.kind);
    if (entry?.kind === undefined) message = `missing "kind" (one of: ${kinds.join(', ')})`;
    else if (!kinds.includes(String(entry.kind))) {
      message = `unknown source kind "${String(entry.kind)}" (known: ${kinds.join(', ')})`;
    }
  }
  return { path: formatPath(path), message, ...lineOf(doc, lineCounter, path) };
}

function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: (string | number)[],
): { line?: number } {
  // The deepest node on the path that exists gives the line.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return { line: lineCounter.linePos(node.range[0]).line };
  }
  return {};
}

/** The line of the node at `path` in a YAML text (the deepest existing node on the path). */
export function lineAt(text: string, path: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return lineOf(doc, lineCounter, path).line;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p),
    '',
  );
}

export function formatIssues(file: string, what: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((i) => {
    const where = [i.line !== undefined ? `line ${i.line}` : '', i.path].filter(Boolean).join(', ');
    return `  - ${where ? `${where}: ` : ''}${i.message}`;
  });
  return `config ${file} ${what}:\n${lines.join('\n')}`;
}
