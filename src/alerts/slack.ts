/**
 * Slack incoming-webhook messages: `{ text, blocks }` (text is the notification fallback).
 *
 * Mention text is untrusted. Slack treats `&`, `<` and `>` as control characters (`<!channel>`,
 * `<@U123>`, `<url|label>`), so they are escaped as `&amp;` `&lt;` `&gt;` — exactly those three, as
 * Slack's formatting reference asks. A bare `@here`/`@channel`/`@name` gets a word joiner after
 * the `@`, so it can never become a ping whatever the workspace's link-names setting. Link
 * previews are off: a mention's link is data, not something Slack should fetch.
 */
import type { HttpClient } from '../http/types.js';
import type { Alert, BootstrapAlert, MentionAlert, SpikeAlert } from './types.js';

/** Slack's limit for a section block's text is 3,000 characters. */
const SECTION_MAX = 2900;

export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[@\uFF20\uFE6B](?=[\p{L}\p{N}_])/gu, (at) => `${at}\u2060`);
}

/** A link `<url|label>`: the URL may not carry `|`, `<`, `>` or spaces; the label is escaped. */
export function slackLink(url: string, label: string): string {
  const safeUrl = url
    .replace(/&/g, '&amp;')
    .replace(/[|<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `<${safeUrl}|${escapeSlack(label).replace(/\|/g, '¦')}>`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
  unfurl_links: false;
  unfurl_media: false;
}

const section = (markdown: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(markdown, SECTION_MAX) },
});
const context = (markdown: string) => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clip(markdown, SECTION_MAX) }],
});

function mentionLine(m: MentionAlert): string {
  const title = clip(m.title, 200);
  const head =
    m.issueUrl && /^https?:\/\//.test(m.issueUrl) ? slackLink(m.issueUrl, title) : escapeSlack(title);
  const where = m.url && /^https?:\/\//.test(m.url) ? ` · ${slackLink(m.url, 'where it was said')}` : '';
  const why = m.reason ? `\n    _${escapeSlack(clip(m.reason, 240))}_` : '';
  return `• *${m.priority}* ${head}${where}${why}`;
}

/** One message for the mentions of a run (the first `max` listed, the rest counted). */
export function mentionsMessage(mentions: readonly MentionAlert[], max: number): SlackMessage {
  const shown = mentions.slice(0, max);
  const more = mentions.length - shown.length;
  const allHigh = mentions.every((m) => m.priority === 'high');
  const head = `Earshot: ${mentions.length} new ${allHigh ? 'high-priority ' : ''}mention${mentions.length === 1 ? '' : 's'}${allHigh ? '' : ' to look at'}`;
  return {
    text: head,
    blocks: [
      section(`*${head}*`),
      section(shown.map(mentionLine).join('\n')),
      ...(more > 0 ? [context(`… and ${more} more in the issue tracker.`)] : []),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

export function spikeMessage(s: SpikeAlert): SlackMessage {
  const what = s.metric === 'complaint' ? 'complaints' : 'mentions';
  const head = `Earshot: spike of ${what} for "${s.query}": ${s.count} in the period from ${s.periodStart.slice(11, 16)} UTC (usual ${s.mean.toFixed(1)} ± ${s.sigma.toFixed(1)})`;
  const issue =
    s.issueUrl && /^https?:\/\//.test(s.issueUrl)
      ? `Crisis issue: ${slackLink(s.issueUrl, `#${s.issueNumber ?? ''}`)}`
      : 'The crisis issue could not be opened (see the run log).';
  const lines = s.mentions.slice(0, 10).map((m) => {
    const link = m.issueUrl ?? m.url;
    return `• ${link && /^https?:\/\//.test(link) ? slackLink(link, clip(m.title, 150)) : escapeSlack(clip(m.title, 150))}`;
  });
  return {
    text: escapeSlack(head),
    blocks: [
      section(`:rotating_light: *${escapeSlack(head)}*`),
      context(
        `Threshold ${s.threshold.toFixed(1)} = max(minimum, mean + k·σ) over the previous ${s.baselinePeriods} periods. ${issue}`,
      ),
      ...(lines.length > 0 ? [section(lines.join('\n'))] : []),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

export function bootstrapMessage(b: BootstrapAlert): SlackMessage {
  const head = `Earshot started listening: ${b.skipped} existing mention${b.skipped === 1 ? '' : 's'} recorded without filing, ${b.filed} filed`;
  const issue =
    b.issueUrl && /^https?:\/\//.test(b.issueUrl)
      ? ` Summary: ${slackLink(b.issueUrl, `#${b.issueNumber ?? ''}`)}`
      : '';
  return {
    text: head,
    blocks: [section(`*${head}*`), context(`Sources: ${escapeSlack(b.sources.join(', '))}.${issue}`)],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/**
 * The Slack messages for a run's alerts: one per spike and summary, the mentions batched into one.
 * `covers` is how many alerts a message carries.
 */
export function slackMessages(
  alerts: readonly Alert[],
  maxMentions: number,
): { message: SlackMessage; covers: number }[] {
  const mentions = alerts.filter((a): a is MentionAlert => a.type === 'mention');
  const out: { message: SlackMessage; covers: number }[] = [];
  for (const a of alerts) {
    if (a.type === 'spike') out.push({ message: spikeMessage(a), covers: 1 });
    if (a.type === 'bootstrap') out.push({ message: bootstrapMessage(a), covers: 1 });
  }
  if (mentions.length > 0)
    out.push({ message: mentionsMessage(mentions, maxMentions), covers: mentions.length });
  return out;
}

/** Posts one message; Slack answers 200 `ok`, anything else throws (the client retries 429/5xx). */
export async function postSlack(http: HttpClient, url: string, message: SlackMessage): Promise<void> {
  await http.request({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    retryPost: true,
    timeoutMs: 15_000,
    maxBytes: 64 * 1024,
  });
}
