import { collapseWhitespace } from "../answers/verify-quotes";
import { isDateLine } from "../articles/dates";
import { splitSentences } from "../chunking/split-sentences";
import type { DigestQuote } from "./types";

/** How much of the lead a story is compared on. */
const LEAD_CHARS = 600;
/** Only the opening sentences carry the news; past them a quote would be detail, not the story. */
const LEAD_SENTENCES = 4;
const MIN_QUOTE_WORDS = 6;
/** A quote is cut (verbatim, at a word) beyond this, so a digest entry stays short. */
const MAX_QUOTE_CHARS = 300;
/** A second quote only when both together stay this short. */
const MAX_QUOTES_CHARS = 420;

// "NEW YORK, March 2 - ", "LONDON (Reuters) - ", "WASHINGTON (AP) — ": the wire's place line, not the news.
const DATELINE_PREFIX = /^\p{Lu}[\p{Lu}\s.,'’/-]*(?:,\s*\p{L}+\.?\s+\d{1,2})?(?:\s*\([^)]{1,30}\))?\s*[-–—]+\s+/u;
const SENTENCE_END = /[.!?…]["'”’)\]]*$/u;
const BOILERPLATE = /^(?:advertisement|subscribe|sign up|click|read more|watch|listen|follow us|photo|file photo|image|(?:editor'?s )?note:|\(reporting|\(editing)/i;

/** A sentence with its dateline prefix removed, or null when it is not prose worth quoting. */
function quotableText(sentence: string): string | null {
  const text = collapseWhitespace(sentence).replace(DATELINE_PREFIX, "");
  if (isDateLine(text) || BOILERPLATE.test(text)) return null;
  const words = text.split(" ");
  const wordsWithLetters = words.filter((word) => /\p{L}{2,}/u.test(word)).length;
  // Table rows ("Shr 10 cts vs 5 cts") and headings are not sentences a reader would quote: prose has
  // words, lowercase letters and a full stop.
  if (wordsWithLetters < MIN_QUOTE_WORDS || wordsWithLetters < words.length * 0.6) return null;
  if (!/\p{Ll}/u.test(text) || !SENTENCE_END.test(text)) return null;
  return text;
}

/** Cuts a long sentence at a word boundary: still a verbatim span of the article. */
function capLength(text: string): string {
  if (text.length <= MAX_QUOTE_CHARS) return text;
  const cut = text.lastIndexOf(" ", MAX_QUOTE_CHARS);
  return text.slice(0, cut > 0 ? cut : MAX_QUOTE_CHARS).replace(/[\s,;:–—-]+$/, "");
}

/**
 * The prose sentences among an article's opening ones: datelines, headings and tables left out, or every
 * results table would look like every other, and so are paragraphs its outlet prints under many headlines (a
 * newsletter promo opening every story), which `isBoilerplateAt` tells by their offset in the text.
 */
export function leadSentences(text: string, isBoilerplateAt: (at: number) => boolean): string[] {
  const lead: string[] = [];
  let read = 0;
  for (const sentence of splitSentences(text)) {
    if (isBoilerplateAt(sentence.start)) continue;
    if (read++ === LEAD_SENTENCES) break;
    const quotable = quotableText(sentence.text);
    if (quotable !== null) lead.push(quotable);
  }
  return lead;
}

/** What a story is compared on besides its title: its lead sentences, cut at a word. */
export function leadText(sentences: string[]): string {
  const lead = sentences.join(" ");
  if (lead.length <= LEAD_CHARS) return lead;
  const cut = lead.lastIndexOf(" ", LEAD_CHARS);
  return lead.slice(0, cut > 0 ? cut : LEAD_CHARS);
}

/**
 * One or two verbatim sentences from the lead of an article: the first prose sentences, past datelines,
 * headings, page furniture and boilerplate. Empty when the lead holds no prose (a results table, say).
 */
export function pickLeadQuotes(article: { id: string; text: string }, isBoilerplateAt: (at: number) => boolean): DigestQuote[] {
  const quotes: DigestQuote[] = [];
  for (const text of leadSentences(article.text, isBoilerplateAt)) {
    const quote = capLength(text);
    if (quotes.length === 1 && quotes[0]!.text.length + quote.length > MAX_QUOTES_CHARS) break;
    quotes.push({ text: quote, articleId: article.id });
    if (quotes.length === 2 || quote !== text) break;
  }
  return quotes;
}
