/**
 * The generated parts of docs/sources.md: the catalogue table (from `catalogue()`) and each kind's
 * options table (from its zod schema). docs-examples.test.ts checks that the document holds exactly
 * these; after changing an adapter, refresh them with
 *
 *   npx tsx test/unit/platforms/docs-tables.ts --write
 *
 * A generated region is the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { adapters, catalogue } from '../../../src/platforms/index.js';

export const DOC = new URL('../../../docs/sources.md', import.meta.url);

/** Fields every source has, documented once in docs/configuration.md. */
const BASE_FIELDS = new Set(['id', 'kind', 'enabled', 'weight', 'queries', 'credentials']);

const cell = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\s*\n\s*/g, ' ');

/** `clientId (optional)` → `` `clientId` (optional) ``. */
function credential(entry: string): string {
  const optional = entry.endsWith(' (optional)');
  return `\`${optional ? entry.slice(0, -' (optional)'.length) : entry}\`${optional ? ' (optional)' : ''}`;
}

export function catalogueTable(): string {
  const rows = catalogue().map((c) =>
    [
      '',
      ` [\`${c.kind}\`](#${c.kind}) `,
      ` ${c.credentials.length > 0 ? c.credentials.map(credential).join(', ') : 'none'} `,
      ` ${cell(c.reach)} `,
      ` ${cell(c.cursor)} `,
      ` ${c.replies ? 'yes' : 'no'} `,
      '',
    ].join('|'),
  );
  return [
    '| Kind | Credentials | Reach field | Cursor | Replies possible |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  const?: unknown;
}

function typeOf(node: JsonSchemaNode): string {
  if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (node.anyOf) return [...new Set(node.anyOf.map(typeOf))].join(' or ');
  if (node.type === 'array') {
    const items = node.items ? typeOf(node.items).replace(/^one of /, '') : 'values';
    return `list of ${items}`;
  }
  if (node.type === 'integer') return 'integer';
  if (Array.isArray(node.type)) return node.type.join(' or ');
  return node.type ?? 'value';
}

function showDefault(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `\`[${value.map((v) => String(v)).join(', ')}]\``;
  if (typeof value === 'string') return value === '' ? '`""`' : `\`${value}\``;
  return `\`${JSON.stringify(value)}\``;
}

function rows(props: Record<string, JsonSchemaNode>, required: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  for (const [name, node] of Object.entries(props)) {
    if (!prefix && BASE_FIELDS.has(name)) continue;
    const full = `${prefix}${name}`;
    const need = required.includes(name) && node.default === undefined ? 'yes' : '';
    out.push(
      `| \`${full}\` | ${cell(typeOf(node.properties ? { ...node, type: 'object' } : node))} | ${need} | ${showDefault(node.default)} | ${cell(node.description ?? '')} |`,
    );
    if (node.properties) out.push(...rows(node.properties, node.required ?? [], `${full}.`));
  }
  return out;
}

/** The options of one kind, besides the fields every source has. */
export function optionsTable(kind: string): string {
  const adapter = adapters.find((a) => a.kind === kind);
  if (!adapter) throw new Error(`no adapter ${kind}`);
  const json = z.toJSONSchema(adapter.schema as unknown as z.ZodObject, { io: 'input' }) as JsonSchemaNode;
  return [
    '| Option | Type | Required | Default | Meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows(json.properties ?? {}, json.required ?? [], ''),
  ].join('\n');
}

/** Every generated region of docs/sources.md, by name. */
export function generatedRegions(): Map<string, string> {
  const regions = new Map<string, string>([['catalogue', catalogueTable()]]);
  for (const a of adapters) regions.set(`options:${a.kind}`, optionsTable(a.kind));
  return regions;
}

const REGION = /<!-- generated:([\w:-]+) -->\n(?:([\s\S]*?)\n)?<!-- \/generated:\1 -->/g;

/** The generated regions found in a document, by name. */
export function regionsIn(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of markdown.matchAll(REGION)) found.set(m[1] ?? '', m[2] ?? '');
  return found;
}

/** The document with every region it has replaced by its generated content. */
export function refresh(markdown: string): string {
  const regions = generatedRegions();
  return markdown.replace(REGION, (whole, name: string) => {
    const content = regions.get(name);
    return content === undefined
      ? whole
      : `<!-- generated:${name} -->\n${content}\n<!-- /generated:${name} -->`;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--write')) {
    writeFileSync(DOC, refresh(readFileSync(DOC, 'utf8')));
    process.stderr.write(`refreshed ${fileURLToPath(DOC)}\n`);
  } else {
    for (const [name, content] of generatedRegions())
      process.stdout.write(`<!-- generated:${name} -->\n${content}\n<!-- /generated:${name} -->\n\n`);
  }
}
