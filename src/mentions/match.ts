/**
 * The query language (DESIGN §1: normalize → match). A query decides, locally, whether a fetched
 * item mentions what the company listens for.
 *
 * Grammar (precedence NOT > AND > OR; keywords are upper-case, `and`/`or`/`not` are plain terms):
 *
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*          adjacent terms are ANDed
 *   unary   := ("NOT" | "-") unary | primary   `-term`, `-"phrase"`, `-(…)` exclude
 *   primary := TERM | TERM"*" | "PHRASE" | "(" or ")"
 *
 * Matching rules:
 * - Case-insensitive, Unicode-aware: both sides go through {@link foldText} (NFKC, format characters
 *   such as soft hyphens, zero-width and bidi controls dropped, lower-cased, ß→ss, ς→σ, ’→').
 * - A term or phrase matches where it is not glued to a letter, digit or combining mark on either
 *   side. When the term starts or ends with punctuation, the neighbour on that side must also not
 *   repeat that punctuation character: `C++` matches "I love C++!" but not "C+++", `F#` does not
 *   match "F##", `.NET` matches "(.NET)" but not "ASP.NET", `Node.js` matches "node.js." but not
 *   "node.jsx", `acme` matches "acme.com" and "@acme" but not "acmeco" or "macme". `_` is not a word
 *   character: `acme` matches "acme_corp".
 * - A phrase's words match across any run of whitespace (spaces, newlines, no-break spaces).
 * - A trailing `*` on a bare term is a prefix match (`acme*` matches "acmeco"); inside a phrase `*`
 *   is literal. A phrase may be quoted with `"…"` or typographic quotes `“…”`.
 * - Aliases: a term or phrase whose folded text names an alias group (the key) matches the key or
 *   any of the group's spellings. Prefix terms are never expanded.
 * - `exclude` entries are literal phrases (surrounding quotes optional; a trailing `*` on a single
 *   word makes a prefix): a text that contains any of them never matches.
 *
 * Each term compiles to an indexOf scan (a phrase: one `u`-flag RegExp of its words joined by `\s+`,
 * no nested quantifiers, guarded by an `includes()` pre-check) plus a boundary check on the
 * neighbouring code points: no backtracking beyond a phrase's own length.
 */

import { codePointAt, codePointBefore } from './code-points.js';

export type QueryNode =
  | { type: 'term'; value: string; prefix: boolean; position: number }
  | { type: 'phrase'; value: string; position: number }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

/** A query that does not parse; `position` is the 0-based UTF-16 offset of the problem. */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly source: string,
  ) {
    super(`${reason} at position ${position}\n${caretLines(source, position)}`);
  }
}

function caretLines(source: string, position: number): string {
  const start = position > 0 ? source.lastIndexOf('\n', position - 1) + 1 : 0;
  const endAt = source.indexOf('\n', position);
  const line = source.slice(start, endAt === -1 ? undefined : endAt);
  return `  ${line}\n  ${' '.repeat(position - start)}^`;
}

/** Parentheses and NOT chains deeper than this are refused (keeps recursion bounded). */
export const MAX_QUERY_DEPTH = 64;

type Token =
  | { kind: 'term' | 'phrase'; value: string; pos: number }
  | { kind: 'and' | 'or' | 'not' | 'minus' | 'lparen' | 'rparen'; pos: number };

