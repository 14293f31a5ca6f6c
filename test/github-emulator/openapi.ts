/**
 * Validation against GitHub's published OpenAPI description (the `@octokit/openapi` package,
 * `generated/api.github.com.json`, OpenAPI 3.0.3).
 *
 * The description is read once, lazily, and shared by every emulator in the process. Its schemas
 * are converted to JSON Schema for ajv:
 * - `nullable: true` becomes a `null` type (and a `null` enum member);
 * - `oneOf` becomes `anyOf`: GitHub's description has many overlapping alternatives (e.g. a
 *   nullable string OR a nullable integer), under which a valid `null` would fail `oneOf`;
 * - `$ref: '#/components/…'` is rewritten to the registered document id, so operation-level
 *   schemas resolve against the shared components;
 * - annotations ajv does not know (`example`, `x-*`, `discriminator`) are dropped.
 * Compiled validators are cached per operation/status. Formats use ajv-formats' `fast` mode.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type JsonObject = { [key: string]: unknown };

export interface SchemaError {
  /** JSON pointer into the validated value, e.g. `/labels/0/name`. */
  path: string;
  message: string;
}

export interface Operation {
  method: string;
  /** The path template as in the description, e.g. `/repos/{owner}/{repo}/issues`. */
  path: string;
  operationId: string;
  raw: JsonObject;
}

const DOC_ID = 'https://earshot.invalid/api.github.com.json';
const COMPONENT_REF = '#/components/';

let spec: JsonObject | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed description (read on first use). */
export function loadSpec(): JsonObject {
  if (spec) return spec;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  spec = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  return spec;
}

function child(obj: unknown, key: string): unknown {
  return isObject(obj) ? obj[key] : undefined;
}

/** Follows a local `$ref` (`#/components/...`) in the raw description. */
function deref(value: unknown): unknown {
  let current = value;
  for (let i = 0; i < 10 && isObject(current) && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return current;
    let target: unknown = loadSpec();
    for (const part of ref.slice(2).split('/'))
      target = child(target, part.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = target;
  }
  return current;
}

const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains']);
const DROPPED_KEYS = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs']);

/** Converts one OpenAPI 3.0 schema (and its children) to JSON Schema for ajv. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith(COMPONENT_REF) ? `${DOC_ID}${value}` : value;
    } else if (SCHEMA_MAP_KEYS.has(key) && isObject(value)) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = toJsonSchema(sub);
      out[key] = map;
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
      out[key === 'oneOf' ? 'anyOf' : key] = value.map(toJsonSchema);
    } else if (SCHEMA_KEYS.has(key)) {
      out[key] = toJsonSchema(value);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

function getAjv(): Ajv {
  if (ajv) return ajv;
  const doc = loadSpec();
  const components = child(doc, 'components');
  const schemas = child(components, 'schemas');
  const converted: JsonObject = {};
  if (isObject(schemas)) for (const [name, s] of Object.entries(schemas)) converted[name] = toJsonSchema(s);
  const instance = new Ajv({
    strict: false,
    allErrors: false,
    validateSchema: false,
    logger: false,
    inlineRefs: true,
  });
  // CommonJS default export; 'fast' formats (simpler uri/date-time patterns) halve validation time.
  const addFormats = addFormatsModule as unknown as (a: Ajv, options: { mode: 'fast' | 'full' }) => Ajv;
  addFormats(instance, { mode: 'fast' });
  instance.addSchema({ $id: DOC_ID, components: { schemas: converted } });
  ajv = instance;
  return instance;
}

const operations = new Map<string, Operation | null>();

/** The operation for a method and path template, or undefined when the description has none. */
export function findOperation(method: string, path: string): Operation | undefined {
  const key = `${method.toUpperCase()} ${path}`;
  const cached = operations.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const paths = child(loadSpec(), 'paths');
  const op = child(child(paths, path), method.toLowerCase());
  const found = isObject(op)
    ? { method: method.toUpperCase(), path, operationId: String(op.operationId ?? ''), raw: op }
    : null;
  operations.set(key, found);
  return found ?? undefined;
}

function jsonSchemaOf(content: unknown): unknown {
  const json = child(content, 'application/json') ?? child(content, 'application/scim+json');
  return child(json, 'schema');
}

function compile(key: string, schema: unknown): ValidateFunction | null {
  const cached = validators.get(key);
  if (cached !== undefined) return cached;
  const instance = getAjv();
  const fn = schema === undefined ? null : instance.compile(toJsonSchema(schema) as JsonObject);
  validators.set(key, fn);
  return fn;
}

function toErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).slice(0, 10).map((e) => ({
    path: e.instancePath || '/',
    message: `${e.message ?? 'invalid'}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`,
  }));
}

