/**
 * Runs one GraphQL request the way GitHub answers it: HTTP 200 with `{ data, errors }`.
 *
 * Before execution (no `data` at all when it fails), as GitHub's "Rate limits and node limits for the
 * GraphQL API" documents (https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api):
 *  - every field must exist on its type (`undefinedField`), every argument be accepted;
 *  - every connection needs `first` or `last`, within 1–100 (`MISSING_PAGINATION_BOUNDARIES`,
 *    `EXCESSIVE_PAGINATION`);
 *  - a call may request at most 500,000 nodes (`MAX_NODE_LIMIT_EXCEEDED`), counted as GitHub's
 *    examples do: each connection's `first` times the `first` of every connection above it;
 *  - its cost is the number of connection requests needed, divided by 100 (at least 1) — what
 *    `rateLimit { cost }` answers and what is charged to the hourly GraphQL points.
 * During execution a field that fails (an issue that does not exist) answers null with a
 * `NOT_FOUND` error carrying its `path` and `locations`; the rest of `data` is kept.
 */
import {
  GraphQLSyntaxError,
  type Location,
  type Operation,
  parseOperation,
  type Selection,
  type Value,
} from './parse.js';
import { ABSTRACT, type ExecContext, FieldError, OBJECTS, type Obj, SCALARS } from './schema.js';

export const MAX_PAGE = 100;
export const NODE_LIMIT = 500_000;

export interface GraphQLError {
  message: string;
  type?: string;
  path?: (string | number)[];
  locations?: Location[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

// biome-ignore lint/suspicious/noExplicitAny: coerced JSON values
type Json = any;

function argValue(v: Value, vars: Record<string, Json>): Json {
  switch (v.kind) {
    case 'variable':
      return vars[v.name] ?? null;
    case 'null':
      return null;
    case 'list':
      return v.values.map((x) => argValue(x, vars));
    case 'object':
      return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, argValue(x, vars)]));
    default:
      return v.value;
  }
}

function fieldsOf(typeName: string) {
  return OBJECTS[typeName]?.fields ?? ABSTRACT[typeName]?.fields;
}

function fitsType(fragmentType: string, typeName: string): boolean {
  if (fragmentType === typeName) return true;
  const abstract = ABSTRACT[typeName];
  if (abstract) return abstract.members.includes(fragmentType) || ABSTRACT[fragmentType] !== undefined;
  return ABSTRACT[fragmentType]?.members.includes(typeName) ?? false;
}

interface Measure {
  nodes: number;
  requests: number;
}

/** Static checks; returns the errors (empty when the document may run) and the node/cost measure. */
function validate(op: Operation, vars: Record<string, Json>): { errors: GraphQLError[]; measure: Measure } {
  const errors: GraphQLError[] = [];
  const measure: Measure = { nodes: 0, requests: 0 };
  const walk = (selections: Selection[], typeName: string, path: string[], multiplier: number) => {
    for (const sel of selections) {
      if (sel.kind === 'fragment') {
        if (!OBJECTS[sel.on] && !ABSTRACT[sel.on]) {
          errors.push({
            path: [...path, `... on ${sel.on}`],
            extensions: { code: 'undefinedType', typeName: sel.on },
            locations: [sel.loc],
            message: `No such type ${sel.on}, so it can't be a fragment condition`,
          });
        } else if (!fitsType(sel.on, typeName)) {
          errors.push({
            path: [...path, `... on ${sel.on}`],
            extensions: { code: 'fragmentSpreadImpossible', typeName: sel.on },
            locations: [sel.loc],
            message: `Fragment on ${sel.on} can't be spread inside ${typeName}`,
          });
        } else walk(sel.selections, sel.on, [...path, `... on ${sel.on}`], multiplier);
        continue;
      }
      const here = [...path, sel.alias ?? sel.name];
      if (sel.name === '__typename') continue;
      const def = fieldsOf(typeName)?.[sel.name];
      if (!def) {
        errors.push({
          path: here,
          extensions: { code: 'undefinedField', typeName, fieldName: sel.name },
          locations: [sel.loc],
          message: `Field '${sel.name}' doesn't exist on type '${typeName}'`,
        });
        continue;
      }
      for (const arg of Object.keys(sel.args)) {
        if (!def.args?.includes(arg))
          errors.push({
            path: [...here, arg],
            extensions: { code: 'argumentNotAccepted', name: sel.name, typeName: 'Field', argumentName: arg },
            locations: [sel.loc],
            message: `Field '${sel.name}' doesn't accept argument '${arg}'`,
          });
      }
      let inner = multiplier;
      if (def.connection) {
        const first = sel.args.first ? argValue(sel.args.first, vars) : undefined;
        const last = sel.args.last ? argValue(sel.args.last, vars) : undefined;
        const size = typeof first === 'number' ? first : typeof last === 'number' ? last : undefined;
        if (size === undefined) {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            path: here,
            locations: [sel.loc],
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${sel.name}\` connection.`,
          });
          continue;
        }
        for (const [name, n] of [
          ['first', first],
          ['last', last],
        ] as const) {
          if (typeof n === 'number' && (n > MAX_PAGE || n < 0))
            errors.push({
              type: 'EXCESSIVE_PAGINATION',
              path: here,
              locations: [sel.loc],
              message: `Requesting ${n} records on the \`${sel.name}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`,
            });
        }
        measure.requests += multiplier;
        inner = multiplier * size;
        measure.nodes += inner;
      }
      const scalar = SCALARS.has(def.type);
      if (scalar && sel.selections) {
        errors.push({
          path: here,
          extensions: { code: 'selectionMismatch', nodeName: `field '${sel.name}'`, typeName: def.type },
          locations: [sel.loc],
          message: `Selections can't be made on scalars (field '${sel.name}' returns ${def.type} but has selections [${sel.selections.map((s) => (s.kind === 'field' ? s.name : `... on ${s.on}`)).join(', ')}])`,
        });
      } else if (!scalar && !sel.selections) {
        errors.push({
          path: here,
          extensions: { code: 'selectionMismatch', nodeName: `field '${sel.name}'`, typeName: def.type },
          locations: [sel.loc],
          message: `Field must have selections (field '${sel.name}' returns ${def.type} but has no selections. Did you mean '${sel.name} { ... }'?)`,
        });
      } else if (sel.selections) walk(sel.selections, def.type, here, inner);
    }
  };
  walk(op.selections, op.type === 'mutation' ? 'Mutation' : 'Query', [op.type], 1);
  if (errors.length === 0 && measure.nodes > NODE_LIMIT) {
    errors.push({
      type: 'MAX_NODE_LIMIT_EXCEEDED',
      message: `This query requests up to ${measure.nodes.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${NODE_LIMIT.toLocaleString('en-US')}.`,
    });
  }
  return { errors, measure };
}

