import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  foldText,
  formatQuery,
  MAX_QUERY_DEPTH,
  matchMention,
  parseQuery,
  QuerySyntaxError,
} from '../../../src/mentions/match.js';

const matches = (query: string, text: string) => compileQuery(query).matches(text);

function syntaxError(source: string): QuerySyntaxError {
  try {
    parseQuery(source);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected "${source}" not to parse`);
}

describe('parseQuery', () => {
  it('builds terms, phrases and prefix terms', () => {
    expect(parseQuery('acme')).toEqual({ type: 'term', value: 'acme', prefix: false, position: 0 });
    expect(parseQuery('  "acme cloud"')).toEqual({ type: 'phrase', value: 'acme cloud', position: 2 });
    expect(parseQuery('acme*')).toEqual({ type: 'term', value: 'acme', prefix: true, position: 0 });
    expect(parseQuery('“acme cloud”')).toMatchObject({ type: 'phrase', value: 'acme cloud' });
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    expect(formatQuery(parseQuery('a OR b c'))).toBe('a OR b AND c');
    expect(parseQuery('a OR b c')).toMatchObject({
      type: 'or',
      children: [{ value: 'a' }, { type: 'and', children: [{ value: 'b' }, { value: 'c' }] }],
    });
    expect(parseQuery('NOT a b')).toMatchObject({
      type: 'and',
      children: [{ type: 'not', child: { value: 'a' } }, { value: 'b' }],
    });
    expect(parseQuery('(a OR b) c')).toMatchObject({
      type: 'and',
      children: [{ type: 'or' }, { value: 'c' }],
    });
  });

  it('treats -term, -"phrase" and -(group) as NOT, and a hyphen inside a word as part of it', () => {
    expect(parseQuery('acme -anvil')).toMatchObject({
      type: 'and',
      children: [{ value: 'acme' }, { type: 'not', child: { type: 'term', value: 'anvil' } }],
    });
    expect(parseQuery('-"a b"')).toMatchObject({ type: 'not', child: { type: 'phrase', value: 'a b' } });
    expect(parseQuery('-(a OR b)')).toMatchObject({ type: 'not', child: { type: 'or' } });
    expect(parseQuery('e-mail')).toMatchObject({ type: 'term', value: 'e-mail' });
  });

  it('flattens chains and reads lower-case keywords as terms', () => {
    expect(parseQuery('a AND b AND c')).toMatchObject({ type: 'and', children: [{}, {}, {}] });
    expect(parseQuery('a or b')).toMatchObject({
      type: 'and',
      children: [{ value: 'a' }, { value: 'or' }, { value: 'b' }],
    });
  });

  it.each([
    ['', 'empty query', 0],
    ['   ', 'empty query', 0],
    ['acme AND', 'unexpected end of query', 8],
    ['acme OR', 'unexpected end of query', 7],
    ['NOT', 'unexpected end of query', 3],
    ['(acme OR beta', 'unclosed "("', 0],
    ['acme OR (beta', 'unclosed "("', 8],
    ['acme OR beta) x', 'unexpected ")"', 12],
    ['()', 'unexpected ")"', 1],
    ['"acme cloud', 'unclosed quote', 0],
    ['acme ""', 'empty phrase', 5],
    ['acme - beta', 'expected a term after "-"', 5],
    ['acme -', 'expected a term after "-"', 5],
    ['OR acme', 'unexpected OR', 0],
    ['acme AND OR beta', 'unexpected OR', 9],
    ['acme *', 'expected a term before "*"', 5],
  ])('refuses %j: %s at %i', (source, reason, position) => {
    const error = syntaxError(source);
    expect(error.reason).toBe(reason);
    expect(error.position).toBe(position);
    expect(error.message.split('\n')[0]).toBe(`${reason} at position ${position}`);
  });

  it('shows a caret under the problem', () => {
    const error = syntaxError('acme OR beta) x');
    expect(error.message).toBe('unexpected ")" at position 12\n  acme OR beta) x\n              ^');
    const multiline = syntaxError('acme\nOR )');
    expect(multiline.message).toBe('unexpected ")" at position 8\n  OR )\n     ^');
  });

  it('refuses nesting deeper than the limit, with a QuerySyntaxError rather than a stack overflow', () => {
    expect(() => parseQuery(`${'('.repeat(MAX_QUERY_DEPTH)}a${')'.repeat(MAX_QUERY_DEPTH)}`)).not.toThrow();
    expect(syntaxError(`${'('.repeat(10_000)}a`).reason).toBe('query nested too deeply');
    expect(syntaxError(`${'NOT '.repeat(10_000)}a`).reason).toBe('query nested too deeply');
    expect(syntaxError(`${'-'.repeat(10_000)}a`).reason).toBe('query nested too deeply');
  });

  it('formats a tree back into a query that parses to the same tree', () => {
    for (const q of ['a OR b c', 'NOT (a OR b) "x y"', '(a OR b) (c OR -d*)', '-a -b']) {
      const tree = parseQuery(q);
      const again = parseQuery(formatQuery(tree));
      expect(formatQuery(again)).toBe(formatQuery(tree));
    }
  });
});

describe('matching operators', () => {
  it('matches a bare term case-insensitively at word boundaries', () => {
    expect(matches('acme', 'I like ACME a lot')).toBe(true);
    expect(matches('acme', 'Acme.')).toBe(true);
    expect(matches('acme', 'acmeco is different')).toBe(false);
    expect(matches('acme', 'macme is different')).toBe(false);
    expect(matches('acme', 'acme2 is different')).toBe(false);
    expect(matches('acme', 'see acme.com and @acme')).toBe(true);
    expect(matches('acme', 'acme_corp')).toBe(true);
  });

  it('implements AND, implicit AND, OR, NOT and -exclusion', () => {
    expect(matches('acme AND cloud', 'acme has a cloud')).toBe(true);
    expect(matches('acme AND cloud', 'acme has no sky')).toBe(false);
    expect(matches('acme cloud', 'cloud by acme')).toBe(true);
    expect(matches('acme cloud', 'cloud by others')).toBe(false);
    expect(matches('acme OR beta', 'beta only')).toBe(true);
    expect(matches('acme OR beta', 'gamma only')).toBe(false);
    expect(matches('NOT acme', 'beta')).toBe(true);
    expect(matches('NOT acme', 'acme')).toBe(false);
    expect(matches('acme -anvil', 'acme makes rockets')).toBe(true);
    expect(matches('acme -anvil', 'acme anvil dropped')).toBe(false);
    expect(matches('acme -"road runner"', 'acme and the Road  Runner')).toBe(false);
    expect(matches('acme -"road runner"', 'acme and the runner on the road')).toBe(true);
  });

  it('respects precedence and parentheses', () => {
    // a OR (b AND c)
    expect(matches('a OR b c', 'a')).toBe(true);
    expect(matches('a OR b c', 'b')).toBe(false);
    expect(matches('a OR b c', 'b c')).toBe(true);
    // (a OR b) AND c
    expect(matches('(a OR b) c', 'a')).toBe(false);
    expect(matches('(a OR b) c', 'b c')).toBe(true);
    // (NOT a) AND b
    expect(matches('NOT a b', 'b')).toBe(true);
    expect(matches('NOT a b', 'a b')).toBe(false);
    expect(matches('NOT (a b)', 'a')).toBe(true);
    expect(matches('acme NOT (anvil OR rocket)', 'acme rocket')).toBe(false);
    expect(matches('acme NOT (anvil OR rocket)', 'acme cloud')).toBe(true);
  });

  it('matches phrases across any whitespace and only as whole words', () => {
    expect(matches('"acme cloud"', 'the Acme\n\tCloud\u00a0is down')).toBe(true);
    expect(matches('"acme cloud"', 'acme clouds')).toBe(false);
    expect(matches('"acme cloud"', 'cloud acme')).toBe(false);
  });

  it('treats a trailing * as a prefix', () => {
    expect(matches('acme*', 'Acmeco and AcmeCloud')).toBe(true);
    expect(matches('acme*', 'macme')).toBe(false);
    expect(matches('"acme*"', 'acme* literally')).toBe(true);
    expect(matches('"acme*"', 'acmeco')).toBe(false);
  });
});

describe('Unicode', () => {
  it('folds case beyond ASCII', () => {
    expect(matches('ÄRGER', 'so ein ärger')).toBe(true);
    expect(matches('straße', 'STRASSE')).toBe(true);
    expect(matches('ΣΟΦΟΣ', 'σοφος')).toBe(true);
    expect(matches('İstanbul', 'istanbul')).toBe(true);
  });

  it('matches full-width letters and ignores invisible characters (NFKC, format characters dropped)', () => {
    expect(matches('acme', 'ＡＣＭＥ rocks')).toBe(true);
    expect(matches('acme', 'ac\u00adme and ac\u200bme')).toBe(true);
    expect(matches('acme', 'ﬁ acme')).toBe(true);
    expect(matches('fish', 'ﬁsh')).toBe(true);
  });

  it('uses Unicode letters and digits as word characters', () => {
    expect(matches('café', 'un café noir')).toBe(true);
    expect(matches('café', 'cafés')).toBe(false);
    expect(matches('東京', '東京タワー')).toBe(false);
    expect(matches('東京', '「東京」')).toBe(true);
    expect(matches('acme', 'acme٣')).toBe(false);
  });

  it('drops every format character (Cf) this runtime knows', () => {
    const cf = /^\p{Cf}$/u;
    let seen = 0;
    for (let cp = 0; cp <= 0xe007f; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (!cf.test(ch)) continue;
      seen++;
      expect(foldText(`é${ch}b`)).toBe('éb');
    }
    expect(seen).toBeGreaterThan(150);
  });

  it('matches typographic apostrophes like straight ones', () => {
    expect(matches("O'Reilly", 'O’Reilly Media')).toBe(true);
  });
});

describe('punctuated names', () => {
  it.each([
    ['C++', 'I love C++!', true],
    ['C++', 'C++ is fast', true],
    ['C++', 'C+++ is not a thing', false],
    ['C++', 'C is not C++ (or C#)', true],
    ['AT&T', "AT&T's network is down", true],
    ['AT&T', 'AT&Tx', false],
    ['Node.js', 'Node.js, again', true],
    ['Node.js', 'we use node.js.', true],
    ['Node.js', 'node.jsx files', false],
    ['F#', 'F# rocks', true],
    ['F#', 'F## no', false],
    ['.NET', 'I use .NET daily', true],
    ['.NET', '(.NET)', true],
    ['.NET', 'ASP.NET is also fine', false],
    ["O'Reilly", "O'Reilly's books", true],
    ['@acme', 'thanks @acme!', true],
    ['@acme', 'mail me@acme.com', false],
    ['#acme', '##acme', false],
  ])('%s in %j → %s', (query, text, expected) => {
    expect(compileQuery(`"${query}"`).matches(text)).toBe(expected);
    expect(compileQuery(query).matches(text)).toBe(expected);
  });
});

describe('aliases and excludes', () => {
  const aliases = { Acme: ['Acme Corp', 'ACME Inc', '@acme'] };

  it('expands a term naming an alias group to its spellings', () => {
    const q = compileQuery('acme AND outage', { aliases });
    expect(q.matches('Acme Corp outage today')).toBe(true);
    expect(q.matches('outage at acme inc')).toBe(true);
    expect(q.matches('@acme outage?')).toBe(true);
    expect(q.matches('corp outage')).toBe(false);
    expect(compileQuery('"ACME"', { aliases }).matches('thanks @acme')).toBe(true);
    const other = { Acme: ['Wile Industries'] };
    expect(compileQuery('acme', { aliases: other }).matches('wile industries')).toBe(true);
    expect(compileQuery('acme*', { aliases: other }).matches('wile industries')).toBe(false);
  });

  it('rules texts out with exclude entries (quotes optional, * for a prefix)', () => {
    const q = compileQuery('acme', { exclude: ['"road runner"', 'wile e. coyote', 'anvil*'] });
    expect(q.matches('acme ships')).toBe(true);
    expect(q.matches('acme and the road runner')).toBe(false);
    expect(q.matches('acme vs Wile E. Coyote')).toBe(false);
    expect(q.matches('acme anvils')).toBe(false);
    expect(q.matches('acme road')).toBe(true);
  });

  it('lists positive terms, alias spellings included, for server-side search', () => {
    const q = compileQuery('acme AND ("big cloud" OR rocket*) -anvil NOT (x -y)', {
      aliases,
      exclude: ['z'],
    });
    expect(q.terms()).toEqual(['acme', 'Acme Corp', 'ACME Inc', '@acme', 'big cloud', 'rocket', 'y']);
    expect(compileQuery('acme OR ACME OR "acme"').terms()).toEqual(['acme']);
  });

  it('refuses a term that folds to nothing', () => {
    expect(() => compileQuery('acme \u200b')).toThrow(QuerySyntaxError);
  });
});

describe('matchMention', () => {
  it('returns the ids of the matching queries (the source when there is no id)', () => {
    const queries = [
      compileQuery('acme', { id: 'brand' }),
      compileQuery('outage OR down', { id: 'incidents' }),
      compileQuery('"acme cloud"'),
    ];
    expect(matchMention('ACME cloud is down', queries)).toEqual(['brand', 'incidents', '"acme cloud"']);
    expect(matchMention('nothing here', queries)).toEqual([]);
    expect(queries[0]!.id).toBe('brand');
    expect(queries[2]!.id).toBeUndefined();
  });

  it('folds once: matchesFolded agrees with matches', () => {
    const q = compileQuery('ärger OR ＡＣＭＥ');
    for (const t of ['ÄRGER!', 'acme', 'nothing']) expect(q.matchesFolded(foldText(t))).toBe(q.matches(t));
  });
});

describe('speed', () => {
  it('does not backtrack catastrophically on long adversarial texts', () => {
    const q = compileQuery('"a a a a b" OR a* OR "c++" OR (x y z)');
    const text = `${'a '.repeat(50_000)}${'+'.repeat(50_000)}`;
    const started = performance.now();
    expect(q.matches(text)).toBe(true);
    expect(compileQuery('"a a a a b"').matches(text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
