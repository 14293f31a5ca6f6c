/**
 * Text normalization and tokenization shared by training and the runtime classifier.
 *
 * normalizeText: decode HTML entities (airline tweets carry `&amp;`), lowercase, replace URLs,
 * @handles and numbers by placeholders, cap letter elongation ("soooooo" → "sooo"), and turn the `<3` heart into ❤.
 * tokenize: words (with inner apostrophes), placeholders, emoticons, emoji, and `!` `?` `...`
 * as tokens of their own; other punctuation is dropped.
 */
import { decodeHTML } from 'entities';

/**
 * What a classifier reads of a mention: its title, then its text on the next line. The scan
 * classifies this, and the team's labels are learned from it, so both see the same input.
 */
export function classifierInput(mention: { title: string; text: string }): string {
  return `${mention.title}\n${mention.text}`;
}

export const URL_TOKEN = '_url_';
export const USER_TOKEN = '_user_';
export const NUMBER_TOKEN = '_num_';
export const PLACEHOLDERS: ReadonlySet<string> = new Set([URL_TOKEN, USER_TOKEN, NUMBER_TOKEN]);

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE_RE = /(?<![\p{L}\p{N}_.])@[\p{L}\p{N}_]{1,30}/gu;
const NUMBER_RE = /\d+(?:[.,:]\d+)*/gu;
const ELONGATION_RE = /(\p{L})\1{3,}/gu;
const APOSTROPHE_RE = /[\u2018\u2019\u02bc`]/gu;
const SPACE_RE = /\s+/gu;
const HEART_RE = /<3+/gu;

export function normalizeText(raw: string): string {
  return decodeHTML(raw)
    .replace(APOSTROPHE_RE, "'")
    .replace(URL_RE, ` ${URL_TOKEN} `)
    .replace(HANDLE_RE, ` ${USER_TOKEN} `)
    .toLowerCase()
    .replace(HEART_RE, ' \u2764 ')
    .replace(NUMBER_RE, ` ${NUMBER_TOKEN} `)
    .replace(ELONGATION_RE, '$1$1$1')
    .replace(SPACE_RE, ' ')
    .trim();
}

const TOKEN_PARTS = [
  '_(?:url|user|num)_',
  // Emoticons, only at a word boundary so "re:do" stays a word: :) :-( ;p :d =/ <3
  "(?<![\\p{L}\\p{N}])[:;=][-']?[()\\[\\]dpo3/\\\\|*](?![\\p{L}\\p{N}])",
  "[\\p{L}\\p{M}\\p{N}]+(?:'[\\p{L}\\p{M}\\p{N}]+)*",
  '\\p{Extended_Pictographic}',
  '[!?]',
  '\\.{2,}|\u2026',
];
const TOKEN_RE = new RegExp(TOKEN_PARTS.join('|'), 'gu');
/** The same tokens, plus `.` as a token of its own (a sentence end). */
const STOP_TOKEN_RE = new RegExp([...TOKEN_PARTS, '\\.'].join('|'), 'gu');

/** Tokens of an already normalized text. */
export function tokenize(normalized: string): string[] {
  return normalized.match(TOKEN_RE) ?? [];
}

/** normalizeText + tokenize. */
export function tokensOf(raw: string): string[] {
  return tokenize(normalizeText(raw));
}

/**
 * Tokens with sentence ends: like tokensOf, but a single `.` and each line break (a title above a
 * body) also give a `.` token. Dropping the `.` tokens gives exactly tokensOf(raw).
 */
export function tokensWithStops(raw: string): string[] {
  return normalizeText(raw.replace(LINE_BREAK_RE, ' . ')).match(STOP_TOKEN_RE) ?? [];
}

const LINE_BREAK_RE = /[\r\n]+/gu;
