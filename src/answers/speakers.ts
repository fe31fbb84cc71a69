import { paragraphAt } from "../articles/paragraphs";
import { splitSentences } from "../chunking/split-sentences";
import { matchStemOf, wordsOf } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";
import type { CandidateSentence } from "./score-sentences";

const ATTRIBUTION_VERBS = "said|says|say|told|tells|according to|wrote|writes|announced|announces|added|stated|states|warned|warns|declared|insisted|argued|claimed|noted|tweeted|posted|responded|replied|explained|urged";
/** Words that attribute what follows or goes before to a speaker, and quotation marks. */
export const ATTRIBUTION = new RegExp(`\\b(?:${ATTRIBUTION_VERBS})\\b|[“”"]`, "i");
/** Attribution words alone: someone speaks in the sentence. */
const ATTRIBUTION_VERB = new RegExp(`\\b(?:${ATTRIBUTION_VERBS})\\b`, "i");
/** Attribution words, each where it stands, and quotation marks. */
const ATTRIBUTIONS = new RegExp(ATTRIBUTION.source, "gi");
/** How many words after "said" may name who said it ("…, said Kremlin spokesman Dmitry Peskov"). */
const NAMED_AFTER_ATTRIBUTION = 4;
/**
 * Where an attribution is followed by who speaks: after a comma or a quotation ('"…," said Peskov'), or opening the
 * sentence ("According to Peskov, …"). In "Abernethy said investigators were…" Abernethy speaks.
 */
