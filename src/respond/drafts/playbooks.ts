/**
 * Reply playbooks: one YAML file per category in `respond.playbooks` (default `config/playbooks/`),
 * e.g. `complaint.yml`:
 *
 * ```yaml
 * tone:                       # notes for the person approving (and for the optional LLM polish)
 *   - Own the problem; no excuses.
 * replies:                    # by source id, then source kind, then `default`
 *   default: Hi {author}, … — {agent}
 *   bluesky: …                # Bluesky's 300 graphemes
 * fixed: Hi {author}, it is fixed ({fix}) …   # drafted when a linked fix closes
 * limits: { mastodon: 480 }   # override a platform's length limit
 * ```
 *
 * A category without a file in the repository uses Earshot's own playbook (config/playbooks/ next to
 * the action), and without that a short built-in template, so `/draft` always has something.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { ConfigError } from '../../errors.js';
import { findShipped } from '../../shipped-files.js';

const templateMap = z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), z.string().min(1).max(20_000));

export const playbookFileSchema = z
  .object({
    category: z.string().optional().describe('The category (informational: the file name decides).'),
    tone: z.union([z.string(), z.array(z.string())]).optional(),
    replies: templateMap.refine((m) => 'default' in m, 'needs a `default` template'),
    fixed: z.union([z.string().min(1), templateMap]).optional(),
    limits: z.record(z.string(), z.number().int().min(1).max(100_000)).optional(),
  })
  .strict();

export interface Playbook {
  category: string;
  tone: string[];
  replies: Record<string, string>;
  fixed: Record<string, string>;
  limits: Record<string, number>;
  /** Where it came from: a file path, or `built-in`. */
  origin: string;
}

export const FALLBACK_REPLY =
  'Hi {author}, thank you for mentioning {product}.[[ You can reach us any time at {link}.]] — {agent}';
export const FALLBACK_FIXED =
  'Hi {author}, a follow-up: what you ran into with {product} is fixed now ({fix}). Thank you for telling us. — {agent}';

function fallback(category: string): Playbook {
  return {
    category,
    tone: ['Be brief, kind and specific; never ask for personal data in public.'],
    replies: { default: FALLBACK_REPLY },
    fixed: { default: FALLBACK_FIXED },
    limits: {},
    origin: 'built-in',
  };
}

/** Earshot's own playbooks: `config/playbooks/` found upwards from the code (source or bundle). */
export function builtinPlaybooksDir(): string | undefined {
  return findShipped('config/playbooks');
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function parsePlaybook(text: string, category: string, origin: string): Playbook {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`playbook ${origin} is not valid YAML: ${(error as Error).message}`, origin);
  }
  const parsed = playbookFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(top)',
      message: i.message,
    }));
    throw new ConfigError(
      `playbook ${origin} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      origin,
      issues,
    );
  }
  const p = parsed.data;
  const tone = p.tone === undefined ? [] : Array.isArray(p.tone) ? p.tone : [p.tone];
  const fixed = p.fixed === undefined ? {} : typeof p.fixed === 'string' ? { default: p.fixed } : p.fixed;
  return {
    category,
    tone: tone.map((t) => t.trim()).filter(Boolean),
    replies: p.replies,
    fixed,
    limits: p.limits ?? {},
    origin,
  };
}

export interface PlaybookLocation {
  /** The repository's folder (respond.playbooks resolved against the workspace). */
  dir: string;
  /** Earshot's own folder; default {@link builtinPlaybooksDir}. */
  builtinDir?: string | undefined;
}

/** The playbook of a category: the repository's file, else Earshot's own, else the built-in one. */
export async function loadPlaybook(category: string, where: PlaybookLocation): Promise<Playbook> {
  if (!/^[a-z0-9-]+$/.test(category)) return fallback(category);
  const dirs = [resolve(where.dir), where.builtinDir ?? builtinPlaybooksDir()].filter(
    (d): d is string => typeof d === 'string',
  );
  for (const dir of dirs) {
    for (const ext of ['yml', 'yaml']) {
      const path = join(dir, `${category}.${ext}`);
      const text = await readIfExists(path);
      if (text !== undefined) return parsePlaybook(text, category, path);
    }
  }
  return fallback(category);
}

/** The template for a source: by source id, then kind, then `default`. */
export function pickTemplate(
  templates: Readonly<Record<string, string>>,
  sourceId: string,
  kind: string,
): { key: string; template: string } | undefined {
  for (const key of [sourceId, kind, 'default']) {
    const template = templates[key];
    if (template !== undefined) return { key, template };
  }
  return undefined;
}
