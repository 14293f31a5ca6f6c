/**
 * Reads that an API refuses in its own words (a bad request, key or id: HTTP 400, 401, 403, 404)
 * rather than with a page: the page handler accepts those statuses, takes the API's words from the
 * body and throws one clear error, instead of the HTTP client's generic one.
 */
import type { HttpResponse } from '../../http/types.js';

/** The statuses an API answers with its own explanation instead of a page. */
export function isRefusal(status: number): boolean {
  return status === 400 || status === 401 || status === 403 || status === 404;
}

/** An `acceptStatus` that hands pages (and 304 where validators are sent) and refusals to the caller. */
export function pageOrRefusal(conditional: boolean): (status: number) => boolean {
  return (s) => (s >= 200 && s < 300) || (conditional && s === 304) || isRefusal(s);
}

/** What the API said in a refusal, picked from its JSON body; '' when the body is not JSON or says nothing. */
export function refusalWords(res: HttpResponse, pick: (json: unknown) => string | undefined): string {
  try {
    return pick(res.json()) ?? '';
  } catch {
    return '';
  }
}

/**
 * `<subject> (HTTP <status>: <the API's words, at most 200 characters>) — <what to check>`, the
 * hint chosen by status (none for a status without one).
 */
export function refusalError(
  res: HttpResponse,
  subject: string,
  said: string,
  hints: Partial<Record<number, string>>,
): Error {
  const hint = hints[res.status];
  return new Error(
    `${subject} (HTTP ${res.status}${said ? `: ${said.slice(0, 200)}` : ''})${hint ? ` — ${hint}` : ''}`,
  );
}
