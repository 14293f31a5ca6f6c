import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../src/http/types.js';
import {
  isRefusal,
  pageOrRefusal,
  refusalError,
  refusalWords,
} from '../../../src/platforms/shared/refusal.js';

const answer = (status: number, text: string): HttpResponse =>
  ({ status, headers: {}, json: () => JSON.parse(text) }) as unknown as HttpResponse;
const message = (json: unknown) => (json as { message?: string }).message;

describe('refusals', () => {
  it('accepts pages and the statuses an API explains itself with, and 304 only where validators are sent', () => {
    expect([400, 401, 403, 404].every(isRefusal)).toBe(true);
    expect([200, 304, 409, 429, 500].some(isRefusal)).toBe(false);
    expect([200, 204, 304, 404].map(pageOrRefusal(true))).toEqual([true, true, true, true]);
    expect([304, 429, 500].map(pageOrRefusal(false))).toEqual([false, false, false]);
  });

  it("takes the API's words from a JSON body, nothing from another body", () => {
    expect(refusalWords(answer(404, '{"message":"Not found"}'), message)).toBe('Not found');
    expect(refusalWords(answer(404, '{"other":1}'), message)).toBe('');
    expect(refusalWords(answer(502, '<html>Bad gateway</html>'), message)).toBe('');
  });

  it('says the status, at most 200 characters of the words and the hint for that status', () => {
    const hints = { 401: 'check the apiKey credential', 404: 'check the id' };
    expect(
      refusalError(answer(401, ''), 'reading the reviews was refused', 'Unauthorized', hints).message,
    ).toBe('reading the reviews was refused (HTTP 401: Unauthorized) — check the apiKey credential');
    expect(refusalError(answer(400, ''), 'reviews of "acme" were refused', '', hints).message).toBe(
      'reviews of "acme" were refused (HTTP 400)',
    );
    const long = refusalError(answer(404, ''), 'x was refused', 'w'.repeat(300), hints).message;
    expect(long).toBe(`x was refused (HTTP 404: ${'w'.repeat(200)}) — check the id`);
  });
});