const QUOTE_CHARS = '"\u201C\u201D';
const SPACE = /\s/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
    } else if (QUOTE_CHARS.includes(c)) {
      let j = i + 1;
      while (j < n && !QUOTE_CHARS.includes(source[j]!)) j++;
      if (j >= n) throw new QuerySyntaxError('unclosed quote', i, source);
      const value = source.slice(i + 1, j);
      if (value.trim() === '') throw new QuerySyntaxError('empty phrase', i, source);
      tokens.push({ kind: 'phrase', value, pos: i });
      i = j + 1;
    } else if (c === '-') {
      const next = source[i + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        throw new QuerySyntaxError('expected a term after "-"', i, source);
      }
      tokens.push({ kind: 'minus', pos: i });
      i++;
    } else {
      let j = i;
      while (j < n) {
        const d = source[j]!;
        if (isSpace(d) || d === '(' || d === ')' || QUOTE_CHARS.includes(d)) break;
        j++;
      }
      const word = source.slice(i, j);
      if (word === 'AND') tokens.push({ kind: 'and', pos: i });
      else if (word === 'OR') tokens.push({ kind: 'or', pos: i });
      else if (word === 'NOT') tokens.push({ kind: 'not', pos: i });
      else tokens.push({ kind: 'term', value: word, pos: i });
      i = j;
    }
  }
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'and':
      return 'AND';
    case 'or':
      return 'OR';
    case 'not':
      return 'NOT';
    case 'minus':
      return '"-"';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    default:
      return `"${token.value}"`;
  }
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  parse(): QueryNode {
    if (this.tokens.length === 0) throw new QuerySyntaxError('empty query', 0, this.source);
    const node = this.parseOr(0);
    const extra = this.tokens[this.index];
    if (extra) throw new QuerySyntaxError(`unexpected ${describe(extra)}`, extra.pos, this.source);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private parseOr(depth: number): QueryNode {
    const children = [this.parseAnd(depth)];
    while (this.peek()?.kind === 'or') {
      this.index++;
      children.push(this.parseAnd(depth));
    }
    return children.length === 1 ? children[0]! : { type: 'or', children: flatten('or', children) };
  }

  private parseAnd(depth: number): QueryNode {
    const children = [this.parseUnary(depth)];
    for (;;) {
      const next = this.peek();
      if (!next) break;
      if (next.kind === 'and') {
        this.index++;
      } else if (next.kind === 'or' || next.kind === 'rparen') {
        break;
      }
      children.push(this.parseUnary(depth));
    }
    return children.length === 1 ? children[0]! : { type: 'and', children: flatten('and', children) };
  }

  private parseUnary(depth: number): QueryNode {
    const token = this.peek();
    if (token && (token.kind === 'not' || token.kind === 'minus')) {
      if (depth >= MAX_QUERY_DEPTH)
        throw new QuerySyntaxError('query nested too deeply', token.pos, this.source);
      this.index++;
      return { type: 'not', child: this.parseUnary(depth + 1) };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): QueryNode {
    const token = this.peek();
    if (!token) throw new QuerySyntaxError('unexpected end of query', this.source.length, this.source);
    if (token.kind === 'term') {
      this.index++;
      if (token.value.endsWith('*')) {
        const stem = token.value.slice(0, -1);
        if (stem === '') throw new QuerySyntaxError('expected a term before "*"', token.pos, this.source);
        return { type: 'term', value: stem, prefix: true, position: token.pos };
      }
      return { type: 'term', value: token.value, prefix: false, position: token.pos };
    }
    if (token.kind === 'phrase') {
      this.index++;
      return { type: 'phrase', value: token.value, position: token.pos };
    }
    if (token.kind === 'lparen') {
      if (depth >= MAX_QUERY_DEPTH)
        throw new QuerySyntaxError('query nested too deeply', token.pos, this.source);
      this.index++;
      if (this.peek()?.kind === 'rparen') {
        throw new QuerySyntaxError('unexpected ")"', this.peek()!.pos, this.source);
      }
      const inner = this.parseOr(depth + 1);
      if (this.peek()?.kind !== 'rparen') throw new QuerySyntaxError('unclosed "("', token.pos, this.source);
      this.index++;
      return inner;
    }
    throw new QuerySyntaxError(`unexpected ${describe(token)}`, token.pos, this.source);
  }
}

function flatten(type: 'and' | 'or', children: QueryNode[]): QueryNode[] {
  return children.flatMap((c) => (c.type === type ? c.children : [c]));
}

/** Parses a query; throws {@link QuerySyntaxError} (and nothing else) on bad input. */
export function parseQuery(source: string): QueryNode {
  return new Parser(tokenize(source), source).parse();
}

/** A query string that parses back to the same tree (for tests, logs and error messages). */
export function formatQuery(node: QueryNode): string {
  switch (node.type) {
    case 'term':
      return node.prefix ? `${node.value}*` : node.value;
    case 'phrase':
      return `"${node.value}"`;
    case 'not':
      return `NOT ${node.child.type === 'and' || node.child.type === 'or' ? `(${formatQuery(node.child)})` : formatQuery(node.child)}`;
    case 'and':
      return node.children
        .map((c) => (c.type === 'or' ? `(${formatQuery(c)})` : formatQuery(c)))
        .join(' AND ');
    case 'or':
      return node.children.map(formatQuery).join(' OR ');
  }
}

// ---------------------------------------------------------------------------------------------
// Folding and literal matchers

const NON_ASCII = /[^\u0000-\u007f]/;
const FORMAT_CHARS = /\p{Cf}/gu;
const FOLD_SPECIAL = /[ßς\u2019\u02BC]|i\u0307/g;
const FOLD_MAP: Record<string, string> = { ß: 'ss', ς: 'σ', '\u2019': "'", '\u02BC': "'", 'i\u0307': 'i' };
/**
 * Cheap pre-check (an explicit class, no property lookup): every `\p{Cf}` character as of
 * Unicode 17 (a test checks that it still covers them all).
 */
const MAYBE_FORMAT =
  /[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{110BD}\u{110CD}\u{13430}-\u{1343F}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}]/u;
