/**
 * Unknown keys at every level of the config, each with a "did you mean" when a known key is close.
 *
 * zod strips unknown keys from non-strict objects silently, so a typo such as
 * `routing[].when.categroy` would turn a rule into a catch-all. Rather than marking every object
 * schema strict (source schemas live with their adapters), this walks the schema alongside the
 * parsed YAML and reports every key the schema does not name.
 */
import type { z } from 'zod';
import { closest } from './did-you-mean.js';

export interface UnknownKey {
  /** Path of the object holding the key. */
  path: (string | number)[];
  key: string;
  /** The known key it most likely means, if any is close. */
  suggestion?: string;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  getter?: () => z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every key in `data` that `schema` does not know, depth first, in document order. */
export function unknownKeys(schema: z.ZodType, data: unknown, path: (string | number)[] = []): UnknownKey[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return def.innerType ? unknownKeys(def.innerType, data, path) : [];
    case 'pipe': {
      // A transform in front (z.preprocess) says nothing about keys: walk what it feeds.
      const inner = def.in && defOf(def.in).type === 'transform' ? def.out : def.in;
      return inner ? unknownKeys(inner, data, path) : [];
    }
    case 'lazy':
      return def.getter ? unknownKeys(def.getter(), data, path) : [];
    case 'array':
      return Array.isArray(data) && def.element
        ? data.flatMap((item, i) => unknownKeys(def.element as z.ZodType, item, [...path, i]))
        : [];
    case 'record':
      return isPlainObject(data) && def.valueType
        ? Object.entries(data).flatMap(([k, v]) => unknownKeys(def.valueType as z.ZodType, v, [...path, k]))
        : [];
    case 'intersection': {
      // A key is unknown only when neither side knows it.
      const left = def.left ? unknownKeys(def.left, data, path) : [];
      const right = def.right ? unknownKeys(def.right, data, path) : [];
      return left.filter((u) => right.some((r) => sameKey(r, u)));
    }
    case 'union':
      return unionUnknownKeys(def, data, path);
    case 'object':
      return objectUnknownKeys(def, data, path);
    default:
      return [];
  }
}

function objectUnknownKeys(def: Def, data: unknown, path: (string | number)[]): UnknownKey[] {
  if (!isPlainObject(data)) return [];
  const shape = def.shape ?? {};
  const known = Object.keys(shape);
  // A catch-all other than `never` (z.looseObject, .catchall(x)) accepts any key.
  const open = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
  const found: UnknownKey[] = [];
  for (const [key, value] of Object.entries(data)) {
    const child = shape[key];
    if (child) found.push(...unknownKeys(child, value, [...path, key]));
    else if (!open) {
      const suggestion = closest(key, known);
      found.push({ path, key, ...(suggestion ? { suggestion } : {}) });
    }
  }
  return found;
}

function unionUnknownKeys(def: Def, data: unknown, path: (string | number)[]): UnknownKey[] {
  const options = def.options ?? [];
  if (def.discriminator && isPlainObject(data)) {
    // The option whose discriminator literal matches; none → zod reports the unknown kind.
    const tag = data[def.discriminator];
    const match = options.find((o) => literalValues(o, def.discriminator as string).includes(tag));
    return match ? unknownKeys(match, data, path) : [];
  }
  // Otherwise the option of the data's shape that fits best: the fewest unknown keys.
  let best: UnknownKey[] | undefined;
  for (const option of options) {
    const kind = shapeOf(option);
    if (kind !== 'any' && kind !== dataShape(data)) continue;
    const found = unknownKeys(option, data, path);
    if (!best || found.length < best.length) best = found;
    if (found.length === 0) break;
  }
  return best ?? [];
}

type Shape = 'object' | 'array' | 'scalar' | 'any';

const dataShape = (data: unknown): Shape =>
  isPlainObject(data) ? 'object' : Array.isArray(data) ? 'array' : 'scalar';

/** What kind of value a schema takes: a mapping, a list, a scalar, or it cannot tell. */
function shapeOf(schema: z.ZodType): Shape {
  const def = defOf(schema);
  if (def.innerType) return shapeOf(def.innerType);
  switch (def.type) {
    case 'object':
    case 'record':
      return 'object';
    case 'array':
    case 'tuple':
      return 'array';
    case 'pipe':
      return def.in ? shapeOf(def.in) : 'any';
    case 'union': {
      const shapes = new Set((def.options ?? []).map(shapeOf));
      return shapes.size === 1 ? ([...shapes][0] as Shape) : 'any';
    }
    case 'lazy':
    case 'intersection':
    case 'any':
    case 'unknown':
    case 'transform':
    case 'custom':
      return 'any';
    default:
      return 'scalar';
  }
}

function literalValues(option: z.ZodType, key: string): unknown[] {
  let def = defOf(option);
  while (def.type === 'pipe' && def.in) def = defOf(def.in);
  const field = def.shape?.[key];
  if (!field) return [];
  const values = (defOf(field) as { values?: unknown[] }).values;
  return values ?? [];
}

const sameKey = (a: UnknownKey, b: UnknownKey) => a.key === b.key && a.path.join('\0') === b.path.join('\0');
