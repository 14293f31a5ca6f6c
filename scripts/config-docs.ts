/**
 * The field tables of docs/configuration.md, generated from the config's JSON Schema (itself from
 * the zod schema, so each field's description is written once, next to its validation):
 * `npx tsx scripts/config-docs.ts --write` fills every `<!-- fields:SECTION -->` block;
 * test/unit/docs/configuration.test.ts checks they are current and that every section is covered.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../src/config/json-schema.js';
import { adapters } from '../src/platforms/index.js';

type Node = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  minimum?: number;
  maximum?: number;
};

export interface FieldRow {
  field: string;
  type: string;
  default: string;
  meaning: string;
}

export function configSchema(): Node {
  return JSON.parse(configJsonSchemaText(adapters)) as Node;
}

const variants = (n: Node) => n.anyOf ?? n.oneOf ?? [];

function typeOf(n: Node): string {
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.enum) return n.enum.map((v) => String(v)).join(' \\| ');
  if (variants(n).length > 0) return variants(n).map(typeOf).join(' or ');
  if (n.type === 'array') return `list of ${n.items ? typeOf(n.items) : 'values'}`;
  if (n.type === 'object') {
    if (n.properties) return `{ ${Object.keys(n.properties).join(', ')} }`;
    return 'map';
  }
  const max = n.maximum !== undefined && n.maximum < 1e9 ? n.maximum : undefined;
  const range =
    n.minimum !== undefined && max !== undefined
      ? ` (${n.minimum}–${max})`
      : n.minimum !== undefined
        ? ` (≥ ${n.minimum})`
        : max !== undefined
          ? ` (≤ ${max})`
          : '';
  return `${n.type === 'integer' ? 'whole number' : (n.type ?? 'any')}${range}`;
}

function rowsOf(n: Node, path: string, out: FieldRow[]): void {
  const scalarVariant = variants(n).some((v) => v.type !== 'object');
  // A field that takes a value or an object (an SLA target) is one row: its type says both.
  if (path && (n.type !== 'object' || scalarVariant || !n.properties)) {
    if (!(n.type === 'array' && n.items?.type === 'object')) {
      out.push({
        field: path,
        type: typeOf(n),
        default: n.default === undefined ? '' : JSON.stringify(n.default),
        meaning: n.description ?? variants(n).find((v) => v.description)?.description ?? '',
      });
    }
  }
  if (n.type === 'object' && n.properties)
    for (const [k, child] of Object.entries(n.properties)) rowsOf(child, path ? `${path}.${k}` : k, out);
  if (n.type === 'object' && typeof n.additionalProperties === 'object' && n.additionalProperties.properties)
    rowsOf(n.additionalProperties, `${path}.<name>`, out);
  if (n.type === 'array' && n.items) {
    const items = variants(n.items).length > 0 ? variants(n.items) : [n.items];
    if (items.some((i) => i.type === 'object')) {
      out.push({
        field: path,
        type: 'list',
        default: JSON.stringify(n.default ?? []),
        meaning: n.description ?? '',
      });
      for (const item of items)
        if (item.properties)
          for (const [k, c] of Object.entries(item.properties)) rowsOf(c, `${path}[].${k}`, out);
    }
  }
}

export function sectionRows(section: string): FieldRow[] {
  const node = configSchema().properties?.[section];
  if (!node) throw new Error(`no config section "${section}"`);
  const rows: FieldRow[] = [];
  rowsOf(node, section, rows);
  // The same field from two variants (slack and webhook targets): the first says it.
  return rows.filter((r, i) => rows.findIndex((s) => s.field === r.field) === i);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function sectionTable(section: string): string {
  return [
    '| field | type | default | meaning |',
    '| --- | --- | --- | --- |',
    ...sectionRows(section).map(
      (r) =>
        `| \`${r.field}\` | ${cell(r.type).replace(/\\\\\|/g, '\\|')} | ${r.default ? `\`${cell(r.default)}\`` : ''} | ${cell(r.meaning)} |`,
    ),
  ].join('\n');
}

const BLOCK = /<!-- fields:([a-zA-Z]+) -->\n[\s\S]*?<!-- \/fields -->/g;

/** The doc with every fields block regenerated. */
export function renderConfigDoc(text: string): string {
  return text.replace(
    BLOCK,
    (_all, section: string) => `<!-- fields:${section} -->\n${sectionTable(section)}\n<!-- /fields -->`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = 'docs/configuration.md';
  const text = readFileSync(path, 'utf8');
  const next = renderConfigDoc(text);
  if (process.argv.includes('--write')) {
    writeFileSync(path, next);
    console.error(`wrote ${path}`);
  } else if (next !== text) {
    console.error(`${path} is stale: npx tsx scripts/config-docs.ts --write`);
    process.exit(1);
  }
}
