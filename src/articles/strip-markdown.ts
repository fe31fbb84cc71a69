import { normaliseLine } from "./paragraphs";
import type { SourceLine } from "./strip-boilerplate";

const DESTINATION = String.raw`\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\)`;
const IMAGE = new RegExp(String.raw`!\[[^\]]*\]${DESTINATION}`, "g");
const LINK = new RegExp(String.raw`\[([^\]]*)\]${DESTINATION}`, "g");
const AUTOLINK = /<((?:https?|mailto):[^>\s]+)>/g;
const BARE_URL = /\bhttps?:\/\/\S+/g;
const INLINE_CODE = /`([^`\n]+)`/g;
/**
 * Emphasis opens after a non-word character and closes before one, so "f***" or snake_case stay as
 * written. Its span is bounded so a long line full of asterisks cannot make the search quadratic.
 */
const EMPHASIS = /(^|[^\p{L}\p{N}*_\\])(\*{1,3}|_{1,3})(?=[^\s*_])(.{0,500}?[^\s*_\\])\2(?![\p{L}\p{N}*_])/gu;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!>])/g;
const RULE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;

function stripEmphasis(text: string): string {
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(EMPHASIS, "$1$3");
  }
  return text;
}

/** A teaser for another story after the sentences of a paragraph: "… on Wednesday. Read more: [Other story](…)". */
const TRAILING_TEASER = new RegExp(
  String.raw`(?<=[.!?…]["'”’)]*)\s+(?:read more|related|see also|also read|read also|more|watch)(?: articles?| stor(?:y|ies)| coverage)?\s*:?\s*(?:\[[^\]]*\]${DESTINATION}\s*)+$`,
  "i",
);

/** A link whose text is one of the article's own sentences (some pages link a whole sentence), not a teaser. */
function isLinkedSentence(line: string): boolean {
  const texts = [...line.matchAll(LINK)].map((match) => match[1]!.trim());
  return texts.length === 1 && /[.!?…]["'”’]?$/.test(texts[0]!) && (texts[0]!.match(/\S+/g)?.length ?? 0) >= 8;
}

/** True when a line is nothing but links (a related-story or navigation line), ignoring separators. */
function isOnlyLinks(line: string): boolean {
  if (!line.match(LINK) || isLinkedSentence(line)) return false;
  const rest = line.replace(LINK, "").replace(AUTOLINK, "").replace(BARE_URL, "");
  return /^[\s|·•,;:/\-–—*_>]*$/.test(rest);
}

/** One line of markdown (or markdown-flavoured scraped text) as normalised plain text: link text kept, syntax dropped. */
export function stripMarkdownLine(line: string): SourceLine {
  if (RULE.test(line)) return { text: "", isLinkOnly: false };
  const withoutImages = line.replace(IMAGE, "").replace(TRAILING_TEASER, "");
  const isLinkOnly = isOnlyLinks(withoutImages);
  const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(withoutImages);
  const text = stripEmphasis(
    (heading ? heading[1]! : withoutImages)
      .replace(/^\s*(?:>\s?)+/, "")
      .replace(/^\s*[-*+]\s+/, "")
      .replace(LINK, "$1")
      .replace(AUTOLINK, "$1")
      .replace(INLINE_CODE, "$1"),
  ).replace(ESCAPE, "$1");
  return { text: normaliseLine(text), isLinkOnly };
}
