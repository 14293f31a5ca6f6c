/**
 * The question detector. No labeled data set marks questions, so this is a small set of
 * readable rules (English only) whose hand-set weights add up to a score, turned into a
 * probability with the logistic function:
 *
 *   + a question mark (outside links)
 *   + a clause that opens like a question: a wh-word (how, why, what, when, where, who, which)
 *     or an auxiliary followed by its subject ("can I", "do you", "is there", "will it")
 *   + a request for information or help: "is there a way", "how do I", "any idea", "anyone know",
 *     "wondering if", "let me know", "please help", "need help", "any update" …
 *   − rhetorical or exasperated forms: "are you kidding", "seriously?", "why would I …", "?!"
 *   − strong venting words next to the question mark ("unacceptable", "joke", "worst" …)
 *
 * The rules and weights were written on a tuning sample (data/questions/questions-tuning.jsonl)
 * and the detector is measured on hand-labeled mentions (data/questions/questions-labeled.jsonl).
 * docs/classifier.md gives the measurement history, including the figure on a sample labeled
 * after the last revision. The negative signals are only looked for when a positive one fired.
 */
import { decodeHTML } from 'entities';

export interface QuestionSignals {
  questionMark: boolean;
  opener: boolean;
  request: boolean;
  rhetorical: boolean;
  exasperated: boolean;
  venting: boolean;
}

export interface QuestionVerdict {
  /** Probability-like score in 0..1; ≥ 0.5 means "question". */
  probability: number;
  isQuestion: boolean;
  signals: QuestionSignals;
}

export const QUESTION_WEIGHTS = {
  bias: -3,
  questionMark: 3.4,
  opener: 3.3,
  request: 3.5,
  rhetorical: -4.5,
  exasperated: -1.2,
  venting: -0.8,
} as const;

const WH_WORDS = new Set([
  'how',
  'why',
  'what',
  'when',
  'where',
  'who',
  'which',
  'whom',
  'whose',
  "what's",
  "where's",
  "when's",
  "who's",
  "how's",
  'wat',
  'wht',
]);
const AUXILIARIES = new Set([
  'can',
  'could',
  'does',
  'do',
  'did',
  'is',
  'are',
  'was',
  'were',
  'will',
  'would',
  'should',
  'shall',
  'may',
  'might',
  'has',
  'have',
  'had',
  "isn't",
  "aren't",
  "doesn't",
  "don't",
  "didn't",
  "won't",
  "can't",
  "wouldn't",
  "couldn't",
  "shouldn't",
]);
const SUBJECTS = new Set([
  'i',
  'you',
  'u',
  'we',
  'they',
  'he',
  'she',
  'it',
  'there',
  'this',
  'that',
  'these',
  'those',
  'my',
  'your',
  'ur',
  'our',
  'the',
  'a',
  'an',
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'any',
  "y'all",
  'yall',
  'me',
  'us',
  'one',
]);
/** Subjects that still make "@brand can I …" a question (unlike "@brand has the best …"). */
const PERSONAL_SUBJECTS = new Set([
  'i',
  'you',
  'u',
  'we',
  'they',
  'there',
  'it',
  'anyone',
  'anybody',
  'someone',
  "y'all",
  'yall',
]);
/** After "how", these make a real question ("how do …", "how long …"); "how nice!" is not one. */
const HOW_FOLLOWERS = new Set([
  'do',
  'does',
  'did',
  'can',
  'could',
  'would',
  'should',
  'is',
  'are',
  'was',
  'were',
  'will',
  'long',
  'much',
  'many',
  'about',
  'come',
  'soon',
  'often',
  'to',
  'i',
  'you',
  'u',
  'we',
  'it',
  'they',
  'else',
  'far',
  'late',
  'early',
  'am',
  'has',
  'have',
]);
const LEADING_FILLER = new Set([
  'hi',
  'hey',
  'hello',
  'dear',
  'yo',
  'ok',
  'okay',
  'so',
  'and',
  'but',
  'also',
  'please',
  'pls',
  'plz',
  'there',
  'team',
  'guys',
  'folks',
  'quick',
  'question',
  'q',
  'um',
  'hmm',
  'well',
  'just',
  'then',
  'morning',
  'good',
  'afternoon',
  'evening',
  'thanks',
  'thank',
  'ty',
  'btw',
  'again',
  'sorry',
]);

