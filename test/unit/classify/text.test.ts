import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize, tokensOf } from '../../../src/classify/text.js';

describe('normalizeText', () => {
  it('decodes HTML entities, lowercases and replaces URLs, handles and numbers', () => {
    expect(normalizeText('@United Flight 1234 &amp; gate B12 http://t.co/AbC')).toBe(
      '_user_ flight _num_ & gate b _num_ _url_',
    );
  });

  it('caps elongations, unifies apostrophes and turns <3 into a heart', () => {
    expect(normalizeText('Sooooo goood I can’t wait <3')).toBe("sooo goood i can't wait \u2764");
  });

  it('keeps an e-mail address from becoming a handle', () => {
    expect(normalizeText('mail me at a@b.com')).toBe('mail me at a@b.com');
  });
});

describe('tokenize', () => {
  it('keeps !, ?, emoji, emoticons and placeholders as tokens and drops other punctuation', () => {
    expect(tokensOf('@JetBlue why?! Worst. Flight. Ever :( 😡 https://x.co/1')).toEqual([
      '_user_',
      'why',
      '?',
      '!',
      'worst',
      'flight',
      'ever',
      ':(',
      '😡',
      '_url_',
    ]);
  });

  it('keeps inner apostrophes and an ellipsis', () => {
    expect(tokenize("don't go... ok")).toEqual(["don't", 'go', '...', 'ok']);
  });

  it('does not read a colon inside a word as an emoticon', () => {
    expect(tokenize('re:do')).toEqual(['re', 'do']);
  });

  it('returns no tokens for empty text', () => {
    expect(tokensOf('   ')).toEqual([]);
  });
});