/** Documented response statuses of an operation (e.g. ['201', '403', '422']). */
export function documentedStatuses(op: Operation): string[] {
  const responses = child(op.raw, 'responses');
  return isObject(responses) ? Object.keys(responses) : [];
}

/**
 * Validates a JSON request body against the operation's requestBody schema.
 * Returns [] when valid or when the operation takes no body.
 */
export function validateRequestBody(op: Operation, body: unknown): SchemaError[] {
  const requestBody = deref(child(op.raw, 'requestBody'));
  if (!isObject(requestBody)) return [];
  if (body === undefined) {
    return requestBody.required === true ? [{ path: '/', message: 'request body is required' }] : [];
  }
  const fn = compile(`req ${op.method} ${op.path}`, jsonSchemaOf(requestBody.content));
  if (!fn || fn(body)) return [];
  return toErrors(fn.errors);
}

interface QueryParam {
  name: string;
  schema: unknown;
  type: unknown;
}
const queryParams = new Map<Operation['raw'], QueryParam[]>();

function queryParamsOf(op: Operation): QueryParam[] {
  const cached = queryParams.get(op.raw);
  if (cached) return cached;
  const list: QueryParam[] = [];
  const params = child(op.raw, 'parameters');
  for (const entry of Array.isArray(params) ? params : []) {
    const param = deref(entry);
    if (!isObject(param) || param.in !== 'query' || typeof param.name !== 'string') continue;
    const schema = child(param, 'schema');
    list.push({ name: param.name, schema, type: child(schema, 'type') });
  }
  queryParams.set(op.raw, list);
  return list;
}

/** Validates query parameters (as received: strings) against the operation's parameter schemas. */
export function validateQuery(op: Operation, query: URLSearchParams): SchemaError[] {
  if (query.size === 0) return [];
  const errors: SchemaError[] = [];
  for (const { name, schema, type } of queryParamsOf(op)) {
    const raw = query.get(name);
    if (raw === null) continue;
    let value: unknown = raw;
    if (type === 'integer' || type === 'number') value = raw.trim() === '' ? Number.NaN : Number(raw);
    else if (type === 'boolean') value = raw === 'true' ? true : raw === 'false' ? false : raw;
    const fn = compile(`query ${op.method} ${op.path} ${name}`, schema);
    if (fn && !fn(value)) {
      for (const e of toErrors(fn.errors))
        errors.push({ path: `?${name}`, message: `${e.message} (got ${raw})` });
    }
  }
  return errors;
}

/**
 * Validates a response body against the schema documented for that status.
 * `undocumented` is true when the operation documents neither the status nor a default.
 */
export function validateResponseBody(
  op: Operation,
  status: number,
  body: unknown,
): { undocumented: boolean; errors: SchemaError[] } {
  const responses = child(op.raw, 'responses');
  const entry = child(responses, String(status)) ?? child(responses, 'default');
  if (entry === undefined) return { undocumented: true, errors: [] };
  const response = deref(entry);
  const schema = jsonSchemaOf(child(response, 'content'));
  if (schema === undefined) {
    return body === undefined
      ? { undocumented: false, errors: [] }
      : { undocumented: false, errors: [{ path: '/', message: `status ${status} documents no body` }] };
  }
  const fn = compile(`res ${op.method} ${op.path} ${status}`, schema);
  if (!fn || fn(body)) return { undocumented: false, errors: [] };
  return { undocumented: false, errors: toErrors(fn.errors) };
}

/** Validates a value against a named component schema (e.g. `issue`); for unit tests and tools. */
export function validateComponent(name: string, value: unknown): SchemaError[] {
  const fn = compile(`component ${name}`, { $ref: `#/components/schemas/${name}` });
  if (!fn || fn(value)) return [];
  return toErrors(fn.errors);
}
