/** The repository, collaborator permissions, contents (with compare-and-swap), git refs and branches. */
import { ApiError, notFound, validationFailed } from '../errors.js';
import { FILE_SIZE_LIMIT, rawResult, tooLarge, wantsRaw } from '../media.js';
import { bodyObject, optString, param } from '../paging.js';
import type { RequestContext, Route, RouteResult } from '../router.js';
import type { Commit, GitFile, Repo } from '../store.js';

const meta = { scope: 'metadata', level: 'read' } as const;
const contentsRead = { scope: 'contents', level: 'read' } as const;
const contentsWrite = { scope: 'contents', level: 'write', minRole: 'write' } as const;

/** A ref as the contents API accepts it: branch name, `refs/heads/x`, `heads/x` or a commit sha. */
function resolveRef(repo: Repo, ref: string): { branch: string; commit: Commit } | undefined {
  const name = ref.replace(/^refs\//, '').replace(/^heads\//, '');
  const head = repo.head(name);
  if (head) return { branch: name, commit: head };
  const commit = repo.commits.get(ref);
  return commit ? { branch: ref, commit } : undefined;
}

function getContent(ctx: RequestContext): RouteResult {
  const path = param(ctx, 'path').replace(/^\/+|\/+$/g, '');
  const ref = ctx.query.get('ref') ?? ctx.repo.defaultBranch;
  const at = resolveRef(ctx.repo, ref);
  if (!at) throw new ApiError(404, `No commit found for the ref ${ref}`);
  const file = at.commit.files.get(path);
  if (file) {
    // Files over 100 MB: "This endpoint is not supported" (docs, "Get repository content").
    if (file.content.length > FILE_SIZE_LIMIT) throw tooLarge(file.content.length);
    // The raw media type answers the bytes at any supported size; the JSON object inlines
    // base64 content up to 1 MB only (see Renderer.contentFile). Directories ignore media types.
    if (wantsRaw(ctx.accept)) return rawResult(file.content);
    return { status: 200, body: ctx.render.contentFile(ctx.repo, at.branch, path, file) };
  }
  const prefix = `${path}/`;
  const entries = new Map<string, { type: 'file' | 'dir'; file?: GitFile }>();
  for (const [p, f] of at.commit.files) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) entries.set(rest, { type: 'file', file: f });
    else entries.set(rest.slice(0, slash), { type: 'dir' });
  }
  if (entries.size === 0) throw notFound();
  const body = [...entries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, entry]) => {
      const full = `${prefix}${name}`;
      if (entry.file) {
        const {
          content: _content,
          encoding: _encoding,
          ...rest
        } = ctx.render.contentFile(ctx.repo, at.branch, full, entry.file);
        return rest;
      }
      const url = `${ctx.render.repoApi(ctx.repo)}/contents/${full}?ref=${encodeURIComponent(at.branch)}`;
      const html = `${ctx.render.repoHtml(ctx.repo)}/tree/${at.branch}/${full}`;
      const git = `${ctx.render.repoApi(ctx.repo)}/git/trees/${at.commit.treeSha}`;
      return {
        type: 'dir',
        size: 0,
        name,
        path: full,
        sha: at.commit.treeSha,
        url,
        git_url: git,
        html_url: html,
        download_url: null,
        _links: { self: url, git, html },
      };
    });
  return { status: 200, body };
}

/**
 * "Create or update file contents". Its size limit is 100 MB (GitHub changelog 2022-05-03), so files
 * over the 1 MB that reading inlines are written as usual.
 */
function putContent(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const path = param(ctx, 'path').replace(/^\/+|\/+$/g, '');
  const message = optString(body, 'message');
  const content = optString(body, 'content');
  if (message === undefined)
    throw validationFailed({ resource: 'Content', code: 'missing_field', field: 'message' });
  if (content === undefined)
    throw validationFailed({ resource: 'Content', code: 'missing_field', field: 'content' });
  const branch = optString(body, 'branch') ?? ctx.repo.defaultBranch;
  const sha = optString(body, 'sha');
  const result = ctx.repo.putFile(branch, path, Buffer.from(content, 'base64'), message, sha);
  return {
    status: result.created ? 201 : 200,
    body: ctx.render.fileCommit(ctx.repo, branch, path, result.file, result.commit),
  };
}

