/**
 * A small GraphQL document parser: the executable subset the emulator serves (one operation,
 * `query` or `mutation`, variables, aliases, arguments, inline fragments). Named fragments,
 * directives and subscriptions are refused with a parse error, as an unsupported document would be
 * by the emulator's schema anyway. Locations are 1-based line/column, as GitHub reports them.
 */

export interface Location {
  line: number;
  column: number;
}

export type Value =
  | { kind: 'variable'; name: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; values: Value[] }
  | { kind: 'object'; fields: Record<string, Value> };

export interface Field {
  kind: 'field';
  alias?: string;
  name: string;
  args: Record<string, Value>;
  selections?: Selection[];
  loc: Location;
}

export interface InlineFragment {
  kind: 'fragment';
  on: string;
  selections: Selection[];
  loc: Location;
}

export type Selection = Field | InlineFragment;

export interface Operation {
  type: 'query' | 'mutation';
  name?: string;
  variables: { name: string; type: string; defaultValue?: Value }[];
  selections: Selection[];
}

export class GraphQLSyntaxError extends Error {
  constructor(
    message: string,
    readonly loc: Location,
  ) {
    super(message);
  }
}

interface Token {
  kind: 'punct' | 'name' | 'int' | 'float' | 'string' | 'eof';
  value: string;
  loc: Location;
}

const PUNCT = new Set(['{', '}', '(', ')', ':', '[', ']', '!', '$', '=', '@']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const loc = (): Location => ({ line, column: i - lineStart + 1 });
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === ',' || c === '\ufeff') i++;
    else if (c === '#') while (i < source.length && source[i] !== '\n') i++;
    else if (source.startsWith('...', i)) {
      tokens.push({ kind: 'punct', value: '...', loc: loc() });
      i += 3;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', value: c, loc: loc() });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = loc();
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', value: m[0], loc: start });
      i += m[0].length;
    } else if (/[-0-9]/.test(c)) {
      const start = loc();
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!m) throw new GraphQLSyntaxError(`Parse error on "${c}"`, start);
      tokens.push({ kind: m[2] || m[3] ? 'float' : 'int', value: m[0], loc: start });
      i += m[0].length;
    } else if (c === '"') {
      const start = loc();
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        if (end < 0) throw new GraphQLSyntaxError('Parse error: unterminated string', start);
        const text = source.slice(i + 3, end);
        for (const ch of text) if (ch === '\n') line++;
        tokens.push({ kind: 'string', value: text, loc: start });
        i = end + 3;
        continue;
      }
      let j = i + 1;
      let out = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\n') throw new GraphQLSyntaxError('Parse error: unterminated string', start);
        if (source[j] === '\\') {
          const e = source[j + 1];
          if (e === 'u') {
            out += String.fromCharCode(Number.parseInt(source.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          out +=
            ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e ?? ''] ?? e ?? '';
          j += 2;
          continue;
        }
        out += source[j];
        j++;
      }
      if (j >= source.length) throw new GraphQLSyntaxError('Parse error: unterminated string', start);
      tokens.push({ kind: 'string', value: out, loc: start });
      i = j + 1;
    } else throw new GraphQLSyntaxError(`Parse error on "${c}"`, loc());
  }
  tokens.push({ kind: 'eof', value: '', loc: loc() });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private fail(token: Token): never {
    const what = token.kind === 'eof' ? 'end of file' : `"${token.value}"`;
    throw new GraphQLSyntaxError(
      `Parse error on ${what} at [${token.loc.line}, ${token.loc.column}]`,
      token.loc,
    );
  }
  private expect(value: string): Token {
    const t = this.next();
    if (t.kind !== 'punct' || t.value !== value) this.fail(t);
    return t;
  }
  private is(value: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === value;
  }
  private name(): Token {
    const t = this.next();
    if (t.kind !== 'name') this.fail(t);
    return t;
  }

  operation(): Operation {
    let type: Operation['type'] = 'query';
    let name: string | undefined;
    const variables: Operation['variables'] = [];
    const first = this.peek();
    if (first.kind === 'name') {
      if (first.value !== 'query' && first.value !== 'mutation') this.fail(first);
      type = first.value;
      this.next();
      if (this.peek().kind === 'name') name = this.next().value;
      if (this.is('(')) {
        this.next();
        while (!this.is(')')) {
          this.expect('$');
          const v = this.name().value;
          this.expect(':');
          const t = this.type();
          const def = this.is('=') ? this.defaultValue() : undefined;
          variables.push({ name: v, type: t, ...(def ? { defaultValue: def } : {}) });
        }
        this.next();
      }
    }
    const selections = this.selectionSet();
    const end = this.peek();
    if (end.kind !== 'eof') this.fail(end);
    return { type, ...(name ? { name } : {}), variables, selections };
  }

  private defaultValue(): Value {
    this.expect('=');
    return this.value(true);
  }

  private type(): string {
    let t: string;
    if (this.is('[')) {
      this.next();
      t = `[${this.type()}]`;
      this.expect(']');
    } else t = this.name().value;
    if (this.is('!')) {
      this.next();
      t += '!';
    }
    return t;
  }

  private selectionSet(): Selection[] {
    this.expect('{');
    const out: Selection[] = [];
    while (!this.is('}')) out.push(this.selection());
    this.next();
    if (out.length === 0) this.fail(this.tokens[this.pos - 1]!);
    return out;
  }

  private selection(): Selection {
    if (this.is('...')) {
      const t = this.next();
      const on = this.name();
      if (on.value !== 'on') this.fail(on);
      return { kind: 'fragment', on: this.name().value, selections: this.selectionSet(), loc: t.loc };
    }
    const first = this.name();
    let alias: string | undefined;
    let name = first.value;
    if (this.is(':')) {
      this.next();
      alias = first.value;
      name = this.name().value;
    }
    const args: Record<string, Value> = {};
    if (this.is('(')) {
      this.next();
      while (!this.is(')')) {
        const a = this.name().value;
        this.expect(':');
        args[a] = this.value(false);
      }
      this.next();
    }
    if (this.is('@')) this.fail(this.peek());
    const selections = this.is('{') ? this.selectionSet() : undefined;
    return {
      kind: 'field',
      ...(alias ? { alias } : {}),
      name,
      args,
      ...(selections ? { selections } : {}),
      loc: first.loc,
    };
  }

  private value(constant: boolean): Value {
    const t = this.next();
    if (t.kind === 'punct' && t.value === '$' && !constant)
      return { kind: 'variable', name: this.name().value };
    if (t.kind === 'int') return { kind: 'int', value: Number(t.value) };
    if (t.kind === 'float') return { kind: 'float', value: Number(t.value) };
    if (t.kind === 'string') return { kind: 'string', value: t.value };
    if (t.kind === 'name') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'boolean', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'null' };
      return { kind: 'enum', value: t.value };
    }
    if (t.kind === 'punct' && t.value === '[') {
      const values: Value[] = [];
      while (!this.is(']')) values.push(this.value(constant));
      this.next();
      return { kind: 'list', values };
    }
    if (t.kind === 'punct' && t.value === '{') {
      const fields: Record<string, Value> = {};
      while (!this.is('}')) {
        const n = this.name().value;
        this.expect(':');
        fields[n] = this.value(constant);
      }
      this.next();
      return { kind: 'object', fields };
    }
    return this.fail(t);
  }
}

/** Parses one operation; throws GraphQLSyntaxError with GitHub's "Parse error on …" wording. */
export function parseOperation(source: string): Operation {
  return new Parser(tokenize(source)).operation();
}
