/**
 * Playbook templates: `{variable}` placeholders and `[[ optional segments ]]` that are dropped when
 * a variable inside them has no value (e.g. `[[ Reach us at {link}.]]` without respond.link).
 * A known variable left without a value stays visible as `{name}`, and `/approve` refuses a draft
 * that still has one, so a half-filled reply is never published.
 */

export const VARIABLES = [
  'author',
  'name',
  'product',
  'company',
  'link',
  'agent',
  'source',
  'url',
  'fix',
  'answer',
] as const;
export type Variable = (typeof VARIABLES)[number];
export type DraftVars = Partial<Record<Variable, string>>;

export const VARIABLE_HELP: Readonly<Record<Variable, string>> = {
  author: 'the author as addressed on their platform (`@mira@mastodon.social`, `u/name`, `@handle`)',
  name: 'the bare name (`mira`)',
  product: 'the configured product named in the mention (else the company name)',
  company: 'company.name',
  link: 'respond.link: where customers reach you privately',
  agent: 'respond.agentName (default "the <company> team")',
  source: 'the platform ("Mastodon", "Hacker News" …)',
  url: "the mention's own link",
  fix: 'the fixing issue or pull request (follow-up drafts)',
  answer: 'never filled in: a person writes the answer (/approve refuses until then)',
};

const KNOWN = new Set<string>(VARIABLES);
const PLACEHOLDER = /\{([a-z_]+)\}/g;
const OPTIONAL = /\[\[([\s\S]*?)\]\]/g;

function varValue(vars: DraftVars, name: string): string | undefined {
  const v = KNOWN.has(name) ? vars[name as Variable] : undefined;
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/** Known placeholders still in a text (what /approve refuses). */
export function unresolved(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] && KNOWN.has(m[1])) out.add(m[1]);
  return [...out];
}

export function renderTemplate(template: string, vars: DraftVars): { text: string; missing: string[] } {
  const withOptional = template.replace(OPTIONAL, (_all, inner: string) => {
    for (const m of inner.matchAll(PLACEHOLDER)) {
      if (m[1] && KNOWN.has(m[1]) && varValue(vars, m[1]) === undefined) return '';
    }
    return inner;
  });
  const text = withOptional.replace(PLACEHOLDER, (all, name: string) => varValue(vars, name) ?? all);
  const tidy = text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: tidy, missing: unresolved(tidy) };
}

/** A value from untrusted data made safe to put in a template: one line, no control characters. */
export function cleanValue(value: string | undefined, max = 200): string | undefined {
  if (value === undefined) return undefined;
  const v = value
    .replace(/[\u0000-\u001F\u007F-\u009F\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!v) return undefined;
  return [...v].slice(0, max).join('');
}