/** The points a query costs (GitHub: connection requests / 100, rounded, at least 1). */
export function costOf(measure: Measure): number {
  return Math.max(1, Math.round(measure.requests / 100));
}

function execute(op: Operation, vars: Record<string, Json>, ctx: ExecContext): GraphQLAnswer {
  const errors: GraphQLError[] = [];
  const resolveSet = (source: Obj, typeName: string, selections: Selection[], path: (string | number)[]) => {
    const out: Record<string, unknown> = {};
    const run = (sels: Selection[]) => {
      for (const sel of sels) {
        if (sel.kind === 'fragment') {
          if (fitsType(source.t, sel.on) || sel.on === source.t) run(sel.selections);
          continue;
        }
        const key = sel.alias ?? sel.name;
        if (sel.name === '__typename') {
          out[key] = source.t;
          continue;
        }
        const def = fieldsOf(source.t)?.[sel.name] ?? fieldsOf(typeName)?.[sel.name];
        if (!def) continue;
        const args = Object.fromEntries(Object.entries(sel.args).map(([k, v]) => [k, argValue(v, vars)]));
        try {
          const value = def.resolve(source, args, ctx);
          out[key] = complete(value, def.type, def.list ?? false, sel, [...path, key]);
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          out[key] = null;
          errors.push({
            type: error.type,
            path: [...path, key],
            locations: [sel.loc],
            message: error.message,
          });
        }
      }
    };
    run(selections);
    return out;
  };
  const complete = (
    value: unknown,
    type: string,
    list: boolean,
    sel: Extract<Selection, { kind: 'field' }>,
    path: (string | number)[],
  ): unknown => {
    if (value === null || value === undefined) return null;
    if (list) return (value as unknown[]).map((v, i) => complete(v, type, false, sel, [...path, i]));
    if (SCALARS.has(type)) return value;
    const obj = value as Obj;
    const concrete = OBJECTS[type] ? { ...obj, t: type } : obj;
    return resolveSet(concrete, type, sel.selections ?? [], path);
  };
  const rootType = op.type === 'mutation' ? 'Mutation' : 'Query';
  const data = resolveSet({ t: rootType, v: null }, rootType, op.selections, []);
  return errors.length ? { data, errors } : { data };
}

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/**
 * Parses, validates, charges and runs one request. `charge` is called with the cost once the
 * document is valid; undefined means the points are used up: GitHub's `RATE_LIMITED`, nothing run.
 */
export function answer(
  body: GraphQLRequest,
  ctx: Omit<ExecContext, 'rate'>,
  charge: (cost: number, nodes: number) => ExecContext['rate'] | undefined,
): GraphQLAnswer {
  if (typeof body?.query !== 'string')
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  let op: Operation;
  try {
    op = parseOperation(body.query);
  } catch (error) {
    if (!(error instanceof GraphQLSyntaxError)) throw error;
    return { errors: [{ message: error.message, locations: [error.loc] }] };
  }
  const vars = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<
    string,
    Json
  >;
  for (const v of op.variables) {
    if (!(v.name in vars) && v.defaultValue) vars[v.name] = argValue(v.defaultValue, {});
    if (v.type.endsWith('!') && (vars[v.name] === undefined || vars[v.name] === null))
      return {
        errors: [
          {
            extensions: {
              value: null,
              problems: [{ path: [], explanation: 'Expected value to not be null' }],
            },
            locations: [],
            message: `Variable $${v.name} of type ${v.type} was provided invalid value`,
          },
        ],
      };
  }
  const checked = validate(op, vars);
  if (checked.errors.length) return { errors: checked.errors };
  const rate = charge(costOf(checked.measure), checked.measure.nodes);
  if (!rate)
    return {
      errors: [{ type: 'RATE_LIMITED', message: `API rate limit exceeded for user ID ${ctx.actor.id}.` }],
    };
  return execute(op, vars, { ...ctx, rate });
}
