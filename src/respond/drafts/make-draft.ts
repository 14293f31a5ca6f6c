/**
 * Builds a draft comment for a mention: the playbook's template for its category and source,
 * filled in, measured against the platform's limit, optionally polished, with warnings for whatever
 * a person must fix before approving.
 */
import { resolve } from 'node:path';
import type { EarshotConfig } from '../../config/schema.js';
import { neutralizeInline } from '../../issue/neutralize.js';
import { CATEGORIES } from '../../mentions/mention.js';
import { UNKNOWN_AUTHOR } from '../../mentions/normalize.js';
import { platformName } from '../../platforms/index.js';
import type { MarkerData } from '../../record/marker.js';
import type { RecordIssue } from '../../record/respond-port.js';
import type { DraftMarker } from '../markers.js';
import { scrubPlatformText } from '../secrets.js';
import type { RespondDeps } from '../types.js';
import { renderDraftComment } from './comment.js';
import { limitFor, measure, unitFor } from './length.js';
import { FALLBACK_FIXED, loadPlaybook, pickTemplate } from './playbooks.js';
import { polishDraft } from './polish.js';
import { cleanValue, type DraftVars, renderTemplate } from './template.js';

/** The category a mention has now: its category label (a person may have changed it), else the marker's. */
export function currentCategory(issue: { labels: readonly string[] }, marker: MarkerData): string {
  const labels = issue.labels.map((l) => l.toLowerCase());
  return CATEGORIES.find((c) => labels.includes(c)) ?? marker.category;
}

/** The author's name, or undefined when the source gave none (never "Hi unknown"). */
function knownAuthor(author: string | undefined): string | undefined {
  const a = cleanValue(author, 100);
  return a && a !== UNKNOWN_AUTHOR ? a : undefined;
}

/**
 * How to address the author where they are: `@login` on GitHub and forums, as given elsewhere.
 * Without a name the draft keeps `{author}` visible, and /approve waits for a person to fill it in.
 */
export function addressOf(kind: string, author: string | undefined): string | undefined {
  const a = knownAuthor(author);
  if (!a) return undefined;
  if ((kind === 'github' || kind === 'discourse') && !a.startsWith('@')) return `@${a}`;
  return a;
}

export function bareName(author: string | undefined): string | undefined {
  const a = knownAuthor(author);
  if (!a) return undefined;
  return (
    a
      .replace(/^u\//, '')
      .replace(/^@/, '')
      .replace(/@[^@\s]+$/, '') || a
  );
}

/** The mention's text as quoted at the top of the issue body (neutralized). */
export function quotedText(body: string): string {
  const end = body.search(/\n\*\*(\[Read it|no link)/);
  return (end >= 0 ? body.slice(0, end) : body).trim();
}

export function draftVars(
  config: EarshotConfig,
  marker: MarkerData,
  issueBody: string,
  fix?: { url: string },
): DraftVars {
  const company = config.company.name;
  const text = issueBody.toLowerCase();
  const product = config.company.products.find((p) => text.includes(p.toLowerCase())) ?? company;
  const vars: DraftVars = {
    company,
    product,
    agent: config.respond.agentName ?? `the ${company} team`,
    source: platformName(marker.kind),
  };
  const author = addressOf(marker.kind, marker.author);
  if (author) vars.author = author;
  const name = bareName(marker.author);
  if (name) vars.name = name;
  if (config.respond.link) vars.link = config.respond.link;
  if (marker.url) vars.url = marker.url;
  if (fix) vars.fix = fix.url;
  return vars;
}

export interface MakeDraftInput {
  deps: RespondDeps;
  issue: RecordIssue;
  marker: MarkerData;
  purpose: 'reply' | 'fixed';
  actor: string;
  now: Date;
  /** A person's own text (`/draft <text>`) instead of the playbook's template. */
  customText?: string | undefined;
  /** Polish with the language model (when one is configured). */
  polish: boolean;
  fix?: { number: number; url: string };
  heading?: string;
  lead?: string;
}

export interface MadeDraft {
  body: string;
  text: string;
  marker: DraftMarker;
  notes: string[];
}

export async function makeDraft(input: MakeDraftInput): Promise<MadeDraft> {
  const { deps, marker } = input;
  const config = deps.config;
  const category = currentCategory(input.issue, marker);
  const playbook = await loadPlaybook(category, {
    dir: resolve(deps.root, config.respond.playbooks),
    builtinDir: deps.builtinPlaybooks,
  });
  const templates = input.purpose === 'fixed' ? playbook.fixed : playbook.replies;
  const picked = pickTemplate(templates, marker.source, marker.kind);
  const template = input.customText ?? picked?.template ?? FALLBACK_FIXED;
  const vars = draftVars(config, marker, input.issue.body, input.fix);
  const rendered = renderTemplate(template, vars);
  let text = rendered.text;
  const limit = limitFor(marker.kind, playbook.limits);
  const notes: string[] = [];
  let polishedBy: string | undefined;
  if (input.polish && deps.llm) {
    const polished = await polishDraft(deps.llm, {
      draft: text,
      tone: playbook.tone,
      mention: quotedText(input.issue.body),
      kind: marker.kind,
      platform: platformName(marker.kind),
      limit,
      maxTokens: config.respond.llm?.maxTokens ?? 400,
    });
    if (polished.ok) {
      text = polished.text;
      polishedBy = deps.llm.model;
    } else {
      // The reason can quote the model server's error body: scrubbed and neutralized like any platform text.
      const reason = neutralizeInline(scrubPlatformText(polished.reason, config, deps.env), 300);
      notes.push(`Not polished: ${reason}. This is the playbook's draft.`);
    }
  }
  if (rendered.missing.length > 0)
    notes.push(
      `Fill in ${rendered.missing.map((m) => `\`{${m}}\``).join(', ')} before approving${
        rendered.missing.includes('link') ? ' (or set respond.link in the config)' : ''
      }.`,
    );
  const length = measure(marker.kind, text);
  if (limit && length > limit)
    notes.push(
      `This is ${length} ${unitFor(marker.kind)}; ${platformName(marker.kind)} allows ${limit}. Shorten it before approving.`,
    );
  const draftMarker: DraftMarker = {
    kind: marker.kind,
    source: marker.source,
    category,
    purpose: input.purpose,
    ...(limit ? { limit } : {}),
    ...(polishedBy ? { polishedBy } : {}),
    ...(input.fix ? { fix: input.fix.number } : {}),
    by: input.actor,
    at: input.now.toISOString(),
  };
  const heading =
    input.heading ??
    `${input.purpose === 'fixed' ? 'Follow-up draft' : 'Reply draft'} for ${platformName(marker.kind)}`;
  const body = renderDraftComment({
    marker: draftMarker,
    text,
    heading,
    tone: playbook.tone,
    notes,
    ...(input.lead ? { lead: input.lead } : {}),
  });
  return { body, text, marker: draftMarker, notes };
}