const REQUEST_PATTERNS: readonly RegExp[] = [
  /\bis there (?:a|any) (?:way|chance|option|reason|number|email|update|fix|number)\b/,
  /\bhow (?:do|can|could|should) (?:i|we|you)\b/,
  /\b(?:does|do) (?:any|some)(?:one|body) know\b/,
  /\b(?:any|some)(?:one|body) (?:know|knows|able|available|have|had)\b/,
  /\b(?:any|some)(?:one|body) else\b[^.!]*\?/,
  // "any idea?" at the start of a clause or before a question mark; not "aren't providing any info".
  /(?:^|[.!?,;:@]\s*|\b(?:hi|hey|so|and|but|please|pls|plz|there)\s+)any (?:idea|ideas|clue|advice|suggestions?|tips?|updates?|news|word|eta|info|information|help)\b/,
  /\bany (?:idea|ideas|clue|advice|suggestions?|tips?|updates?|news|word|eta|info|information|help)\b[^.!?]*\?/,
  /\b(?:anything|something) (?:i|we|you) can do\b/,
  /\b(?:i was |i am |i'm |im )?wondering (?:if|whether|why|when|how|what|where)\b/,
  /\b(?:i )?(?:want|wanted|need|needed|would like|'d like) to (?:know|ask|check|find out|understand|confirm)\b/,
  /\b(?:need|want|would like|'d like) (?:the|your|a) (?:number|email|e-mail|address|phone number|contact)\b/,
  /(?<!(?:n't|not|never)(?: even)? )\blet (?:me|us) know\b/,
  /\b(?:please|pls|plz|can you|could you|can u|kindly) (?:advise|tell (?:me|us))\b/,
  /\b(?:please|pls|plz|pl[sz]e|kindly|can you|could you|can u|can someone|can anyone) (?:help|assist|advise|explain|confirm|tell|clarify)\b/,
  /\b(?:need|needs|needed|want|require|requesting) (?:some |your |urgent )?(?:help|assistance|advice|info|information)\b/,
  /(?<!\bto )\bhelp (?:me|us|please|pls|plz)\b/,
  // "Help!", "… -help!", "a little help"
  /(?:^|[.!?;,:@-]\s*)help\s*(?:[!?.]|$)/,
  /\b(?:a )?little help\b/,
  /\bhave a (?:quick )?question\b/,
  /\bwhat (?:is|are) (?:the|my|your) (?:status|policy|process|procedure|best way|number|email|address)\b/,
];

/** Every request pattern contains one of these words: a cheap test before the full list. */
const REQUEST_HINT =
  /\b(?:help|know|any|some|is there|how |wonder|advis|advic|mail|tell|question|status|policy|process|procedure|best way|number|email|address|contact|assist|explain|confirm|clarif|info|understand|find out|ask|check)/;

const RHETORICAL_PATTERNS: readonly RegExp[] = [
  /\bare (?:you|u) (?:kidding|serious|joking|for real)\b/,
  /\b(?:seriously|really|srsly|wtf|what the (?:hell|heck|fuck))\s*\?/,
  /\bwhy (?:would|should) (?:i|anyone|anybody|we|you|u)\b/,
  /\bwhat(?:'s| is) wrong with (?:you|u|your)\b/,
  /\bwho (?:does|do|did) that\b/,
  /\bhow (?:hard|difficult) (?:is|can) it\b/,
  /\bhow (?:is|was) (?:this|that) (?:acceptable|ok|okay|possible|fair|legal)\b/,
  /\bwhy (?:do|does|did) (?:you|u|your \w+) (?:hate|suck|even|bother|keep|always|never)\b/,
  /\b(?:what|how) (?:a|an) \w+/,
  /\bwhat(?:'s| is) the point\b/,
  /\bwhat happened to\b/,
  /\bwhat the\s*(?:[?!.@]|$)/,
  /\b(?:don't|dont|do) (?:you|u) think\b/,
  /\bhow is it that\b/,
  /\bwhat are (?:you|u) (?:playing|doing|thinking)\b/,
  /\bis this how\b/,
  /\bstill (?:no|not)\b[^.!?]*\?/,
  /\bhow (?:dare|come you (?:never|always|can't))\b/,
  /\bcan(?:'t| not|not) (?:you|u) (?:people|guys)? ?(?:ever|just)\b/,
];

const VENTING =
  /\b(?:unacceptable|ridiculous|joke|worst|pathetic|terrible|horrible|awful|disgusting|disgrace|shameful|incompetent|suck|sucks|useless|fail|#fail|smh|wtf|ugh|lol|lmao)\b/;

/** A wh-word then an inverted auxiliary and subject inside a clause: "at what point do you …". */
const INNER_QUESTION =
  /\b(?:how|why|what|when|where|which)(?: \w+)? (?:do|does|did|can|could|will|would|is|are|should) (?:i|you|u|we|they|it|my|your|the)\b/;

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE_RE = /(?<![\p{L}\p{N}_.])@[\p{L}\p{N}_]{1,30}/gu;
const HASHTAG_RE = /#[\p{L}\p{N}_]+/gu;
const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

function cleaned(raw: string): string {
  return decodeHTML(raw)
    .replace(/[\u2018\u2019\u02bc`]/gu, "'")
    .replace(URL_RE, ' ')
    .replace(HANDLE_RE, ' @ ')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Does one clause open like a question (after greetings and other filler)? */
function opensLikeQuestion(clause: string): boolean {
  if (INNER_QUESTION.test(clause)) return true;
  const asked = clause.endsWith('?');
  // "@brand has the best pilots": a handle right before the verb is its subject, not a greeting.
  const afterHandle = clause.startsWith('@');
  const words = (clause.replace(HASHTAG_RE, ' ').match(WORD_RE) ?? []).slice(0, 8);
  let i = 0;
  while (i < words.length - 1 && LEADING_FILLER.has(words[i] as string)) i++;
  const first = words[i];
  const second = words[i + 1];
  if (first === undefined) return false;
  if (first === 'how') return second !== undefined && HOW_FOLLOWERS.has(second);
  if (first === 'what' && (second === 'a' || second === 'an')) return false;
  if (WH_WORDS.has(first)) return second !== undefined;
  // "can I …", "is there …"; with a question mark closing the clause, any subject ("is flight 12 late?").
  if (AUXILIARIES.has(first)) {
    if (second === undefined) return false;
    if (asked) return true;
    if (first === 'has' || first === 'have' || first === 'had') return false;
    return afterHandle ? PERSONAL_SUBJECTS.has(second) : SUBJECTS.has(second);
  }
  return false;
}

export function questionSignals(raw: string): QuestionSignals {
  const text = cleaned(raw);
  const clauses = text
    .split(/(?<=[.!?;:\n])|\s[-–—]\s|\.\.\.|…/u)
    .map((c) => c.trim())
    .filter(Boolean);
  const questionMark = text.includes('?');
  const opener = clauses.some(opensLikeQuestion);
  const request = REQUEST_HINT.test(text) && REQUEST_PATTERNS.some((re) => re.test(text));
  // The negative signals only lower a score, so they are looked for only when there is one.
  const asks = questionMark || opener || request;
  return {
    questionMark,
    opener,
    request,
    rhetorical: asks && RHETORICAL_PATTERNS.some((re) => re.test(text)),
    exasperated: asks && /\?\s*!|!\s*\?/.test(text),
    venting: questionMark && VENTING.test(text),
  };
}

export function detectQuestion(raw: string): QuestionVerdict {
  const signals = questionSignals(raw);
  const w = QUESTION_WEIGHTS;
  const score =
    w.bias +
    (signals.questionMark ? w.questionMark : 0) +
    (signals.opener ? w.opener : 0) +
    (signals.request ? w.request : 0) +
    (signals.rhetorical ? w.rhetorical : 0) +
    (signals.exasperated ? w.exasperated : 0) +
    (signals.venting ? w.venting : 0);
  const probability = 1 / (1 + Math.exp(-score));
  return { probability, isQuestion: probability >= 0.5, signals };
}
