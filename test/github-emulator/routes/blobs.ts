/**
 * Git blobs (docs.github.com/rest/git/blobs): "Get a blob" answers any blob the repository holds,
 * base64 in JSON or raw bytes with the raw media type, up to 100 MB; "Create a blob" stores one.
 */
import { notFound, validationFailed } from '../errors.js';
import { FILE_SIZE_LIMIT, rawResult, tooLarge, wantsRaw } from '../media.js';
import { bodyObject, optString, param } from '../paging.js';
import type { RequestContext, Route, RouteResult } from '../router.js';

const contentsRead = { scope: 'contents', level: 'read' } as const;
const contentsWrite = { scope: 'contents', level: 'write', minRole: 'write' } as const;

function getBlob(ctx: RequestContext): RouteResult {
  const blob = ctx.repo.blob(param(ctx, 'file_sha'));
  if (!blob) throw notFound();
  // "This endpoint supports blobs up to 100 megabytes in size."
  if (blob.content.length > FILE_SIZE_LIMIT) throw tooLarge(blob.content.length);
  // `application/vnd.github.raw+json`: "Returns the raw blob data."
  if (wantsRaw(ctx.accept)) return rawResult(blob.content);
  return { status: 200, body: ctx.render.blob(ctx.repo, blob) };
}

/** `encoding` is `utf-8` (the default) or `base64` ("Create a blob", body parameters). */
function createBlob(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const content = optString(body, 'content');
  if (content === undefined)
    throw validationFailed({ resource: 'Blob', code: 'missing_field', field: 'content' });
  const encoding = optString(body, 'encoding') ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') {
    throw validationFailed({ resource: 'Blob', code: 'invalid', field: 'encoding', value: encoding });
  }
  const file = ctx.repo.storeBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
  return {
    status: 201,
    body: ctx.render.shortBlob(ctx.repo, file.sha),
    headers: { location: ctx.render.blobUrl(ctx.repo, file.sha) },
  };
}

export const blobRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    access: contentsRead,
    handle: getBlob,
  },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/blobs', access: contentsWrite, handle: createBlob },
];
