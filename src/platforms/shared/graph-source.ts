/**
 * What a Graph API source (facebook, instagram) sets up before it reads: the token (required, with
 * its own help), the optional app secret and its `appsecret_proof`, the token header, one usage
 * meter for the run, requests on the configured root, the secrets to keep out of messages, and the
 * usage warning added to the result at the end.
 */
import type { HttpResponse } from '../../http/types.js';
import type { CredentialSpec, FetchResult, SourceContext } from '../source.js';
import { apiUrl, type CredentialHelp, optionalCredential, requireCredential } from './api-source.js';
import {
  type GraphPaging,
  GraphUsage,
  graphBody,
  graphHeaders,
  graphNext,
  graphStatus,
  proofParam,
} from './graph-api.js';
import type { PageRequest } from './window-fetch.js';

/** The optional `appSecret` credential every Graph source declares. */
export const APP_SECRET_CREDENTIAL: CredentialSpec = {
  name: 'appSecret',
  required: false,
  description:
    "The app's secret (App settings → Basic), when the app requires appsecret_proof on every call.",
};

export interface GraphSession {
  token: string;
  /** The usage headers of every answer, noted by the caller (`usage.note(res)`). */
  usage: GraphUsage;
  /** A GET on the source's root: the parameters plus `appsecret_proof`, the token in the header. */
  request(path: string, params: Record<string, string | number>): PageRequest;
  /** An answer's JSON body, its usage noted first; a GraphApiError when it is an error (graphBody). */
  body(res: HttpResponse, what: string, permissions: string): unknown;
  /** The next page (graphNext), none once a limit is nearly used up. */
  next(req: PageRequest, paging: GraphPaging | null | undefined): PageRequest | undefined;
  /** The token, the app secret and the proof: kept out of every message. */
  secrets(): (string | undefined)[];
  /** The result with the usage warning (a limit nearly used up) after its own warnings. */
  withUsageWarning(result: FetchResult): FetchResult;
}

/** Reads the credentials (a clear SourceError when the token is missing) and sets up the run's reads. */
export function graphSession(
  title: string,
  ctx: SourceContext,
  tokenHelp: CredentialHelp,
  baseUrl: string,
): GraphSession {
  const token = requireCredential(title, ctx, tokenHelp);
  const appSecret = optionalCredential(ctx, 'appSecret');
  const headers = graphHeaders(token);
  const proof = proofParam(token, appSecret);
  const usage = new GraphUsage();
  return {
    token,
    usage,
    request: (path, params) => ({
      url: apiUrl(baseUrl, path, { ...params, ...proof }),
      headers,
      acceptStatus: graphStatus,
    }),
    body(res, what, permissions) {
      usage.note(res);
      return graphBody(res, what, permissions, usage);
    },
    next: (req, paging) => (usage.nearLimit ? undefined : graphNext(req, paging)),
    secrets: () => [token, appSecret, proof.appsecret_proof],
    withUsageWarning(result) {
      const high = usage.warning();
      return high ? { ...result, warnings: [...(result.warnings ?? []), high] } : result;
    },
  };
}

/** The first line of a post's message or a media's caption, at most 120 characters: the title of a comment under it. */
export function captionTitle(text: string | null | undefined): string | undefined {
  const line = text?.trim().split('\n')[0];
  if (!line) return undefined;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