const MAYBE_SPECIAL = /[ßς\u2019\u02BC]|\u0307/;

/**
 * The text both queries and items are compared in: NFKC (full-width letters, ligatures), format
 * characters removed (soft hyphen, zero-width, bidi controls), lower-cased with the few full
 * case-folding differences JavaScript's toLowerCase() misses (ß→ss, final ς→σ, İ→i), typographic
 * apostrophes → `'`. ASCII input takes a fast path (just toLowerCase()).
 */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let lower = text.normalize('NFKC').toLowerCase();
  if (MAYBE_FORMAT.test(lower)) lower = lower.replace(FORMAT_CHARS, '');
  if (MAYBE_SPECIAL.test(lower)) lower = lower.replace(FOLD_SPECIAL, (ch) => FOLD_MAP[ch] ?? ch);
  return lower;
}

type Matcher = (folded: string) => boolean;

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]/u;

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * A matcher for one literal (term or phrase), or undefined when it folds to nothing.
 *
 * Occurrences are found with indexOf (one word) or a RegExp of the words joined by `\s+` (a
 * phrase); the boundaries are then checked in code on the neighbouring code points. (A look-behind
 * with Unicode property classes in every term's RegExp would cost V8 about a millisecond to compile
 * per term and make every first match slow.)
 */
function literalMatcher(text: string, prefix: boolean): Matcher | undefined {
  const folded = foldText(text).trim();
  if (folded === '') return undefined;
  const words = folded.split(/\s+/u);
  const chars = Array.from(folded);
  const first = chars[0]!;
  const last = chars[chars.length - 1]!;
  const firstIsWord = WORD_CHAR.test(first);
  const lastIsWord = WORD_CHAR.test(last);
  const bounded = (t: string, start: number, end: number): boolean => {
    const before = codePointBefore(t, start);
    if (before !== '' && (WORD_CHAR.test(before) || (!firstIsWord && before === first))) return false;
    if (prefix) return true;
    const after = codePointAt(t, end);
    return after === '' || !(WORD_CHAR.test(after) || (!lastIsWord && after === last));
  };
  const needle = words[0]!;
  if (words.length === 1) {
    return (t) => {
      for (let i = t.indexOf(needle); i !== -1; i = t.indexOf(needle, i + 1)) {
        if (bounded(t, i, i + needle.length)) return true;
      }
      return false;
    };
  }
  const re = new RegExp(words.map(escapeRegExp).join('\\s+'), 'gu');
  return (t) => {
    if (!t.includes(needle)) return false;
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      if (bounded(t, m.index, m.index + m[0].length)) return true;
      re.lastIndex = m.index + codePointAt(t, m.index).length;
    }
    return false;
  };
}

function anyOf(matchers: Matcher[]): Matcher {
  if (matchers.length === 1) return matchers[0]!;
  return (t) => matchers.some((m) => m(t));
}

/** Folded, whitespace-collapsed text: the key aliases and literals are compared by. */
function literalKey(text: string): string {
  return foldText(text).trim().split(/\s+/u).join(' ');
}

export interface CompileOptions {
  /** Alias groups: a term or phrase equal to a key (case-insensitively) also matches its spellings. */
  aliases?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Literal terms or phrases that rule a text out (quotes optional, trailing `*` = prefix). */
  exclude?: readonly string[] | undefined;
  /** Carried through to {@link matchMention}'s result. */
  id?: string | undefined;
}

