/**
 * Custom media types and size limits of the endpoints that return file data.
 *
 * - Media types (docs.github.com/rest/using-the-rest-api/getting-started-with-the-rest-api#media-types):
 *   `application/vnd.github.raw+json` (older spelling `application/vnd.github.v3.raw`, what
 *   Octokit's `mediaType: { format: 'raw' }` sends) asks for the raw bytes instead of JSON.
 * - "Get repository content" (docs.github.com/rest/repos/contents#get-repository-content): files of
 *   1 MB or less support every feature; between 1 and 100 MB only the `raw` and `object` media
 *   types are supported, and the JSON object has `content: ""` and `encoding: "none"`; over 100 MB
 *   the endpoint is not supported. The GitHub changelog of 2022-05-03 ("Increased file size limit
 *   when retrieving file contents via REST API") raised the limit from 1 MB to 100 MB on that
 *   condition.
 * - "Get a blob" (docs.github.com/rest/git/blobs#get-a-blob): blobs up to 100 MB.
 */
import { ApiError } from './errors.js';
import type { RouteResult } from './router.js';

export const MB = 1024 * 1024;
/** Largest file whose content the contents API inlines as base64 (1 MB; larger: `encoding: "none"`). */
export const CONTENTS_INLINE_LIMIT = MB;
/** Largest file or blob the contents and blob endpoints serve at all (100 MB). */
export const FILE_SIZE_LIMIT = 100 * MB;

const RAW = /^application\/vnd\.github(?:\.v3)?\.raw(?:\+json)?$/i;

/** Whether an Accept header asks for the raw media type (any of its comma-separated entries). */
export function wantsRaw(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((entry) => RAW.test((entry.split(';')[0] ?? '').trim()));
}

/** A raw answer: the bytes themselves, with the media type GitHub names in its headers. */
export function rawResult(content: Buffer): RouteResult {
  return {
    status: 200,
    body: content,
    headers: {
      'content-type': 'application/vnd.github.raw; charset=utf-8',
      'x-github-media-type': 'github.v3; param=raw',
    },
  };
}

/**
 * 403 for a file over the limit. The `Blob`/`data`/`too_large` error is the one GitHub has sent for
 * blobs the contents API would not serve; the message is the emulator's own.
 */
export function tooLarge(size: number): ApiError {
  return new ApiError(
    403,
    `This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API (${size} bytes).`,
    [{ resource: 'Blob', field: 'data', code: 'too_large' }],
  );
}
