/**
 * Every relative link in the README and docs/ points at a file that exists, and every #anchor at a
 * heading that exists (GitHub's slugs: lowercased, punctuation dropped, spaces to hyphens, repeats
 * numbered).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

function markdownFiles(): string[] {
  const files = ['README.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  walk('data');
  return files;
}

function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading.replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  const withoutCode = markdown.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1/gm, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] as string);
}

describe('links in the documentation', () => {
  const files = markdownFiles();
  /** Each linked document's headings, read once however many links point at it. */
  const anchorCache = new Map<string, Set<string>>();
  const anchorsAt = (path: string) => {
    let anchors = anchorCache.get(path);
    if (!anchors) {
      anchors = anchorsOf(readFileSync(path, 'utf8'));
      anchorCache.set(path, anchors);
    }
    return anchors;
  };

  it('finds the documents', () => {
    expect(files).toContain('docs/classifier.md');
    expect(files.length).toBeGreaterThan(10);
  });

  it('slugs headings the way GitHub does', () => {
    expect(slug('LLM classifier (optional)')).toBe('llm-classifier-optional');
    expect(slug('Sentiment categories: airline-dev.jsonl, 3-class')).toBe(
      'sentiment-categories-airline-devjsonl-3-class',
    );
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
  });

  for (const file of files) {
    it(`${file}: every relative link resolves`, () => {
      const markdown = readFileSync(join(root, file), 'utf8');
      const broken: string[] = [];
      for (const link of linksOf(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
        const [path = '', anchor] = link.split('#');
        const target = path ? resolve(root, dirname(file), decodeURI(path)) : join(root, file);
        if (!existsSync(target)) {
          broken.push(`${link} (no file ${relative(root, target)})`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchorsAt(target).has(anchor)) {
          broken.push(`${link} (no heading #${anchor} in ${relative(root, target)})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
