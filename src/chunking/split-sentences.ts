import { wordCount } from "../articles/line-shapes";

export interface SentenceSpan {
  /** Offset of the first character in the text split. */
  start: number;
  /** Offset just past the last character; `text === source.slice(start, end)`. */
  end: number;
  text: string;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
/** V8's segmenter slows down more than linearly with input length, so it reads windows this long. */
const SEGMENT_WINDOW = 4000;

/**
 * Words whose full stop marks an abbreviation, not a sentence end (case matters: "No." is not "no."). "v." is a
 * court case's ("Roe v. Wade"), written 1,447 times in the RealTimeQA 2022–24 search results.
 */
const ABBREVIATIONS = new Set([
  "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Sgt", "Cpl",
  "Adm", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Supt", "Det", "Insp", "Gens", "Sens", "Reps",
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
  "v", "vs", "approx", "Fig", "Dept", "Ave", "Blvd",
]);
/** Abbreviations that stand before a number ("No. 10"), and only there. */
const NUMBER_ABBREVIATIONS = new Set(["No", "Nos", "Vol", "Art", "Para"]);
/** Words beyond this stop a quote-balancing merge, so one stray quote mark cannot swallow a paragraph. */
const MAX_QUOTE_MERGE_WORDS = 80;

/** True when a sentence break after `before` is really an abbreviation inside a sentence going on with `after`. */
function endsWithAbbreviation(before: string, after: string): boolean {
  const token = /(\S+)\.$/u.exec(before)?.[1]?.replace(/^[^\p{L}]+/u, "");
  if (!token) return false;
  if (ABBREVIATIONS.has(token)) return true;
  if (NUMBER_ABBREVIATIONS.has(token)) return /^\d/.test(after);
  // Dotted initials and acronyms: "U.S.", "a.m.", "e.g.", "Donald J. Trump".
  return /^(?:\p{L}\.)+\p{L}$/u.test(token) || /^\p{Lu}$/u.test(token);
}

/**
 * ICU ends a sentence at every "?" and "!", also inside one: '"Are you OK?" she asked.', "the most popular
 * (pup-ular?) dog breed of 2022". What follows goes on with it when it opens in lower case; not "iPhone" or "eBay",
 * whose capital comes second.
 */
function continuesAfterQuestionMark(before: string, after: string): boolean {
  return /[?!]["”’')\]]*$/u.test(before) && /^\p{Ll}(?!\p{Lu})/u.test(after);
}

function isQuoteOpen(text: string): boolean {
  return (text.match(/["“”]/g)?.length ?? 0) % 2 === 1;
}

/**
 * A sentence longer than a window is read again in a window twice as long, up to this: cut at a window's
 * edge it would become pieces starting or ending mid-word, quotable as if they were whole sentences.
 */
const MAX_SENTENCE_WINDOW = 32_000;

/**
 * ICU's sentence segments of `text` as `[start, end)` offsets, read window by window: the last
 * segment of a window may be cut short, so the next window starts where it starts. A single segment
 * filling a window is read again in a longer window; past the longest, it is cut at a space.
 */
function segmentSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (let offset = 0, size = SEGMENT_WINDOW; offset < text.length; ) {
    const window = text.slice(offset, offset + size);
    const segments = Array.from(segmenter.segment(window));
    const isLast = offset + window.length >= text.length;
    if (!isLast && segments.length === 1) {
      if (size < MAX_SENTENCE_WINDOW) {
        size *= 2;
        continue;
      }
      const space = window.search(/\s\S*$/);
      const end = space > 0 ? space + 1 : window.length;
      spans.push({ start: offset, end: offset + end });
      offset += end;
      size = SEGMENT_WINDOW;
      continue;
    }
    const complete = isLast ? segments : segments.slice(0, -1);
    for (const { segment, index } of complete) spans.push({ start: offset + index, end: offset + index + segment.length });
    offset = spans.at(-1)!.end;
    size = SEGMENT_WINDOW;
  }
  return spans;
}

/**
 * The sentences of `text` as trimmed spans with offsets into it. Built on the ICU sentence rules
 * (Intl.Segmenter), which keep closing quotes with their sentence; segments are then merged where
 * ICU splits after an abbreviation ("U.S. President", "Mr. Smith") and across an open quotation
 * ("NOT DROP THOSE BOMBS. IF YOU DO IT …!") or after a "?" or "!" the sentence goes on from ('"Why?" she asked.').
 * A line break always ends a sentence.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: { start: number; end: number }[] = [];
  for (const segment of segmentSpans(text)) {
    const piece = text.slice(segment.start, segment.end);
    const start = segment.start + (piece.length - piece.trimStart().length);
    const end = segment.start + piece.trimEnd().length;
    if (end > start) spans.push({ start, end });
  }

  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    if (previous && !text.slice(previous.end, span.start).includes("\n")) {
      const before = text.slice(previous.start, previous.end);
      const after = text.slice(span.start, span.end);
      const inQuote = isQuoteOpen(before) && wordCount(before) + wordCount(after) <= MAX_QUOTE_MERGE_WORDS;
      if (endsWithAbbreviation(before, after) || inQuote || continuesAfterQuestionMark(before, after)) {
        previous.end = span.end;
        continue;
      }
    }
    merged.push({ ...span });
  }
  return merged.map(({ start, end }) => ({ start, end, text: text.slice(start, end) }));
}