export interface CompiledQuery {
  readonly id?: string;
  /** The query as written. */
  readonly source: string;
  readonly ast: QueryNode;
  /** Whether the text matches (folds it first). */
  matches(text: string): boolean;
  /** Same, for a text already passed through {@link foldText} (fold once, test many queries). */
  matchesFolded(folded: string): boolean;
  /**
   * The positive terms and phrases (not under an odd number of NOTs), alias spellings included,
   * without a prefix's `*`, de-duplicated case-insensitively: for server-side search APIs.
   */
  terms(): string[];
}

function unquote(entry: string): string {
  const t = entry.trim();
  if (t.length >= 2 && QUOTE_CHARS.includes(t[0]!) && QUOTE_CHARS.includes(t[t.length - 1]!))
    return t.slice(1, -1);
  return t;
}

export function compileQuery(source: string, options: CompileOptions = {}): CompiledQuery {
  const ast = parseQuery(source);
  const aliasGroups = new Map<string, string[]>();
  for (const [name, spellings] of Object.entries(options.aliases ?? {})) {
    const key = literalKey(name);
    if (key === '') continue;
    const group = aliasGroups.get(key) ?? [name.trim()];
    for (const s of spellings) if (s.trim() !== '') group.push(s.trim());
    aliasGroups.set(key, group);
  }

  const spellingsOf = (node: QueryNode & { type: 'term' | 'phrase' }): string[] => {
    if (node.type === 'term' && node.prefix) return [node.value];
    const group = aliasGroups.get(literalKey(node.value));
    if (!group) return [node.value];
    const seen = new Set<string>();
    return [node.value, ...group].filter((s) => {
      const k = literalKey(s);
      if (k === '' || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };

  const compile = (node: QueryNode): Matcher => {
    switch (node.type) {
      case 'term':
      case 'phrase': {
        const prefix = node.type === 'term' && node.prefix;
        const matchers = spellingsOf(node)
          .map((s) => literalMatcher(s, prefix))
          .filter((m): m is Matcher => m !== undefined);
        if (matchers.length === 0) {
          throw new QuerySyntaxError(
            `${node.type} "${node.value}" has nothing to match`,
            node.position,
            source,
          );
        }
        return anyOf(matchers);
      }
      case 'not': {
        const inner = compile(node.child);
        return (t) => !inner(t);
      }
      case 'and': {
        const parts = node.children.map(compile);
        return (t) => parts.every((p) => p(t));
      }
      case 'or':
        return anyOf(node.children.map(compile));
    }
  };

  const positive = compile(ast);
  const excluded: Matcher[] = [];
  for (const entry of options.exclude ?? []) {
    const inner = unquote(entry);
    const quoted = inner !== entry.trim();
    const prefix = !quoted && inner.endsWith('*') && !/\s/u.test(inner) && inner.length > 1;
    const m = literalMatcher(prefix ? inner.slice(0, -1) : inner, prefix);
    if (m) excluded.push(m);
  }
  const matchesFolded: Matcher =
    excluded.length === 0 ? positive : (t) => positive(t) && !excluded.some((m) => m(t));

  const terms = (): string[] => {
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = (node: QueryNode, negated: boolean): void => {
      if (node.type === 'not') {
        walk(node.child, !negated);
        return;
      }
      if (node.type === 'and' || node.type === 'or') {
        for (const c of node.children) walk(c, negated);
        return;
      }
      if (negated) return;
      for (const s of spellingsOf(node)) {
        const k = literalKey(s);
        if (k === '' || seen.has(k)) continue;
        seen.add(k);
        out.push(s.trim().split(/\s+/u).join(' '));
      }
    };
    walk(ast, false);
    return out;
  };

  return {
    ...(options.id !== undefined ? { id: options.id } : {}),
    source,
    ast,
    matches: (text) => matchesFolded(foldText(text)),
    matchesFolded,
    terms,
  };
}

/** Ids of the queries that match the text (a query without an id is named by its source). */
export function matchMention(text: string, queries: readonly CompiledQuery[]): string[] {
  const folded = foldText(text);
  const ids: string[] = [];
  for (const q of queries) if (q.matchesFolded(folded)) ids.push(q.id ?? q.source);
  return ids;
}
