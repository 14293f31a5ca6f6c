/**
 * The SourceAdapter contract (DESIGN §2 sources/, convention 4: sources are plugins).
 *
 * One per platform folder (src/platforms/<kind>/source.ts), registered through the platform in
 * src/platforms/index.ts.
 * An adapter is a pure `parse()` (payload → RawItem[], tested on fixture files) plus a small
 * `fetch()` that goes through the shared HttpClient (tested against a loopback server).
 */
import * as z from 'zod';
import type { HttpClient, Validators } from '../http/types.js';
import type { Logger } from '../logger.js';
import type { RawItem } from '../mentions/mention.js';

/** Shapes of real tokens (GitHub, Slack, OpenAI, AWS, Google …), refused where a variable NAME belongs. */
const SECRET_SHAPES =
  /^(gh[pousr]_|github_pat_|xox[abpsr]-?|sk-|sk_live_|AKIA|AIza|glpat-)|^[A-Za-z0-9_]{36,}$/;

/** Fields every source entry in the config has, whatever its kind. */
export const sourceBaseSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"')
    .describe('Stable id of this source: keys its cursor in the state file. Do not rename it.'),
  enabled: z.boolean().default(true).describe('Set to false to skip this source without deleting it.'),
  weight: z
    .number()
    .min(0)
    .max(10)
    .default(1)
    .describe('How much a mention here counts for priority (1 = normal).'),
  queries: z
    .array(z.string())
    .optional()
    .describe('Ids of the queries whose matches this source files (default: all queries).'),
  credentials: z
    .record(
      z.string(),
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'name an environment variable')
        .refine(
          (v) => !SECRET_SHAPES.test(v),
          'this looks like a secret itself: put it in an environment variable (a repository secret) and name that variable here',
        ),
    )
    .optional()
    .describe('Credential name → NAME of the environment variable that holds it (never the secret itself).'),
});
export type SourceBase = z.infer<typeof sourceBaseSchema>;

/**
 * The per-source memory kept between runs (in the state file). A cursor catches up after late or
 * missed scheduled runs: it remembers where the last successful fetch stopped, never "the last
 * hour". It moves only when the fetch succeeded.
 */
export interface SourceCursor {
  /** ISO time of the newest item seen so far. */
  since?: string;
  /** HTTP validators per request URL, for conditional requests (304 Not Modified). */
  validators?: Record<string, Validators>;
  /** Adapter-specific, JSON-serializable (last seen id, page token …). Keep it small. */
  data?: Record<string, string | number | boolean>;
}

export interface SourceContext<S extends SourceBase = SourceBase> {
  /** The validated config entry of this source. */
  source: S;
  http: HttpClient;
  /** The cursor from the previous successful run, if any. */
  cursor: SourceCursor | undefined;
  /** A credential by its name in the adapter's `credentials`, read from the env var the config names. */
  credential(name: string): string | undefined;
  /**
   * Plain terms for search APIs (company names, aliases, products, people, handles). Adapters with a
   * server-side search send these (or the source's own `query` option); Earshot's query language is
   * applied locally afterwards, so a broad server-side search is fine.
   */
  searchTerms: readonly string[];
  /** The clock, injected so tests are deterministic. */
  now: Date;
  /** How far back a first run (no cursor) looks. */
  lookbackDays: number;
  logger: Logger;
  signal?: AbortSignal;
}

export interface FetchResult {
  items: RawItem[];
  /** The cursor to store if the run succeeds. */
  cursor: SourceCursor;
  /** Per-item problems that did not fail the source (a bad date, a missing link …). */
  warnings?: string[];
  /** HTTP requests made and bytes received, for progress output and benchmarks. */
  requests?: number;
  bytes?: number;
}

export interface ParseInput {
  body: Uint8Array | string;
  /** The URL the payload came from (resolves relative links). */
  url: string;
  contentType?: string;
}

export interface CredentialSpec {
  /** The name used in the config's `credentials:` map (e.g. `token`). */
  name: string;
  required: boolean;
  /** What it is and where to get it. */
  description: string;
}

export interface SourceAdapter<S extends SourceBase = SourceBase> {
  kind: string;
  /** Human name, e.g. "Hacker News (Algolia search)". */
  title: string;
  /** The full schema of a config entry of this kind: sourceBaseSchema.extend({ kind: z.literal(…), … }). */
  schema: z.ZodType<S>;
  credentials: readonly CredentialSpec[];
  /** How the cursor works, in one line (e.g. "created_at of the newest hit"). */
  cursor: string;
  /** Which field gives the author's reach, in one line ("points", "followers_count" …). */
  reach: string;
  /** Rate limits and other limits, in one line. */
  limits: string;
  /**
   * Key mentions by canonical URL even when the item has an id (feeds and pages: a guid is only
   * unique within one feed, while the same article found through two feeds must collapse).
   */
  keyByUrl?: boolean;
  /**
   * The item's URL names that one item (a permalink), so it is one of the mention's ids; false for
   * sources whose items share a URL — app-store reviews of one app, html items that fall back to the
   * page URL, json.
   */
  urlNamesItem?: boolean;
  /**
   * Every item is about the company — reviews of its own app or business, read with its own
   * credentials — so the scan files each one without a query match (the source's `queries:` still
   * says which queries it counts for). Sources that search or read public places leave it unset.
   */
  ownPresence?: boolean;
  /** Pure: a payload the source returned → items. Throws a clear Error when it is not that kind of payload. */
  parse(input: ParseInput, source: S): RawItem[];
  /** Fetches what is new since the cursor. Throws (SourceError/HttpError) when the source failed. */
  fetch(ctx: SourceContext<S>): Promise<FetchResult>;
}