function deleteContent(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const path = param(ctx, 'path').replace(/^\/+|\/+$/g, '');
  const sha = optString(body, 'sha');
  const message = optString(body, 'message') ?? `Delete ${path}`;
  if (sha === undefined) throw validationFailed({ resource: 'Content', code: 'missing_field', field: 'sha' });
  const branch = optString(body, 'branch') ?? ctx.repo.defaultBranch;
  const commit = ctx.repo.deleteFile(branch, path, message, sha);
  return { status: 200, body: ctx.render.fileCommit(ctx.repo, branch, path, null, commit) };
}

function branchOfRef(ref: string): string | undefined {
  const m = /^(?:refs\/)?heads\/(.+)$/.exec(ref);
  return m?.[1];
}

function getRef(ctx: RequestContext): RouteResult {
  const branch = branchOfRef(param(ctx, 'ref'));
  const sha = branch === undefined ? undefined : ctx.repo.branches.get(branch);
  if (branch === undefined || sha === undefined) throw notFound();
  return { status: 200, body: ctx.render.gitRef(ctx.repo, branch, sha) };
}

function createRef(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const ref = optString(body, 'ref') ?? '';
  const sha = optString(body, 'sha') ?? '';
  if (!/^refs\/[^/]+\/.+/.test(ref)) {
    throw new ApiError(422, 'Reference name must be a fully qualified ref (refs/heads/<branch>).');
  }
  const branch = branchOfRef(ref);
  if (branch === undefined) throw new ApiError(422, 'Only branch refs (refs/heads/…) are emulated.');
  if (ctx.repo.branches.has(branch)) throw new ApiError(422, 'Reference already exists');
  if (!ctx.repo.commits.has(sha)) throw new ApiError(422, 'Object does not exist');
  ctx.repo.branches.set(branch, sha);
  return { status: 201, body: ctx.render.gitRef(ctx.repo, branch, sha) };
}

function isAncestor(repo: Repo, ancestor: string, of: string): boolean {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    stack.push(...(repo.commits.get(sha)?.parents ?? []));
  }
  return false;
}

function updateRef(ctx: RequestContext): RouteResult {
  const branch = branchOfRef(param(ctx, 'ref'));
  const current = branch === undefined ? undefined : ctx.repo.branches.get(branch);
  if (branch === undefined || current === undefined) throw new ApiError(422, 'Reference does not exist');
  const body = bodyObject(ctx);
  const sha = optString(body, 'sha') ?? '';
  if (!ctx.repo.commits.has(sha)) throw new ApiError(422, 'Object does not exist');
  if (body.force !== true && !isAncestor(ctx.repo, current, sha)) {
    throw new ApiError(422, 'Update is not a fast forward');
  }
  ctx.repo.branches.set(branch, sha);
  return { status: 200, body: ctx.render.gitRef(ctx.repo, branch, sha) };
}

export const repositoryRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}',
    access: meta,
    handle: (ctx) => ({ status: 200, body: ctx.render.repository(ctx.repo) }),
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    access: meta,
    handle: (ctx) => {
      const account = ctx.store.account(param(ctx, 'username'));
      if (!account.exists) throw notFound();
      return { status: 200, body: ctx.render.collaboratorPermission(ctx.repo, account) };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/collaborators/{username}',
    access: meta,
    handle: (ctx) => {
      const account = ctx.store.findAccount(param(ctx, 'username'));
      if (!account?.exists || account.role === undefined || account.role === 'none') throw notFound();
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/contents/{path}',
    access: contentsRead,
    handle: getContent,
  },
  {
    method: 'PUT',
    template: '/repos/{owner}/{repo}/contents/{path}',
    access: contentsWrite,
    handle: putContent,
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/contents/{path}',
    access: contentsWrite,
    handle: deleteContent,
  },
  { method: 'GET', template: '/repos/{owner}/{repo}/git/ref/{ref}', access: contentsRead, handle: getRef },
  { method: 'POST', template: '/repos/{owner}/{repo}/git/refs', access: contentsWrite, handle: createRef },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/git/refs/{ref}',
    access: contentsWrite,
    handle: updateRef,
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/git/refs/{ref}',
    access: contentsWrite,
    handle: (ctx) => {
      const branch = branchOfRef(param(ctx, 'ref'));
      if (branch === undefined || !ctx.repo.branches.delete(branch)) {
        throw new ApiError(422, 'Reference does not exist');
      }
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/branches/{branch}',
    access: contentsRead,
    handle: (ctx) => {
      const name = param(ctx, 'branch');
      const head = ctx.repo.head(name);
      if (!head) throw new ApiError(404, 'Branch not found');
      return { status: 200, body: ctx.render.branch(ctx.repo, name, head) };
    },
  },
];
