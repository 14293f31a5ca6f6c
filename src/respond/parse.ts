/**
 * Commands are read from the FIRST LINE of a comment only (DESIGN §5, peter-evans/slash-command-
 * dispatch): `/name [--flag …] [text]`. The rest of the comment is for people. Nothing parsed here
 * ever reaches a shell; it is matched against fixed names and validated by each handler.
 */

export interface ParsedCommand {
  /** Lower-case command name without the slash, e.g. `reply`. */
  name: string;
  /** Leading `--flags`, lower-case, without the dashes (`/reply --done …` → `done`). */
  flags: Set<string>;
  /** The text after the name and flags, trimmed (`/followup <note>` → the note). */
  text: string;
  /** `text` split on whitespace. */
  words: string[];
  /** The first line as written (trimmed, at most {@link MAX_LINE} characters). */
  line: string;
}

export const MAX_LINE = 1000;

const COMMAND = /^\/([A-Za-z][A-Za-z-]{0,30})(?=\s|$)/;
const FLAG = /^--([a-z][a-z-]{0,30})$/i;
// Control and format characters (bidi overrides, zero-width …) are dropped from what is read.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\p{Cf}]/gu;

/** The command on a comment's first line, or undefined when the first line is not one. */
export function parseCommand(body: string | null | undefined): ParsedCommand | undefined {
  if (!body) return undefined;
  const first = (body.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '')
    .replace(INVISIBLE, '')
    .trim()
    .slice(0, MAX_LINE);
  const m = COMMAND.exec(first);
  if (!m?.[1]) return undefined;
  const tokens = first.slice(m[0].length).trim().split(/\s+/).filter(Boolean);
  const flags = new Set<string>();
  while (tokens.length > 0) {
    const flag = FLAG.exec(tokens[0] ?? '');
    if (!flag?.[1]) break;
    flags.add(flag[1].toLowerCase());
    tokens.shift();
  }
  return { name: m[1].toLowerCase(), flags, text: tokens.join(' '), words: tokens, line: first };
}

/** `#12`, `12`, or a URL of issue/PR 12 in the given repository → 12. */
export function parseIssueRef(text: string, repoFullName?: string): number | undefined {
  const t = text.trim();
  const plain = /^#?(\d{1,9})$/.exec(t);
  if (plain?.[1]) return Number(plain[1]);
  const url = /^https?:\/\/[^/\s]+\/([^/\s]+\/[^/\s]+)\/(?:issues|pull)\/(\d{1,9})(?:[/?#].*)?$/.exec(t);
  if (url?.[1] && url[2] && (!repoFullName || url[1].toLowerCase() === repoFullName.toLowerCase()))
    return Number(url[2]);
  return undefined;
}

/** `@octocat` or `octocat` → `octocat` when it is a valid GitHub login. */
export function parseLogin(word: string): string | undefined {
  const m = /^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$/.exec(word.trim());
  return m?.[1];
}
