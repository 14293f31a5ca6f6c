import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  formatQuery,
  parseQuery,
  type QueryNode,
  QuerySyntaxError,
} from '../../../src/mentions/match.js';

/** Runs per property; a benchmark can raise it with EARSHOT_PROPERTY_RUNS. */
const RUNS = Number(process.env.EARSHOT_PROPERTY_RUNS) || 1000;
const params = { numRuns: RUNS };

const VOCAB = ['acme', 'beta', 'gamma', 'delta'] as const;
const DISTRACTORS = ['acmeco', 'betas', 'xacme', 'other'] as const;
const SEPARATORS = [' ', '  ', '\n', ', ', '! ', ' (', ') ', '-', '.', ' \u00a0'] as const;

const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
  fc.constantFrom(...VOCAB).map((value): QueryNode => ({ type: 'term', value, prefix: false, position: 0 })),
  fc
    .tuple(fc.constantFrom(...VOCAB), fc.constantFrom(...VOCAB))
    .map(([a, b]): QueryNode => ({ type: 'phrase', value: `${a} ${b}`, position: 0 })),
);

const { node: queryTree } = fc.letrec<{ node: QueryNode; and: QueryNode; or: QueryNode; not: QueryNode }>(
  (tie) => ({
    node: fc.oneof({ maxDepth: 4, depthIdentifier: 'query' }, leaf, tie('and'), tie('or'), tie('not')),
    and: fc
      .array(tie('node'), { minLength: 2, maxLength: 3 })
      .map((children): QueryNode => ({ type: 'and', children })),
    or: fc
      .array(tie('node'), { minLength: 2, maxLength: 3 })
      .map((children): QueryNode => ({ type: 'or', children })),
    not: tie('node').map((child): QueryNode => ({ type: 'not', child })),
  }),
);

interface Text {
  text: string;
  words: string[];
  seps: string[];
}

const text: fc.Arbitrary<Text> = fc
  .array(
    fc.record({
      word: fc.constantFrom(...VOCAB, ...DISTRACTORS),
      upper: fc.boolean(),
      sep: fc.constantFrom(...SEPARATORS),
    }),
    { maxLength: 8 },
  )
  .map((parts) => ({
    text: parts.map((p) => `${p.upper ? p.word.toUpperCase() : p.word}${p.sep}`).join(''),
    words: parts.map((p) => p.word),
    seps: parts.map((p) => p.sep),
  }));

/** The meaning of a query over a text made of known words: an independent reference. */
function reference(node: QueryNode, t: Text): boolean {
  switch (node.type) {
    case 'term':
      return t.words.includes(node.value);
    case 'phrase': {
      const [a, b] = node.value.split(' ');
      return t.words.some((w, i) => w === a && t.words[i + 1] === b && /^\s+$/u.test(t.seps[i]!));
    }
    case 'and':
      return node.children.every((c) => reference(c, t));
    case 'or':
      return node.children.some((c) => reference(c, t));
    case 'not':
      return !reference(node.child, t);
  }
}

const matches = (query: string, t: string) => compileQuery(query).matches(t);

