/**
 * The last line of defence for credentials (src/secrets.ts): whole values in every form, and
 * fragments — a message cut short keeps a token's first characters, which a search for the whole
 * value misses (issue #16).
 */
import { describe, expect, it } from 'vitest';
import { credentialValues, FRAGMENT_LENGTH, scrubSecrets, secretFragments } from '../../../src/secrets.js';

const TOKEN = 'Ma5Tq8ZxW3nK7pLr2vYb9cD4fGh6jS1uE0oI';
const values = credentialValues(
  [{ credentials: { token: 'T', userAgent: 'UA', identifier: 'ID', clientId: 'CID' } }],
  {
    T: TOKEN,
    UA: 'acme-earshot 1.0 (by /u/acme_team)',
    ID: 'acme-listens.bsky.social',
    CID: 'reddit-client-id-42',
  },
);

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

  it('leaves shorter runs, and pieces of credentials that are not secret, to the whole-value search', () => {
    expect(scrubSecrets(`short ${TOKEN.slice(0, FRAGMENT_LENGTH - 1)} stays`, values)).toContain(
      TOKEN.slice(0, FRAGMENT_LENGTH - 1),
    );
    // a User-Agent, a handle used as the sign-in identifier, a client id: their pieces are ordinary words
    for (const text of [
      'sent by acme-earshot today',
      'Quoting @omar.bsky.social: thanks',
      'see reddit-client-side docs',
    ])
      expect(scrubSecrets(text, values)).toBe(text);
    expect(scrubSecrets('acme-earshot 1.0 (by /u/acme_team)', values)).toBe('***');
    expect(scrubSecrets('signed in as acme-listens.bsky.social', values)).toBe('signed in as ***');
  });

  it('gives the runner the fragments of the secret credentials to mask too', () => {
    const fragments = secretFragments(values);
    expect(fragments).toHaveLength(TOKEN.length - FRAGMENT_LENGTH + 1);
    expect(fragments).toContain(TOKEN.slice(0, FRAGMENT_LENGTH));
    expect(fragments).toContain(TOKEN.slice(-FRAGMENT_LENGTH));
    expect(secretFragments([...values])).toEqual([]); // only lists credentialValues made
  });

  it('is linear on long text', () => {
    const text = `${TOKEN.slice(0, 7)}x`.repeat(200_000);
    const started = performance.now();
    scrubSecrets(text, values);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
