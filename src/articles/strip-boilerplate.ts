import { isDateLine } from "./dates";
import {
  bylineAuthor,
  endsSentence,
  hasAtMostWords,
  isBareUrl,
  isCaptionWithCredit,
  isContributorLine,
  isCopyrightLine,
  isCreditLine,
  isGalleryLine,
  isHeadlineLike,
  isListedHeadline,
  isListLabel,
  isMetadataLine,
  isReadTimeLine,
  isRelatedLine,
  isSectionLabel,
  isSignOffLine,
  labelledUrl,
  outletDateLine,
  sourceLineValue,
} from "./line-shapes";
import { assembleParagraphs } from "./paragraphs";

/** One line of an article's body as scraped; an empty `text` is a blank line (a paragraph break). */
export interface SourceLine {
  /** Whitespace normalised (`normaliseLine`). */
  text: string;
  /** Nothing but links: a related-story or navigation line. */
  isLinkOnly: boolean;
}

/** A line that is page furniture whatever surrounds it. */
export function isBoilerplateLine({ text, isLinkOnly }: SourceLine): boolean {
  return (
    isLinkOnly ||
    isReadTimeLine(text) ||
    isSectionLabel(text) ||
    isListLabel(text) ||
    isRelatedLine(text) ||
    isCreditLine(text) ||
    isCaptionWithCredit(text) ||
    isGalleryLine(text) ||
    isSignOffLine(text) ||
    isContributorLine(text) ||
    bylineAuthor(text) !== null ||
    sourceLineValue(text) !== null ||
    labelledUrl(text) !== null ||
    isBareUrl(text) ||
    isDateLine(text) ||
    outletDateLine(text) !== null ||
    isCopyrightLine(text) ||
    isMetadataLine(text)
  );
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** An item of a box of story links: a headline, or furniture (a byline) found among them. */
function isListItem(line: SourceLine): boolean {
  return isListedHeadline(line.text) || isBoilerplateLine(line);
}

/**
 * Drops the box of unrelated headlines scraped pages end with: from a list label ("Explore",
 * "Most read") when everything after it is headlines, or, without a label, a closing run of three
 * or more headline lines with no blank line between them that follows prose (so a story that is
 * all short lines, a table of results, stays). Metadata is read after this, so a byline of a
 * listed story is not taken for the article's.
 */
export function dropTrailingLinkLists(lines: SourceLine[]): SourceLine[] {
  for (let i = 0; i < lines.length; i++) {
    if (isListLabel(lines[i]!.text) && lines.slice(i + 1).every((line) => line.text === "" || isListItem(line))) {
      return lines.slice(0, i);
    }
  }
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.text === "") end--;
  let start = end;
  while (start > 0 && lines[start - 1]!.text !== "" && isListItem(lines[start - 1]!)) start--;
  const headlines = lines.slice(start, end).filter((line) => !isBoilerplateLine(line)).length;
  const followsProse = lines.slice(0, start).some((line) => endsSentence(line.text));
  return headlines >= 3 && followsProse ? lines.slice(0, start) : lines.slice(0, end);
}

/**
 * Blanks every furniture line, repeated title and caption. Lines become blank rather than vanish
 * so the text on either side stays in separate paragraphs.
 */
function blankFurniture(lines: SourceLine[], title: string): string[] {
  const texts = lines.map((line) => line.text);
  const nearestText = (from: number, step: 1 | -1): number => {
    let i = from + step;
    while (i >= 0 && i < lines.length && lines[i]!.text === "") i += step;
    return i >= 0 && i < lines.length ? i : -1;
  };
  lines.forEach((line, i) => {
    if (line.text === "" || !(sameText(line.text, title) || isBoilerplateLine(line))) return;
    texts[i] = "";
    // A caption sits just above its credit; it is short and not a sentence.
    const above = nearestText(i, -1);
    if (isCreditLine(line.text) && above >= 0 && !endsSentence(lines[above]!.text) && hasAtMostWords(lines[above]!.text, 30)) {
      texts[above] = "";
    }
    // The headlines listed under a label in the same block go with it.
    if (isListLabel(line.text)) {
      for (let j = i + 1; j < lines.length && lines[j]!.text !== "" && isHeadlineLike(lines[j]!.text); j++) texts[j] = "";
    }
  });
  return texts;
}

/** Paragraphs shorter than this may repeat legitimately (rows of a table of results). */
const MIN_REPEATED_WORDS = 10;

/**
 * Drops a paragraph that repeats an earlier one (a standfirst shown twice), together with a
 * headline just above the repeat: a teaser card is a headline plus a standfirst.
 */
function dropRepeats(paragraphs: string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const key = paragraph.toLowerCase();
    if (hasAtMostWords(paragraph, MIN_REPEATED_WORDS - 1) || !seen.has(key)) {
      seen.add(key);
      kept.push(paragraph);
    } else if (kept.length > 0 && isHeadlineLike(kept.at(-1)!) && hasAtMostWords(kept.at(-1)!, 15)) {
      kept.pop();
    }
  }
  return kept;
}

/**
 * The article's own paragraphs from the lines of a scraped page (after `dropTrailingLinkLists`):
 * page furniture, captions, credits, datelines, repeated titles and standfirsts removed; the
 * article's words and punctuation otherwise kept exactly.
 */
export function stripBoilerplate(lines: SourceLine[], title: string): string[] {
  return dropRepeats(assembleParagraphs(blankFurniture(lines, title)));
}
