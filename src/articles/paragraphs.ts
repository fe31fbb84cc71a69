import { endsSentence, startsLowercase } from "./line-shapes";

/** A line with its whitespace collapsed to single spaces and invisible format characters dropped. */
export function normaliseLine(text: string): string {
  return text
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The column a block was wrapped at by hand, when it looks wrapped: three or more lines, the
 * longest at most 100 characters, and most lines close to it.
 */
function wrapWidth(block: string[]): number | null {
  if (block.length < 3) return null;
  const width = Math.max(...block.map((line) => line.length));
  const full = block.slice(0, -1).filter((line) => line.length >= 0.8 * width).length;
  return width <= 100 && full >= (block.length - 1) / 2 ? width : null;
}

/**
 * True when line `next` carries on the paragraph of line `previous`. In text wrapped at `width`:
 * when `previous` stops mid-sentence, or the first word of `next` would not have fit on it.
 * Anywhere: when `previous` stops mid-sentence and `next` starts in lower case or `previous` ends
 * on a word no sentence ends on.
 */
export function continues(previous: string, next: string, width: number | null): boolean {
  if (width !== null) return !endsSentence(previous) || previous.length + 1 + next.split(" ")[0]!.length > width;
  return !endsSentence(previous) && (startsLowercase(next) || /\b(?:and|or|but|the|a|an|of|to|that|which|who)$/.test(previous));
}

/**
 * Paragraphs from normalised lines, an empty line being a blank one. Inside a block a line is a
 * paragraph of its own unless it continues the one before (hand-wrapped text, a stray break);
 * across a blank line a paragraph the scraper split mid-sentence is joined again
 * (`“They don't know` / `what the f*** they're doing."`).
 */
export function assembleParagraphs(lines: string[]): string[] {
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line !== "") blocks.at(-1)!.push(line);
    else if (blocks.at(-1)!.length > 0) blocks.push([]);
  }
  const paragraphs: string[] = [];
  let previous: string | null = null;
  for (const block of blocks) {
    const width = wrapWidth(block);
    block.forEach((line, i) => {
      if (previous !== null && continues(previous, line, i > 0 ? width : null)) {
        paragraphs[paragraphs.length - 1] += ` ${line}`;
      } else {
        paragraphs.push(line);
      }
      previous = line;
    });
  }
  return paragraphs;
}

/** The paragraph of a clean text (paragraphs separated by "\n\n", as parsing leaves them) around offset `at`. */
export function paragraphAt(text: string, at: number): string {
  const start = text.lastIndexOf("\n\n", at);
  const end = text.indexOf("\n\n", at);
  return text.slice(start === -1 ? 0 : start + 2, end === -1 ? text.length : end);
}

/**
 * A paragraph as two articles print "the same" one: lowercased letters and digits, diacritics folded, everything
 * else one space ("Zürich's “Tram”" → "zurich s tram"), so a curly quote or a dash of another kind still matches.
 */
export function paragraphKey(paragraph: string): string {
  return paragraph
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