const SPEAKER_FOLLOWS = /(?:^|[,“”"‘’'])\s*$/;
/** '"…," he said', 'she told reporters', 'said he': words attributed to someone named before. */
export const PRONOUN_ATTRIBUTION = new RegExp(`\\b(?:he|she|they)\\s+(?:${ATTRIBUTION_VERBS})\\b|\\b(?:said|says|added)\\s+(?:he|she)\\b`, "i");
export const OPENS_WITH_QUOTE = /^\s*[“"‘']/;
/** How far before a quotation the sentence naming its speaker is looked for, and after a speaker his quotation: the longest sentences run about this long. */
const LOOK_BACK_CHARACTERS = 600;

/**
 * Whether a text names the speaker of "What did X say?": every word of X but stop words. Of "the fire service's
 * group manager", the words after the "'s" are enough: news names the speaker as "Group manager Lewis Abernethy".
 */
export function namesSpeaker(speaker: string): (text: string) => boolean {
  const own = speaker.split(/['’]s\s+/).at(-1)!;
  const stems = wordsOf(own).filter((word) => !STOP_WORDS.has(word)).map(matchStemOf);
  return (text) => {
    const inText = new Set(wordsOf(text).map(matchStemOf));
    return stems.length > 0 && stems.every((stem) => inText.has(stem));
  };
}

/**
 * Whether the one `names` picks speaks in `sentence`: named before an attribution or a quotation ("Putin condemned
 * the attacks as "unprovoked"", "Peskov said…") or right after the attribution ("…, said Peskov"), and not only
 * inside a quotation. With `reported`, also one whose view another reports right after the attribution: "Abernethy
 * said investigators were examining whether a barbecue was to blame" answers "What do investigators think started
 * the fire?" (one of our own questions). Without it, Abernethy alone speaks there, as the "he" of what follows.
 */
export function speaksIn(sentence: string, names: (text: string) => boolean, reported: boolean): boolean {
  let from = 0;
  let quoted = false;
  for (const match of sentence.matchAll(ATTRIBUTIONS)) {
    const isQuotationMark = !/\p{L}/u.test(match[0]);
    if (!quoted && names(sentence.slice(from, match.index))) return true;
    const after = wordsOf(sentence.slice(match.index + match[0].length)).slice(0, NAMED_AFTER_ATTRIBUTION).join(" ");
    if (!isQuotationMark && (reported || SPEAKER_FOLLOWS.test(sentence.slice(0, match.index))) && names(after)) return true;
    if (isQuotationMark) quoted = !quoted;
    from = match.index + match[0].length;
  }
  return false;
}

/** The sentence of `text` that ends last before `end`, placed in `text`. */
export function sentenceBefore(text: string, end: number): { start: number; text: string } | null {
  const from = Math.max(0, end - LOOK_BACK_CHARACTERS);
  const last = splitSentences(text.slice(from, end)).at(-1);
  return last ? { start: from + last.start, text: last.text } : null;
}

/** The sentence of `text` that comes next after `end` (a quotation often opens a paragraph of its own), placed in `text`; null if none is whole within reach. */
export function sentenceAfter(text: string, end: number): { start: number; end: number; text: string } | null {
  const from = end + /^\s*/.exec(text.slice(end, end + LOOK_BACK_CHARACTERS))![0].length;
  const reach = text.slice(from, from + LOOK_BACK_CHARACTERS);
  const first = splitSentences(reach)[0];
  // A sentence running past the reach would be cut short.
  if (!first || (first.end === reach.trimEnd().length && from + LOOK_BACK_CHARACTERS < text.length)) return null;
  return { start: from + first.start, end: from + first.end, text: first.text };
}

/**
 * Whether someone `names` does not pick speaks in the paragraph around `at`. A pronoun opening the next paragraph may
 * then be theirs: "Peskov said Araghchi did not inform Putin… The attack caused no casualties, and Trump claimed Iran
 * had provided advance warning. ¶ He added that it was too early…" is Peskov adding, not Trump.
 */
function othersSpeakInParagraph(text: string, at: number, names: (text: string) => boolean): boolean {
  return splitSentences(paragraphAt(text, at)).some((sentence) => ATTRIBUTION_VERB.test(sentence.text) && !names(sentence.text));
}

/**
 * Where a candidate's speaker is named when a pronoun speaks in it: '"…," he said.' after "Group manager Lewis
 * Abernethy said…", or a quotation going on after such a sentence. Returns the start of the sentence where the one
 * `names` picks speaks, or null when the candidate names no one by pronoun, someone else speaks before it, or the
 * pronoun opens a paragraph after one where someone else speaks too.
 */
function namedSpeakerStart(candidate: CandidateSentence, names: (text: string) => boolean): number | null {
  const text = candidate.passage.article.text;
  let attributed = candidate.start;
  if (!PRONOUN_ATTRIBUTION.test(candidate.text)) {
    // A quotation going on in the paragraph of a pronoun's attribution.
    const before = OPENS_WITH_QUOTE.test(candidate.text) ? sentenceBefore(text, candidate.start) : null;
    if (!before || !PRONOUN_ATTRIBUTION.test(before.text) || text.slice(before.start, candidate.start).includes("\n\n")) return null;
    attributed = before.start;
  }
  const naming = sentenceBefore(text, attributed);
  if (!naming || !speaksIn(naming.text, names, false)) return null;
  const acrossParagraphs = text.slice(naming.start, attributed).includes("\n\n");
  return acrossParagraphs && othersSpeakInParagraph(text, naming.start, names) ? null : naming.start;
}

/**
 * For "What did X say?": a candidate a pronoun attributes to X, named in the sentence before ("Group manager Lewis
 * Abernethy said…" then '"…," he said.'), is X speaking. It is quoted from the sentence naming X, so the quote says
 * who speaks, and covers what that sentence adds (`quoteFrom` rescores it). Returns the candidates best first.
 */
export function withSpeakerNamed(
  candidates: CandidateSentence[],
  names: (text: string) => boolean,
  quoteFrom: (candidate: CandidateSentence, start: number) => CandidateSentence,
): CandidateSentence[] {
  return candidates
    .map((candidate) => {
      if (candidate.matched.size === 0 || names(candidate.text)) return candidate;
      const start = namedSpeakerStart(candidate, names);
      return start === null ? candidate : quoteFrom(candidate, start);
    })
    .sort((a, b) => b.score - a.score);
}
