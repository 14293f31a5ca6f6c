/**
 * The last line of defence for credentials (src/secrets.ts): whole values in every form, and
 * fragments — a message cut short keeps a token's first characters, which a search for the whole
 * value misses (issue #16).
 */
import { describe, expect, it } from 'vitest';
import { credentialValues, FRAGMENT_LENGTH, scrubSecrets, secretFragments } from '../../../src/secrets.js';

const TOKEN = 'Ma5Tq8ZxW3nK7pLr2vYb9cD4fGh6jS1uE0oI';
const values = credentialValues([{ credentials: { token: 'T', agent: 'UA' } }], {
  T: TOKEN,
  UA: 'acme-earshot 1.0 (by /u/acme_team)',
});

describe('scrubSecrets', () => {
  it('masks whole values and every cut of a token-like one', () => {
    expect(scrubSecrets(`got "Bearer ${TOKEN}"`, values)).toBe('got "Bearer ***"');
    for (let n = FRAGMENT_LENGTH; n < TOKEN.length; n++) {
      const cut = `${'x'.repeat(5)} got "Bearer ${TOKEN.slice(0, n)}…`;
      const out = scrubSecrets(cut, values);
      expect(out).toBe(`${'x'.repeat(5)} got "Bearer ***…`);
    }
    // a fragment from the middle or the end, glued to other characters
    expect(scrubSecrets(`id=ab${TOKEN.slice(10, 30)}cd`, values)).toBe('id=ab***cd');
  });

  it('leaves shorter runs and values with blanks to the whole-value search', () => {
    expect(scrubSecrets(`short ${TOKEN.slice(0, FRAGMENT_LENGTH - 1)} stays`, values)).toContain(
      TOKEN.slice(0, FRAGMENT_LENGTH - 1),
    );
    expect(scrubSecrets('sent by acme-earshot today', values)).toBe('sent by acme-earshot today');
    expect(scrubSecrets('acme-earshot 1.0 (by /u/acme_team)', values)).toBe('***');
  });

  it('gives the runner the fragments to mask too', () => {
    const fragments = secretFragments(values);
    expect(fragments).toContain(TOKEN.slice(0, FRAGMENT_LENGTH));
    expect(fragments).toContain(TOKEN.slice(-FRAGMENT_LENGTH));
    expect(fragments.every((f) => f.length === FRAGMENT_LENGTH)).toBe(true);
    expect(fragments.some((f) => f.includes(' '))).toBe(false);
  });

  it('is linear on long text', () => {
    const text = `${TOKEN.slice(0, 7)}x`.repeat(200_000);
    const started = performance.now();
    scrubSecrets(text, values);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