describe('query semantics (property-based)', () => {
  it('agrees with a reference evaluator on random queries and texts, in any letter case', () => {
    fc.assert(
      fc.property(queryTree, text, (tree, t) => {
        expect(matches(formatQuery(tree), t.text)).toBe(reference(tree, t));
      }),
      params,
    );
  });

  it('A OR B ≡ A || B; A AND B ≡ A && B; A B ≡ A AND B', () => {
    fc.assert(
      fc.property(queryTree, queryTree, text, (a, b, t) => {
        const fa = formatQuery(a);
        const fb = formatQuery(b);
        const ma = matches(fa, t.text);
        const mb = matches(fb, t.text);
        expect(matches(`(${fa}) OR (${fb})`, t.text)).toBe(ma || mb);
        expect(matches(`(${fa}) AND (${fb})`, t.text)).toBe(ma && mb);
        expect(matches(`(${fa}) (${fb})`, t.text)).toBe(ma && mb);
      }),
      params,
    );
  });

  it('NOT A ≡ -A ≡ !A, and De Morgan holds both ways', () => {
    fc.assert(
      fc.property(queryTree, queryTree, text, (a, b, t) => {
        const fa = formatQuery(a);
        const fb = formatQuery(b);
        const ma = matches(fa, t.text);
        expect(matches(`NOT (${fa})`, t.text)).toBe(!ma);
        expect(matches(`-(${fa})`, t.text)).toBe(!ma);
        expect(matches(`NOT ((${fa}) OR (${fb}))`, t.text)).toBe(
          matches(`NOT (${fa}) AND NOT (${fb})`, t.text),
        );
        expect(matches(`NOT ((${fa}) AND (${fb}))`, t.text)).toBe(
          matches(`NOT (${fa}) OR NOT (${fb})`, t.text),
        );
      }),
      params,
    );
  });

  it('formatQuery output parses back to the same tree', () => {
    fc.assert(
      fc.property(queryTree, (tree) => {
        expect(formatQuery(parseQuery(formatQuery(tree)))).toBe(formatQuery(tree));
      }),
      params,
    );
  });

  it('terms() lists only terms that occur positively', () => {
    fc.assert(
      fc.property(queryTree, (tree) => {
        const positive = new Set<string>();
        const walk = (n: QueryNode, negated: boolean): void => {
          if (n.type === 'not') walk(n.child, !negated);
          else if (n.type === 'and' || n.type === 'or') for (const c of n.children) walk(c, negated);
          else if (!negated) positive.add(n.value);
        };
        walk(tree, false);
        expect(new Set(compileQuery(formatQuery(tree)).terms())).toEqual(positive);
      }),
      params,
    );
  });
});

const NO_QUOTES = (s: string) => !/["\u201C\u201D]/.test(s);

/** Compiles, or undefined when the query is refused (a phrase that folds to nothing). */
function compileOrSkip(query: string) {
  try {
    return compileQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return undefined;
    throw error;
  }
}

describe('phrases and terms (property-based)', () => {
  it('a phrase matches any text that contains it surrounded by spaces', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }).filter(NO_QUOTES),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (phrase, before, after) => {
          fc.pre(phrase.trim() !== '');
          const q = compileOrSkip(`"${phrase}"`);
          fc.pre(q !== undefined);
          expect(q!.matches(`${before} ${phrase} ${after}`)).toBe(true);
        },
      ),
      params,
    );
  });

  // The surrounding text uses characters the generated words cannot contain (—, ж), so the only
  // possible match is the one the property is about.
  it('a word matches itself between spaces but not glued to a letter', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zà-ÿ0-9]{1,12}$/), (word) => {
        const q = compileQuery(`"${word}"`);
        expect(q.matches(`— ${word} —`)).toBe(true);
        expect(q.matches(`— ${word.toUpperCase()}, —`)).toBe(true);
        expect(q.matches(`— ${word}ж —`)).toBe(false);
        expect(q.matches(`— ж${word} —`)).toBe(false);
      }),
      params,
    );
  });

  it('a prefix term matches the stem followed by anything', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9ж]{0,8}$/), (stem, rest) => {
        expect(matches(`${stem}*`, `— ${stem}${rest}!`)).toBe(true);
        expect(matches(`${stem}*`, `— ж${stem}${rest}!`)).toBe(false);
      }),
      params,
    );
  });
});

describe('parser robustness (property-based)', () => {
  const queryAlphabet = fc.constantFrom(
    'acme',
    'b',
    ' ',
    'AND',
    'OR',
    'NOT',
    '-',
    '(',
    ')',
    '"',
    '“',
    '”',
    '*',
    '\u200b',
    'É',
    '\n',
    'C++',
    '#',
  );

  const onlySyntaxErrors = (source: string) => {
    try {
      compileQuery(source).matches('acme b C++ É');
    } catch (error) {
      expect(error).toBeInstanceOf(QuerySyntaxError);
      const e = error as QuerySyntaxError;
      expect(e.position).toBeGreaterThanOrEqual(0);
      expect(e.position).toBeLessThanOrEqual(source.length);
    }
  };

  it('never throws anything but QuerySyntaxError on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), onlySyntaxErrors), params);
  });

  it('never throws anything but QuerySyntaxError on query-like strings', () => {
    fc.assert(fc.property(fc.string({ unit: queryAlphabet, maxLength: 40 }), onlySyntaxErrors), params);
  });
});
