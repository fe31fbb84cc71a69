import { articleId } from "./article-id";
import { findDate, isDateLine, normaliseIsoDate } from "./dates";
import {
  bylineAuthor,
  isBareUrl,
  isHeadlineLike,
  isOutletName,
  isWireService,
  keyedValue,
  labelledUrl,
  outletDateLine,
  relatedLineOutlet,
  sourceLineValue,
} from "./line-shapes";
import { outletFromUrl } from "./outlet-names";
import { continues, normaliseLine } from "./paragraphs";
import { dropTrailingLinkLists, isBoilerplateLine, stripBoilerplate, type SourceLine } from "./strip-boilerplate";
import { stripMarkdownLine } from "./strip-markdown";
import type { ArticleOutcome } from "./types";

const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/** YAML front matter as flat `key: value` fields (lower-case keys, quotes dropped), and the text after it. */
function readFrontMatter(source: string): { fields: Map<string, string>; body: string } {
  const fields = new Map<string, string>();
  const match = FRONT_MATTER.exec(source);
  if (!match) return { fields, body: source };
  for (const line of match[1]!.split("\n")) {
    const field = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    const value = field && normaliseLine(field[2]!).replace(/^(["'])(.*)\1$/, "$2");
    if (field && value) fields.set(field[1]!.toLowerCase(), value);
  }
  return { fields, body: source.slice(match[0].length) };
}

function firstField(fields: Map<string, string>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = fields.get(key);
    if (value) return value;
  }
  return null;
}

/** The first line some reader recognises, read by it. */
function firstFound<T>(lines: SourceLine[], read: (text: string, index: number) => T | null): T | null {
  for (const [index, line] of lines.entries()) {
    const value = line.text ? read(line.text, index) : null;
    if (value !== null) return value;
  }
  return null;
}

function publishedFrom(value: string): string | null {
  return normaliseIsoDate(value) ?? findDate(value)?.date ?? null;
}

/** The headline: the first line that is not page furniture, when it reads like a headline and not like the start of a paragraph. */
function firstHeadline(lines: SourceLine[]): string | null {
  const index = lines.findIndex((line) => line.text !== "" && !isBoilerplateLine(line));
  const first = lines[index]?.text;
  const next = lines[index + 1]?.text;
  if (!first || !isHeadlineLike(first)) return null;
  return next && continues(first, next, null) ? null : first;
}

/** The publisher, crediting the wire it carries when that is another outlet: "TRT World (Reuters)". */
function creditWithWire(publisher: string | null, wire: string | null): string | null {
  if (publisher === null || wire === null) return publisher ?? wire;
  return publisher.toLowerCase() === wire.toLowerCase() ? publisher : `${publisher} (${wire})`;
}

/**
 * The index of an outlet's name on a line of its own just under the headline, as saved pages and copied articles
 * lay it out: "Headline / Island Courier / 28 November 2026". Only when a dateline or byline follows it, so a
 * short first line of the story is never taken for a name.
 */
function outletUnderTitle(lines: SourceLine[], title: string): number | null {
  const nonBlank = lines.flatMap((line, i) => (line.text === "" ? [] : [i]));
  const titleAt = nonBlank.findIndex((i) => lines[i]!.text === title);
  if (titleAt === -1) return null;
  const [candidate, after] = [nonBlank[titleAt + 1], nonBlank[titleAt + 2]];
  if (candidate === undefined || after === undefined || !isOutletName(lines[candidate]!.text)) return null;
  const next = lines[after]!.text;
  return isDateLine(next) || bylineAuthor(next) !== null ? candidate : null;
}

/**
 * An article from a `.txt` or `.md` file: scraped text (headline first, then datelines, captions,
 * body, trailers such as "Original url:"), a markdown article with `# Title` and `Date:`/`Source:`/
 * `URL:`/`Author:` lines, or one with YAML front matter.
 */
export function parseTextArticle(source: string, path: string): ArticleOutcome {
  const { fields, body } = readFrontMatter(source);
  const lines = dropTrailingLinkLists(body.split("\n").map(stripMarkdownLine));

  const title = firstField(fields, "title") ?? firstFound(lines, (text) => keyedValue(text, ["title"]) || null) ?? firstHeadline(lines);
  if (!title) return { error: "no title: put the headline on the first line (or a `# Title` line)" };

  const url =
    firstField(fields, "url", "link", "canonical_url", "canonical") ??
    firstFound(lines, (text, index) => {
      const labelled = labelledUrl(text);
      if (!labelled) return null;
      if (labelled.url) return labelled.url;
      const next = lines.slice(index + 1).find((line) => line.text !== "");
      return next && isBareUrl(next.text) ? next.text.replace(/^<|>$/g, "") : null;
    });
  const fieldDate = firstField(fields, "published", "date", "published_at");
  const published =
    (fieldDate ? publishedFrom(fieldDate) : null) ??
    firstFound(lines, (text) => (isDateLine(text) ? publishedFrom(keyedValue(text, ["date", "published"]) ?? text) : null)) ??
    firstFound(lines, (text) => outletDateLine(text)?.date ?? null);
  const author =
    firstField(fields, "author", "byline") ??
    firstFound(lines, (text) => keyedValue(text, ["author", "authors", "byline"]) || bylineAuthor(text));
  const nameUnderTitle = outletUnderTitle(lines, title);
  const sourceLine = firstFound(lines, sourceLineValue);
  const wire = sourceLine !== null && isWireService(sourceLine) ? sourceLine : null;
  const publisher =
    firstField(fields, "source", "outlet", "publisher") ??
    outletFromUrl(url) ??
    (wire === null ? sourceLine : null) ??
    firstFound(lines, (text) => outletDateLine(text)?.outlet ?? null) ??
    (nameUnderTitle === null ? null : lines[nameUnderTitle]!.text) ??
    firstFound(lines, relatedLineOutlet);
  const outlet = creditWithWire(publisher, wire);

  const paragraphs = stripBoilerplate(
    lines.map((line, i) => (i === nameUnderTitle ? { ...line, text: "" } : line)),
    title,
  );
  if (paragraphs.length === 0) return { error: "no article text: only a title and page furniture were found" };
  return {
    article: {
      id: articleId({ id: fields.get("id"), url, path }),
      title,
      text: paragraphs.join("\n\n"),
      url,
      published,
      source: outlet,
      author,
      path,
    },
  };
}
